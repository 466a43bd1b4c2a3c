package dev.multiproc.bench;

import org.jspecify.annotations.Nullable;

/**
 * One line of the side-by-side table: which Python figure is compared with which Java figure,
 * which way is better, and the target the Java figure must meet.
 *
 * @param bench the benchmark id, such as {@code b03}
 * @param label what the line shows
 * @param pythonMetric the {@code metric} of the Python JSON line, or null when Python has none
 * @param javaMetric the key of the Java figure in what {@link JavaSide} returned
 * @param lowerIsBetter whether a smaller value is better (times) or a larger one (rates, speedups)
 * @param target the target, or null when there is none
 */
record Figure(
    String bench,
    String label,
    @Nullable String pythonMetric,
    String javaMetric,
    boolean lowerIsBetter,
    @Nullable Target target) {

  /**
   * A target for the Java figure.
   *
   * @param kind what is compared
   * @param bound the bound
   * @param text how the target reads in the table
   */
  record Target(Kind kind, double bound, String text) {
    /** What a target bounds. */
    enum Kind {
      /** The advantage of Java over Python (see {@link Figure#advantage}) is at least the bound. */
      ADVANTAGE_AT_LEAST,
      /** The Java median is at most the bound. */
      JAVA_AT_MOST,
      /** The Java median is at least the bound. */
      JAVA_AT_LEAST
    }

    /** Java must be at least {@code factor} times better than Python. */
    static Target advantage(double factor, String text) {
      return new Target(Kind.ADVANTAGE_AT_LEAST, factor, text);
    }

    /** The Java median must be at most {@code bound}. */
    static Target javaAtMost(double bound, String text) {
      return new Target(Kind.JAVA_AT_MOST, bound, text);
    }

    /** The Java median must be at least {@code bound}. */
    static Target javaAtLeast(double bound, String text) {
      return new Target(Kind.JAVA_AT_LEAST, bound, text);
    }

    /** Whether the target is met; null when it cannot be told (no Python figure). */
    @Nullable Boolean met(@Nullable Measurement python, Measurement java, boolean lowerIsBetter) {
      return switch (kind) {
        case JAVA_AT_MOST -> java.median() <= bound;
        case JAVA_AT_LEAST -> java.median() >= bound;
        case ADVANTAGE_AT_LEAST ->
            python == null ? null : Figure.advantage(python, java, lowerIsBetter) >= bound;
      };
    }
  }

  /**
   * How many times better Java is than Python: Python/Java for times, Java/Python for rates and
   * speedups; above 1 means Java is better.
   */
  static double advantage(Measurement python, Measurement java, boolean lowerIsBetter) {
    return lowerIsBetter ? python.median() / java.median() : java.median() / python.median();
  }
}
