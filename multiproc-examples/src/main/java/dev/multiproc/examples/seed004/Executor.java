package dev.multiproc.examples.seed004;

import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.ProcessPoolExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Seed 004, "ProcessPoolExecutor": tasks submitted one by one, their results taken as they
 * complete, then the same work with {@code map} for ordered results.
 *
 * <p>Differences: {@link ProcessPoolExecutor} is a {@code java.util.concurrent.ExecutorService}
 * whose {@code submit} returns a {@link CompletableFuture}; Python's {@code as_completed} is the
 * small {@link #asCompleted} below. The tasks are 10^7 squares rather than 10^6, since Java runs
 * the loop much faster; a {@code long} wraps where Python's integers grow.
 */
public final class Executor {
  private Executor() {}

  /**
   * Python: {@code compute(n)}.
   *
   * @param n how many squares to add
   * @return the sum of {@code i * i} for {@code i < n}, modulo 2^64
   */
  public static long compute(long n) {
    long total = 0;
    for (long i = 0; i < n; i++) {
      total += i * i;
    }
    return total;
  }

  /**
   * Returns the futures in the order they complete. Python: {@code
   * concurrent.futures.as_completed(futures)}.
   *
   * @param futures the futures
   * @param <T> the result type
   * @return the same futures, each once, as they complete
   * @throws InterruptedException if interrupted while waiting
   */
  public static <T> List<CompletableFuture<T>> asCompleted(List<CompletableFuture<T>> futures)
      throws InterruptedException {
    BlockingQueue<CompletableFuture<T>> done = new LinkedBlockingQueue<>();
    for (CompletableFuture<T> f : futures) {
      f.whenComplete((r, e) -> done.add(f));
    }
    List<CompletableFuture<T>> inOrder = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      inOrder.add(done.take());
    }
    return inOrder;
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a task fails
   */
  public static void main(String[] args) throws Exception {
    List<Long> numbers = List.of(10_000_000L, 10_000_000L, 10_000_000L, 10_000_000L);

    try (ProcessPoolExecutor executor = Multiprocessing.local().executor(4)) {
      // Submit individual tasks
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (long n : numbers) {
        futures.add(executor.submit(Executor::compute, n));
      }

      // Process results as they complete
      for (CompletableFuture<Long> future : asCompleted(futures)) {
        System.out.println("Result: " + future.get());
      }

      // Or use map for ordered results
      List<Long> results = new ArrayList<>();
      executor.map(Executor::compute, numbers).forEach(results::add);
      System.out.println("All results: " + results);
    }
  }
}
