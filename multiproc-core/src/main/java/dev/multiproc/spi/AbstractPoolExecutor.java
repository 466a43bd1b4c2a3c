package dev.multiproc.spi;

import dev.multiproc.function.SerializableFunction;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.pool.ResultIterator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

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
    submit(Objects.requireNonNull(command, "command"));
  }

  @Override
  public <T, R> ResultIterator<R> map(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, Duration timeout, int chunksize) {
    if (lifecycle.isShutdown()) {
      throw new RejectedExecutionException("executor is shut down");
    }
    return lazyMap(fn, items, timeout, chunksize);
  }

  /**
   * Returns the tasks of {@code invokeAll} or {@code invokeAny}, checked before any is submitted.
   *
   * @throws NullPointerException if {@code tasks} or one of them is null
   */
  private static <T> List<Callable<T>> checked(Collection<? extends Callable<T>> tasks) {
    Objects.requireNonNull(tasks, "tasks");
    List<Callable<T>> list = new ArrayList<>(tasks.size());
    for (Callable<T> task : tasks) {
      if (task == null) {
        throw new NullPointerException("tasks has a null element at index " + list.size());
      }
      list.add(task);
    }
    return list;
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    return invokeAll(checked(tasks), false, 0);
  }

  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    List<Callable<T>> list = checked(tasks);
    return invokeAll(list, true, unit.toNanos(timeout));
  }

  /**
   * Submits the tasks and waits for them all, or until the deadline; every task not finished
   * when it returns or throws is cancelled (a running one is stopped). A task is not submitted at
   * all once the deadline has passed.
   */
  private <T> List<Future<T>> invokeAll(List<Callable<T>> tasks, boolean timed, long nanos)
      throws InterruptedException {
    if (!tasks.isEmpty() && Thread.interrupted()) {
      throw new InterruptedException("interrupted before invokeAll submitted its tasks");
    }
    long deadline = System.nanoTime() + nanos;
    List<Future<T>> futures = new ArrayList<>(tasks.size());
    try {
      for (Callable<T> task : tasks) {
        if (timed && deadline - System.nanoTime() <= 0) {
          var never = new CompletableFuture<T>();
          never.cancel(false);
          futures.add(never);
        } else {
          futures.add(submit(task));
        }
      }
      for (Future<T> f : futures) {
        if (f.isDone()) {
          continue;
        }
        try {
          if (timed) {
            f.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          } else {
            f.get();
          }
        } catch (ExecutionException | CancellationException e) {
          // the future holds it
        }
      }
      return futures;
    } catch (TimeoutException e) {
      cancelAll(futures);
      return futures;
    } catch (InterruptedException | RuntimeException | Error e) {
      cancelAll(futures);
      throw e;
    }
  }

  private static void cancelAll(List<? extends Future<?>> futures) {
    for (Future<?> f : futures) {
      f.cancel(true);
    }
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    try {
      return invokeAny(checkedForAny(tasks), false, 0);
    } catch (TimeoutException e) {
      throw new AssertionError("no timeout was set", e);
    }
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<Callable<T>> list = checkedForAny(tasks);
    long nanos = unit.toNanos(timeout);
    if (isShutdown()) {
      throw new RejectedExecutionException("executor is shut down");
    }
    if (nanos <= 0) {
      throw new TimeoutException(
          "invokeAny timed out before it started a task: timeout=" + timeout + " " + unit);
    }
    return invokeAny(list, true, nanos);
  }

  private static <T> List<Callable<T>> checkedForAny(Collection<? extends Callable<T>> tasks) {
    List<Callable<T>> list = checked(tasks);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("invokeAny needs at least one task: tasks is empty");
    }
    return list;
  }

  /**
   * Submits the tasks and returns the result of the first that succeeds; the others are
   * cancelled (a running one is stopped) whatever the outcome.
   */
  private <T> T invokeAny(List<Callable<T>> tasks, boolean timed, long nanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before invokeAny submitted its tasks");
    }
    var first = new CompletableFuture<T>();
    var failures = new AtomicInteger();
    List<CompletableFuture<T>> futures = new ArrayList<>(tasks.size());
    try {
      for (Callable<T> task : tasks) {
        CompletableFuture<T> f = submitForAny(task);
        futures.add(f);
        f.whenComplete(
            (v, e) -> {
              if (e == null) {
                first.complete(v);
              } else if (failures.incrementAndGet() == tasks.size()) {
                // as the JDK's: a cancelled task counts as one that failed
                first.completeExceptionally(
                    e instanceof CancellationException ? new CompletionException(e) : e);
              }
            });
      }
      return timed ? first.get(nanos, TimeUnit.NANOSECONDS) : first.get();
    } finally {
      cancelAll(futures);
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
