package dev.multiproc.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/** Counts per backend and suite, and the summary table printed at the end of a run. */
final class Tally {
  /** What happened to one test. */
  enum Outcome {
    PASSED,
    KNOWN_FAILING,
    NOT_APPLICABLE,
    FAILED,
    FIXED
  }

  private record Key(String backend, String suite) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = backend.compareTo(o.backend);
      return c != 0 ? c : suite.compareTo(o.suite);
    }
  }

  private final Map<Key, Map<Outcome, Integer>> counts = new TreeMap<>();

  synchronized void add(String backend, String suite, Outcome outcome) {
    counts
        .computeIfAbsent(new Key(backend, suite), k -> new EnumMap<>(Outcome.class))
        .merge(outcome, 1, Integer::sum);
  }

  synchronized boolean isEmpty() {
    return counts.isEmpty();
  }

  /** The table: run (= passed + failing), pass, known-failing, n.a., new failures, fixed. */
  synchronized List<String> table(String title) {
    List<String> lines = new ArrayList<>();
    String format = "%-16s %-26s %6s %6s %7s %6s %9s %6s";
    lines.add(title);
    lines.add(
        String.format(
            format, "backend", "suite", "run", "pass", "known", "n.a.", "new-fail", "fixed"));
    Map<Outcome, Integer> total = new EnumMap<>(Outcome.class);
    counts.forEach(
        (key, c) -> {
          lines.add(row(format, key.backend(), key.suite(), c));
          c.forEach((outcome, n) -> total.merge(outcome, n, Integer::sum));
        });
    lines.add(row(format, "total", "", total));
    return lines;
  }

  private static String row(
      String format, String backend, String suite, Map<Outcome, Integer> counts) {
    ToIntFunction<Outcome> c = outcome -> counts.getOrDefault(outcome, 0);
    int run =
        c.applyAsInt(Outcome.PASSED)
            + c.applyAsInt(Outcome.KNOWN_FAILING)
            + c.applyAsInt(Outcome.FAILED)
            + c.applyAsInt(Outcome.FIXED);
    return String.format(
        format,
        backend,
        suite,
        run,
        c.applyAsInt(Outcome.PASSED) + c.applyAsInt(Outcome.FIXED),
        c.applyAsInt(Outcome.KNOWN_FAILING),
        c.applyAsInt(Outcome.NOT_APPLICABLE),
        c.applyAsInt(Outcome.FAILED),
        c.applyAsInt(Outcome.FIXED));
  }

  /** Appends lines to a file under {@code target/conformance}. */
  static void write(String file, List<String> lines, boolean append) {
    try {
      Path dir = Path.of("target", "conformance");
      Files.createDirectories(dir);
      Files.write(
          dir.resolve(file),
          lines,
          append
              ? new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND}
              : new StandardOpenOption[] {
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
