package dev.multiproc.internal.pool;

import dev.multiproc.function.SerializableFunction;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.pool.ResultIterator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a {@link ProcessPoolExecutor} does the same way on worker JVMs and on worker threads:
 * {@code invokeAll}, {@code invokeAny}, {@code execute}, the shut-down check of {@code map}, and
 * the life cycle, all written over the backend's submit methods and its {@link EngineLifecycle}.
 * A backend supplies how one task is submitted and how a lazy map runs.
 */
public abstract class AbstractPoolExecutor implements ProcessPoolExecutor {
  private final EngineLifecycle lifecycle;

  /**
   * Creates the shared part over a backend's engine.
   *
   * @param lifecycle the engine's life cycle
   */
  protected AbstractPoolExecutor(EngineLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /**
   * Submits one task of {@code invokeAny}, as the backend sends any {@link Callable}.
   *
   * @param <T> the result type
   * @param task the task
   * @return its future
   */
  protected abstract <T> CompletableFuture<T> submitForAny(Callable<T> task);

  /**
   * Runs {@link #map(SerializableFunction, Iterable, Duration, int)} once the executor is known to
   * be running.
   *
   * @param <T> the item type
   * @param <R> the result type
   * @param fn the function
   * @param items the items
   * @param timeout the deadline of the whole map; {@link Duration#ZERO} for none
   * @param chunksize items per task
   * @return the results, in order
   */
  protected abstract <T, R> ResultIterator<R> lazyMap(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, Duration timeout, int chunksize);

  @Override
  public void execute(Runnable command) {
    submit(command);
  }

  @Override
  public <T, R> ResultIterator<R> map(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, Duration timeout, int chunksize) {
    if (lifecycle.isShutdown()) {
      throw new RejectedExecutionException("executor is shut down");
    }
    return lazyMap(fn, items, timeout, chunksize);
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    List<Future<T>> futures = new ArrayList<>(tasks.size());
    for (Callable<T> task : tasks) {
      futures.add(submit(task));
    }
    for (Future<T> f : futures) {
      try {
        f.get();
      } catch (ExecutionException | CancellationException e) {
        // the future holds it
      }
    }
    return futures;
  }

  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    List<Future<T>> futures = new ArrayList<>(tasks.size());
    for (Callable<T> task : tasks) {
      futures.add(submit(task));
    }
    for (Future<T> f : futures) {
      try {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | CancellationException e) {
        // the future holds it
      } catch (TimeoutException e) {
        futures.forEach(other -> other.cancel(true));
        break;
      }
    }
    return futures;
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    try {
      return invokeAny(tasks, -1, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no timeout was set", e);
    }
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("invokeAny needs at least one task");
    }
    var first = new CompletableFuture<T>();
    var failures = new ArrayList<Throwable>();
    List<CompletableFuture<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      CompletableFuture<T> f = submitForAny(task);
      futures.add(f);
      f.whenComplete((v, e) -> {
        if (e == null) {
          first.complete(v);
        } else {
          synchronized (failures) {
            failures.add(e);
            if (failures.size() == tasks.size()) {
              first.completeExceptionally(e);
            }
          }
        }
      });
    }
    try {
      return timeout < 0 ? first.get() : first.get(timeout, unit);
    } finally {
      futures.forEach(f -> f.cancel(true));
    }
  }

  @Override
  public void shutdown() {
    lifecycle.close();
  }

  @Override
  public boolean isShutdown() {
    return lifecycle.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return lifecycle.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return lifecycle.awaitTermination(Math.max(0, unit.toNanos(timeout)));
  }

  @Override
  public int processes() {
    return lifecycle.options().processes();
  }
}
