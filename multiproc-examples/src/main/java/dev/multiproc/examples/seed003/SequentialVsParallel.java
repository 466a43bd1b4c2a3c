package dev.multiproc.examples.seed003;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.pool.Pool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Seed 003, "Practical: Sequential vs Parallel Execution": a CPU-bound function over eight inputs,
 * sequentially and then with {@code Pool.map} on four workers; times, speedup, and whether the
 * results match.
 *
 * <p>Differences: Java runs this loop far faster than CPython, so each input is 2·10^7 rather than
 * 2·10^6; a {@code long} wraps where Python's integers grow (the same in every process, so the
 * results still match). The parallel time includes starting the pool, as the notebook's does; on a
 * machine with two cores, or with other programs busy, the speedup can be below 1 ("Process
 * Startup Overhead"): {@code multiproc demo} measures it with warm workers.
 */
public final class SequentialVsParallel {
  private SequentialVsParallel() {}

  /**
   * A CPU-bound task: sum of squares up to n. Python: {@code cpu_bound_task(n)}.
   *
   * @param n how many squares
   * @return the sum of {@code i * i} for {@code i < n}, modulo 2^64
   */
  public static long cpuBoundTask(long n) {
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
    List<Long> workload = Collections.nCopies(8, 20_000_000L);

    // Sequential execution
    double start = Time.time();
    List<Long> sequentialResults = new ArrayList<>();
    for (long n : workload) {
      sequentialResults.add(cpuBoundTask(n));
    }
    double sequentialTime = Time.time() - start;

    // Parallel execution
    start = Time.time();
    List<Long> parallelResults;
    try (Pool pool = Multiprocessing.local().pool(4)) {
      parallelResults = pool.map(SequentialVsParallel::cpuBoundTask, workload);
    }
    double parallelTime = Time.time() - start;

    System.out.printf("Sequential time: %.3fs%n", sequentialTime);
    System.out.printf("Parallel time:   %.3fs%n", parallelTime);
    System.out.printf("Speedup:         %.2fx%n", sequentialTime / parallelTime);
    System.out.println("Results match:   " + sequentialResults.equals(parallelResults));
  }
}
