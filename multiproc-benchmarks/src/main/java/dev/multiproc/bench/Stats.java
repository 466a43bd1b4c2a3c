package dev.multiproc.bench;

import java.util.Arrays;
import java.util.List;

/** The statistics of the Python baselines' {@code common.py}, computed the same way. */
final class Stats {
  private Stats() {}

  /** Python's {@code statistics.median}: the middle value, or the mean of the two middle ones. */
  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
  }

  /** {@link #median(double[])} of a list. */
  static double median(List<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** Python's {@code statistics.median} of already sorted longs. */
  static double medianSorted(long[] sorted) {
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  /** {@code common.pct}: the nearest-rank percentile of already sorted values. */
  static double percentileSorted(long[] sorted, double p) {
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    // Python: int(round(p / 100.0 * n + 0.5)) - 1; round() there is round-half-even.
    int k = (int) Math.rint(p / 100.0 * n + 0.5) - 1;
    return sorted[Math.max(0, Math.min(n - 1, k))];
  }

  /** The mean of longs. */
  static double mean(long[] values) {
    double sum = 0;
    for (long v : values) {
      sum += v;
    }
    return values.length == 0 ? Double.NaN : sum / values.length;
  }
}
