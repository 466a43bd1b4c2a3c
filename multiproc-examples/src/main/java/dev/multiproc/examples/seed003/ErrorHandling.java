package dev.multiproc.examples.seed003;

import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Seed 003, "Error Handling in Processes": a task that throws on zero; {@code Pool.map} rethrows
 * the task's exception in the parent, and {@code applyAsync(...).get()} throws it too.
 *
 * <p>Differences: Python's {@code ValueError} is {@link IllegalArgumentException}. {@code map}
 * throws the task's own (unchecked) exception, with the worker's stack trace attached as its
 * cause; {@code AsyncResult.get}, a {@code Future}, wraps it in {@link ExecutionException}, so
 * the example catches that and looks at its cause.
 */
public final class ErrorHandling {
  private ErrorHandling() {}

  /**
   * A task that might fail. Python: {@code risky_task(x)}.
   *
   * @param x a number
   * @return {@code 100.0 / x}
   * @throws IllegalArgumentException if {@code x} is zero
   */
  public static double riskyTask(int x) {
    if (x == 0) {
      throw new IllegalArgumentException("Cannot process zero!");
    }
    return 100.0 / x;
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the pool fails otherwise
   */
  public static void main(String[] args) throws Exception {
    // Error with Pool.map() -- exception propagates to parent
    System.out.println("Testing Pool.map() error handling:");
    try (Pool pool = Multiprocessing.local().pool(2)) {
      pool.map(ErrorHandling::riskyTask, List.of(5, 2, 0, 1)); // 0 will cause an error
    } catch (IllegalArgumentException e) {
      System.out.println("  Caught in parent: " + e.getMessage());
    }

    // Error with apply_async() -- exception on .get()
    System.out.println();
    System.out.println("Testing apply_async() error handling:");
    try (Pool pool = Multiprocessing.local().pool(2)) {
      AsyncResult<Double> future = pool.applyAsync(ErrorHandling::riskyTask, 0);
      try {
        future.get(Duration.ofSeconds(5));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof IllegalArgumentException cause) {
          System.out.println("  Caught from future.get(): " + cause.getMessage());
        } else {
          throw e;
        }
      }
      System.out.println("  future.successful(): " + future.successful());
    }
  }
}
