package dev.multiproc.bench;

/**
 * The task functions the side-by-side benchmark sends to worker JVMs: the Java twins of the
 * module-level functions in the Python baselines' {@code common.py}. They are static methods so
 * that method references to them ({@code BenchTasks::inc}) serialize as small, non-capturing
 * lambdas, as a Python module-level function pickles by name.
 */
public final class BenchTasks {
  private BenchTasks() {}

  /** Does nothing: the target of the process start benchmark. Python: {@code noop()}. */
  public static void noop() {}

  /**
   * Returns {@code x + 1}. Python: {@code inc(x)}.
   *
   * @param x a number
   * @return {@code x + 1}
   */
  public static Integer inc(Integer x) {
    return x + 1;
  }

  /**
   * Returns {@code x * x}, as a {@code long} because the squares of a million items overflow an
   * {@code int}. Python: {@code square(x)}.
   *
   * @param x a number
   * @return its square
   */
  public static Long square(Integer x) {
    long v = x;
    return v * v;
  }

  /**
   * The CPU-bound task: {@code sum(i * i for i in range(n))}, wrapping around on overflow (Python's
   * integers do not wrap; the value only serves to check that parent and workers agree).
   *
   * @param n how many terms
   * @return the sum
   */
  public static Long work(Long n) {
    long sum = 0;
    long end = n;
    for (long i = 0; i < end; i++) {
      sum += i * i;
    }
    return sum;
  }

  /**
   * Times {@code work(n)} where it runs (in a worker when sent to a pool).
   *
   * @param n how many terms
   * @return the elapsed time in nanoseconds
   */
  public static Long timedWork(Long n) {
    long t0 = System.nanoTime();
    long v = work(n);
    long elapsed = System.nanoTime() - t0;
    sink = v;
    return elapsed;
  }

  /**
   * Times {@code work(n)} run {@code times} times in a row where it runs: the sequential baseline
   * of the CPU-bound benchmark, measured in a worker JVM so that it runs the same JIT-compiled
   * code with the same JVM flags as the pool's tasks.
   *
   * @param nAndTimes {@code {n, times}}
   * @return the elapsed time in nanoseconds
   */
  public static Long timedRepeat(long[] nAndTimes) {
    long t0 = System.nanoTime();
    long v = 0;
    for (long i = 0; i < nAndTimes[1]; i++) {
      v += work(nAndTimes[0]);
    }
    long elapsed = System.nanoTime() - t0;
    sink = v;
    return elapsed;
  }

  /** Keeps the timed sums alive so that the JIT cannot drop their loops. */
  @SuppressWarnings("unused")
  private static volatile long sink;

  /**
   * Runs {@link #work} often enough that the JIT compiles it fully, the way the parent JVM does
   * before it calibrates the CPU-bound benchmark, so that parent and workers run the same code.
   *
   * @param ignored the item of the {@code map} that sends it to each worker
   * @return a checksum, so that the calls cannot be optimized away
   */
  public static Long warmUpWork(Integer ignored) {
    long acc = 0;
    for (int i = 0; i < 20_000; i++) {
      acc += work(1_000L);
    }
    for (int i = 0; i < 10; i++) {
      acc += work(1_000_000L);
    }
    return acc;
  }
}
