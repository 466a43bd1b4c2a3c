package dev.multiproc.internal.threads;

import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.internal.pool.Outcome;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.pool.ResultIterator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ProcessPoolExecutor} on threads of this JVM: Python's {@code
 * concurrent.futures.ThreadPoolExecutor}. Any {@link Callable} or {@link Runnable} is accepted
 * (nothing is serialized); {@code cancel(true)} and {@code shutdownNow()} interrupt running tasks
 * instead of killing a worker.
 */
public final class ThreadExecutor implements ProcessPoolExecutor {
  private final ThreadPoolEngine engine;

  /**
   * Creates the executor and starts its threads.
   *
   * @param options the options
   */
  public ThreadExecutor(PoolOptions options) {
    this.engine = new ThreadPoolEngine(options, "ExecutorWorker");
    ThreadPoolEngine e = engine;
    ThreadPool.CLEANER.register(this, e::close);
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> run(Callable<?> body, Runnable original) {
    Outcome<Object> outcome;
    try {
      outcome = engine.submit(body, original);
    } catch (IllegalStateException e) {
      throw new RejectedExecutionException("executor is shut down: " + e.getMessage(), e);
    }
    return (CompletableFuture<T>) (CompletableFuture<?>) outcome;
  }

  @Override
  public <T> CompletableFuture<T> submit(SerializableCallable<T> task) {
    return run(task, () -> ThreadPool.call(task));
  }

  @Override
  public CompletableFuture<?> submit(SerializableRunnable task) {
    return run(() -> {
      task.run();
      return null;
    }, task);
  }

  @Override
  public <T, R> CompletableFuture<R> submit(SerializableFunction<T, R> fn, T arg) {
    return run(() -> fn.apply(arg), () -> fn.apply(arg));
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return run(task, () -> {
      try {
        task.call();
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
  }

  @Override
  public Future<?> submit(Runnable task) {
    return run(() -> {
      task.run();
      return null;
    }, task);
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    return run(() -> {
      task.run();
      return result;
    }, task);
  }

  @Override
  public void execute(Runnable command) {
    submit(command);
  }

  @Override
  public <T, R> ResultIterator<R> map(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, Duration timeout, int chunksize) {
    if (engine.isShutdown()) {
      throw new RejectedExecutionException("executor is shut down");
    }
    return ThreadPool.lazy(engine, fn, items, chunksize, true, timeout);
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
      } catch (ExecutionException | java.util.concurrent.CancellationException e) {
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
      } catch (ExecutionException | java.util.concurrent.CancellationException e) {
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
      CompletableFuture<T> f = run(task, () -> { });
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
    engine.close();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return engine.terminate();
  }

  @Override
  public boolean isShutdown() {
    return engine.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return engine.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return engine.awaitTermination(Math.max(0, unit.toNanos(timeout)));
  }

  @Override
  public int processes() {
    return engine.options().processes();
  }

  @Override
  public String toString() {
    return "ProcessPoolExecutor[threads, processes=" + processes() + ", workers="
        + engine.workers() + "]";
  }
}
