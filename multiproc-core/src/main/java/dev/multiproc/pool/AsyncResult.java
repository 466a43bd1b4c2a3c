package dev.multiproc.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * The result of a task submitted with {@code applyAsync}, {@code mapAsync} or {@code
 * starmapAsync}: a {@link Future} with Python's {@code AsyncResult} methods. {@link #get()} throws
 * {@link ExecutionException} whose cause is the task's own exception (with a {@link
 * RemoteTraceback} attached) or a {@link ProcessPoolException}.
 *
 * @param <T> the result type
 */
public interface AsyncResult<T> extends Future<T> {

  /**
   * Waits at most {@code timeout} for the result. Python: {@code get(timeout)}.
   *
   * @param timeout how long to wait
   * @return the result
   * @throws TimeoutException if it is not ready in time; the task goes on
   * @throws ExecutionException if the task failed
   * @throws InterruptedException if this thread is interrupted
   */
  T get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException;

  /**
   * Waits until the result is ready. Python: {@code wait()}.
   *
   * @throws InterruptedException if this thread is interrupted
   */
  void await() throws InterruptedException;

  /**
   * Waits at most {@code timeout} until the result is ready. Python: {@code wait(timeout)}.
   *
   * @param timeout how long to wait
   * @return whether it is ready
   * @throws InterruptedException if this thread is interrupted
   */
  boolean await(Duration timeout) throws InterruptedException;

  /**
   * Returns whether the task has completed. Python: {@code ready()}.
   *
   * @return whether it is done
   */
  default boolean ready() {
    return isDone();
  }

  /**
   * Returns whether the task completed without failing. Python: {@code successful()}.
   *
   * @return whether it succeeded
   * @throws IllegalStateException if it is not ready yet
   */
  boolean successful();

  /**
   * Returns a {@link CompletableFuture} completed with the same outcome, for composition.
   *
   * @return the future
   */
  CompletableFuture<T> toCompletableFuture();
}
