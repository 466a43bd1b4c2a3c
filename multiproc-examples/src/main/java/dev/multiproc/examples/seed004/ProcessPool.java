package dev.multiproc.examples.seed004;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.pool.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004, "Process Pool": a CPU-bound function over four inputs, sequentially and then on a
 * pool of 4.
 *
 * <p>Differences: Java runs this loop about a hundred times faster than CPython, so {@code n} is
 * 2·10^7 instead of 10^6 to give each task some tens of milliseconds of work; a {@code long} wraps
 * where Python's integers grow, which changes the sums, not the work. The parallel time includes
 * starting the pool's worker JVMs, as the tutorial's includes starting its processes; with four
 * short tasks that start-up can outweigh the gain (the tutorial's "Process Startup Overhead").
 */
public final class ProcessPool {
  private ProcessPool() {}

  /**
   * Simulate CPU-bound work. Python: {@code cpu_intensive(n)}.
   *
   * @param n how many squares to add
   * @return the sum of {@code i * i} for {@code i < n}, modulo 2^64
   */
  public static long cpuIntensive(long n) {
    long total = 0;
    for (long i = 0; i < n; i++) {
      total += i * i;
    }
    return total;
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    List<Long> numbers = List.of(20_000_000L, 20_000_000L, 20_000_000L, 20_000_000L);

    // Sequential execution
    double start = Time.time();
    List<Long> results = new ArrayList<>();
    for (long n : numbers) {
      results.add(cpuIntensive(n));
    }
    System.out.printf("Sequential: %.2fs%n", Time.time() - start);

    // Parallel execution with Pool
    start = Time.time();
    List<Long> parallel;
    try (Pool pool = Multiprocessing.local().pool(4)) {
      parallel = pool.map(ProcessPool::cpuIntensive, numbers);
    }
    System.out.printf("Parallel: %.2fs%n", Time.time() - start);
    System.out.println("Results match: " + results.equals(parallel));
  }
}
