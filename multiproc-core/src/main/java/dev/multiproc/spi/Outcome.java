package dev.multiproc.spi;

import dev.multiproc.pool.AsyncResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The future of a submitted task: a {@link CompletableFuture} that is also Python's {@code
 * AsyncResult}, and whose {@code cancel(true)} kills the worker running it.
 *
 * @param <T> the result type
 */
public class Outcome<T> extends CompletableFuture<T> implements AsyncResult<T> {
  private volatile @Nullable BiConsumer<Outcome<?>, Boolean> canceller;

  /** Creates an outcome not yet bound to a task. */
  public Outcome() {}

  /**
   * Sets what cancelling this outcome does to its task.
   *
   * @param canceller called with this outcome and whether to interrupt a running task
   */
  public void onCancel(BiConsumer<Outcome<?>, Boolean> canceller) {
    this.canceller = canceller;
  }

  @Override
  public T get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
    return get(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void await() throws InterruptedException {
    try {
      get();
    } catch (ExecutionException | java.util.concurrent.CancellationException e) {
      // done
    }
  }

  @Override
  public boolean await(Duration timeout) throws InterruptedException {
    try {
      get(timeout);
    } catch (ExecutionException | java.util.concurrent.CancellationException e) {
      // done
    } catch (TimeoutException e) {
      return false;
    }
    return true;
  }

  @Override
  public boolean successful() {
    if (!isDone()) {
      throw new IllegalStateException("the result is not ready yet");
    }
    return !isCompletedExceptionally();
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    BiConsumer<Outcome<?>, Boolean> c = canceller;
    if (cancelled && c != null) {
      c.accept(this, mayInterruptIfRunning);
    }
    return cancelled;
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }

  @Override
  public String toString() {
    return "AsyncResult[" + (isDone() ? (successful() ? "successful" : "failed") : "pending") + "]";
  }
}
