package dev.multiproc.examples.seed001;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import java.util.List;

/**
 * Seed 001, §4 "Process Pool: Managing Multiple Processes": eight squares sequentially and on a
 * pool of 4, with the speedup ({@link #speedupMain}); then "Pool Methods Comparison": {@code map},
 * {@code map_async}, {@code imap} and {@code apply} on a pool of 2 ({@link #methodsMain}).
 *
 * <p>Differences: none in behaviour (the tutorial's first program forgets {@code import os};
 * {@code os.getpid()} is {@link Time#getpid()}). The sequential run prints the main process's pid,
 * the pool's run the workers' pids. {@code pool.apply(process_item, (10,))} takes the argument
 * itself.
 */
public final class PoolBasics {
  private PoolBasics() {}

  /**
   * CPU-intensive function to demonstrate parallelism. Python: {@code square_number(n)}.
   *
   * @param n a number
   * @return its square
   */
  public static int squareNumber(int n) {
    System.out.println("Processing " + n + " in process " + Time.getpid());
    Time.sleep(0.1); // Simulate work
    return n * n;
  }

  /**
   * Python: {@code demonstrate_pool()}.
   */
  public static void demonstratePool() {
    List<Integer> numbers = List.of(1, 2, 3, 4, 5, 6, 7, 8);

    // Sequential execution
    double startTime = Time.time();
    List<Integer> sequentialResults = numbers.stream().map(PoolBasics::squareNumber).toList();
    double sequentialTime = Time.time() - startTime;

    // Parallel execution with Pool
    startTime = Time.time();
    List<Integer> parallelResults;
    try (Pool pool = Multiprocessing.local().pool(4)) {
      parallelResults = pool.map(PoolBasics::squareNumber, numbers);
    }
    double parallelTime = Time.time() - startTime;

    System.out.printf("Sequential: %.2fs%n", sequentialTime);
    System.out.printf("Parallel: %.2fs%n", parallelTime);
    System.out.printf("Speedup: %.2fx%n", sequentialTime / parallelTime);
    System.out.println(
        "Results: "
            + parallelResults
            + ", same as sequential: "
            + parallelResults.equals(sequentialResults));
  }

  /**
   * Runs the speedup example.
   *
   * @param args ignored
   */
  public static void speedupMain(String[] args) {
    demonstratePool();
  }

  /**
   * Python: {@code process_item(item)}.
   *
   * @param item a number
   * @return its square
   */
  public static int processItem(int item) {
    return item * item;
  }

  /**
   * Runs the pool methods comparison.
   *
   * @param args ignored
   * @throws Exception if a task fails
   */
  public static void methodsMain(String[] args) throws Exception {
    List<Integer> data = List.of(1, 2, 3, 4, 5);

    try (Pool pool = Multiprocessing.local().pool(2)) {
      // map(): Blocks until all results are ready
      List<Integer> results1 = pool.map(PoolBasics::processItem, data);
      System.out.println("map() results: " + results1);

      // map_async(): Non-blocking, returns AsyncResult object
      AsyncResult<List<Integer>> asyncResult = pool.mapAsync(PoolBasics::processItem, data);
      // Do other work here...
      List<Integer> results2 = asyncResult.get(); // Block when you need results
      System.out.println("map_async() results: " + results2);

      // imap(): Returns iterator, processes lazily
      for (int result : pool.imap(PoolBasics::processItem, data)) {
        System.out.println("imap() result: " + result); // Results come as ready
      }

      // apply(): Single function call
      int singleResult = pool.apply(PoolBasics::processItem, 10);
      System.out.println("apply() result: " + singleResult);
    }
  }
}
