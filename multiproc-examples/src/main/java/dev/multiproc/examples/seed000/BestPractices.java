package dev.multiproc.examples.seed000;

import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

/**
 * Seed 000, §9 "Process Pool Best Practices": a) one process per CPU core and b) the pool in a
 * try-with-resources block ({@link #cpuCountMain}); c) a chunk size for a large list ({@link
 * #chunksizeMain}); d) {@code map_async} with an error callback ({@link #errorCallbackMain}).
 *
 * <p>Differences: the tutorial leaves {@code items} and {@code large_list} undefined: here {@code
 * items} is {@code [1, 2, 3, 4]}, and {@code large_list} is 0..9999 with a task that squares
 * (§6's {@code process_item} on 10,000 items would take minutes). Try-with-resources closes the
 * pool: queued tasks finish and the workers exit, also when an exception leaves the block
 * (Python's {@code with} terminates the workers). In d) the failing item is {@code -3} ({@link
 * IntroducingPools#processItem} rejects negative items; Python's {@code range(-3000000)} is just
 * empty). Python's {@code error_callback=} is a {@code whenComplete} on the result's {@link
 * CompletableFuture}; the example waits on the future that stage returns, so the callback has
 * run before {@code get()} throws, as in Python, where {@code get()} raises the task's error.
 */
public final class BestPractices {
  private BestPractices() {}

  /**
   * a) and b): a pool of {@code cpu_count()} processes, in try-with-resources.
   *
   * @param args ignored
   */
  public static void cpuCountMain(String[] args) {
    // Get the number of available CPU cores
    int cpuCount = Multiprocessing.cpuCount();
    System.out.println("Number of CPU cores: " + cpuCount);

    List<Integer> items = List.of(1, 2, 3, 4);
    // Create a pool with one process per CPU core
    try (Pool pool = Multiprocessing.local().pool(cpuCount)) {
      List<BigInteger> results = pool.map(IntroducingPools::processItem, items);
      System.out.println("Results: " + results);
    }
  }

  /**
   * Python: the task for the large list.
   *
   * @param x a number
   * @return its square
   */
  public static int square(int x) {
    return x * x;
  }

  /**
   * c): items in chunks of 100.
   *
   * @param args ignored
   */
  public static void chunksizeMain(String[] args) {
    List<Integer> largeList = IntStream.range(0, 10_000).boxed().toList();
    // Process items in chunks of 100
    try (Pool pool = Multiprocessing.local().pool(4)) {
      List<Integer> results = pool.map(BestPractices::square, largeList, 100);
      System.out.println(
          "Results: " + results.size() + " squares, the last " + results.get(results.size() - 1));
    }
  }

  /**
   * Python: {@code error_callback(error)}.
   *
   * @param error what the task threw
   */
  public static void errorCallback(Throwable error) {
    Throwable e =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    System.out.println("An error occurred: " + e);
  }

  /**
   * d): a failing task, reported by the error callback and by {@code get()}.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while waiting
   */
  public static void errorCallbackMain(String[] args) throws InterruptedException {
    List<Integer> items = List.of(1, 2, -3, 4);
    try (Pool pool = Multiprocessing.local().pool(4)) {
      AsyncResult<List<BigInteger>> result = pool.mapAsync(IntroducingPools::processItem, items);
      CompletableFuture<List<BigInteger>> reported =
          result
              .toCompletableFuture()
              .whenComplete(
                  (results, error) -> {
                    if (error != null) {
                      errorCallback(error);
                    }
                  });
      try {
        List<BigInteger> results = reported.get(); // Will raise the first error encountered
        System.out.println("Results: " + results);
      } catch (ExecutionException e) {
        System.out.println("get() raised: " + e.getCause());
      }
    }
  }
}
