package dev.multiproc.bench;

import java.util.List;

/**
 * One figure as the Python baselines report it: the median over rounds, the spread over rounds
 * and the number of rounds.
 *
 * @param unit the unit, as in the Python scripts ({@code ms}, {@code us}, {@code tasks/s},
 *     {@code items/s}, {@code x})
 * @param median the median over rounds
 * @param min the lowest round
 * @param max the highest round
 * @param rounds the number of rounds
 */
record Measurement(String unit, double median, double min, double max, int rounds) {

  /** Summarizes per-round values as {@code common.summarize} does. */
  static Measurement of(String unit, List<Double> perRound) {
    if (perRound.isEmpty()) {
      throw new IllegalArgumentException("no rounds: unit=" + unit);
    }
    double min = perRound.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double max = perRound.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    return new Measurement(unit, Stats.median(perRound), min, max, perRound.size());
  }
}
