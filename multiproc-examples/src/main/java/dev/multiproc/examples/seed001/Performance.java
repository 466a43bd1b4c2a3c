package dev.multiproc.examples.seed001;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.ProcessPoolExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Seed 001, §9 "Performance Optimization Strategies": 9.1 the same 20 tasks on executors of 1, 2,
 * 4, 8 and {@code cpu_count()} processes ({@link #processCountMain}); 9.2 {@code map} over 10,000
 * items without and with {@code chunksize=100} ({@link #chunkingMain}).
 *
 * <p>Differences: 9.1 also checks every result ({@code cpu_bound_task(100000)} is {@code
 * 333328333350000}) and prints whether all were right; each time includes starting that many
 * JVMs, which is most of it here. In 9.2 the tutorial's "no chunking" run is not one: Python's
 * {@code map} without a chunk size uses {@code ceil(len / (4 * processes))} items per task
 * (1,250 here on 2 cores), and so does this library; the example adds the run the tutorial meant,
 * {@code chunksize=1}, and checks that the three give the same results.
 */
public final class Performance {
  private Performance() {}

  /**
   * CPU-intensive task for benchmarking. Python: {@code cpu_bound_task(n)}.
   *
   * @param n how many squares to add
   * @return the sum of {@code i * i} for {@code i < n}
   */
  public static long cpuBoundTask(int n) {
    long total = 0;
    for (long i = 0; i < n; i++) {
      total += i * i;
    }
    return total;
  }

  /**
   * Finds the best number of processes for this machine. Python: {@code
   * benchmark_process_count()}.
   */
  public static void benchmarkProcessCount() {
    int taskSize = 100_000;
    int numTasks = 20;
    boolean allRight = true;

    System.out.println("CPU count: " + Multiprocessing.cpuCount());
    System.out.println("Benchmarking different process counts...");

    for (int numProcesses : List.of(1, 2, 4, 8, Multiprocessing.cpuCount())) {
      double startTime = Time.time();
      List<Long> results = new ArrayList<>();
      try (ProcessPoolExecutor executor = Multiprocessing.local().executor(numProcesses)) {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < numTasks; i++) {
          futures.add(executor.submit(Performance::cpuBoundTask, taskSize));
        }
        for (CompletableFuture<Long> future : futures) {
          results.add(future.join());
        }
      }
      double executionTime = Time.time() - startTime;
      System.out.printf("Processes: %2d, Time: %.2fs%n", numProcesses, executionTime);
      allRight &= results.stream().allMatch(r -> r == 333_328_333_350_000L);
    }
    System.out.println("All results right: " + allRight);
  }

  /**
   * Runs 9.1's example.
   *
   * @param args ignored
   */
  public static void processCountMain(String[] args) {
    benchmarkProcessCount();
  }

  /**
   * Python: {@code simple_task(x)}.
   *
   * @param x a number
   * @return its square
   */
  public static int simpleTask(int x) {
    return x * x;
  }

  /**
   * Compares chunked and non-chunked processing. Python: {@code chunk_vs_no_chunk_comparison()}.
   */
  public static void chunkVsNoChunkComparison() {
    List<Integer> data = IntStream.range(0, 10_000).boxed().toList();

    // Method 1: "No chunking" (Python's default chunk size)
    double startTime = Time.time();
    List<Integer> results1;
    try (Pool pool = Multiprocessing.local().pool()) {
      results1 = pool.map(Performance::simpleTask, data);
    }
    double time1 = Time.time() - startTime;

    // Method 2: With chunking (fewer larger tasks)
    startTime = Time.time();
    List<Integer> results2;
    try (Pool pool = Multiprocessing.local().pool()) {
      results2 = pool.map(Performance::simpleTask, data, 100);
    }
    double time2 = Time.time() - startTime;

    // What "no chunking" really is: one item per task
    startTime = Time.time();
    List<Integer> results3;
    try (Pool pool = Multiprocessing.local().pool()) {
      results3 = pool.map(Performance::simpleTask, data, 1);
    }
    double time3 = Time.time() - startTime;

    System.out.printf("No chunking: %.3fs%n", time1);
    System.out.printf("With chunking: %.3fs%n", time2);
    System.out.printf("Improvement: %.2fx%n", time1 / time2);
    System.out.printf("One item per task: %.3fs%n", time3);
    System.out.println(
        "Results match: " + (results1.equals(results2) && results2.equals(results3)));
  }

  /**
   * Runs 9.2's example.
   *
   * @param args ignored
   */
  public static void chunkingMain(String[] args) {
    chunkVsNoChunkComparison();
  }
}
