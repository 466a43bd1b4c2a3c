package dev.multiproc.internal.threads;

import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.pool.ResultIterator;
import dev.multiproc.spi.AbstractPoolExecutor;
import dev.multiproc.spi.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@link ProcessPoolExecutor} on threads of this JVM: Python's {@code
 * concurrent.futures.ThreadPoolExecutor}. Any {@link Callable} or {@link Runnable} is accepted
 * (nothing is serialized); {@code cancel(true)} and {@code shutdownNow()} interrupt running tasks
 * instead of killing a worker.
 */
public final class ThreadExecutor extends AbstractPoolExecutor {
  private final ThreadPoolEngine engine;

  /**
   * Creates the executor and starts its threads.
   *
   * @param options the options
   */
  public ThreadExecutor(PoolOptions options) {
    this(new ThreadPoolEngine(options, "ExecutorWorker"));
  }

  private ThreadExecutor(ThreadPoolEngine engine) {
    super(engine);
    this.engine = engine;
    ThreadPool.CLEANER.register(this, engine::close);
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
    Objects.requireNonNull(task, "task");
    return run(task, () -> ThreadPool.call(task));
  }

  @Override
  public CompletableFuture<?> submit(SerializableRunnable task) {
    Objects.requireNonNull(task, "task");
    return run(
        () -> {
          task.runChecked();
          return null;
        },
        task);
  }

  @Override
  public <T, R> CompletableFuture<R> submit(SerializableFunction<T, R> fn, T arg) {
    Objects.requireNonNull(fn, "fn");
    return run(() -> fn.applyChecked(arg), () -> fn.apply(arg));
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    return run(
        task,
        () -> {
          try {
            task.call();
          } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        });
  }

  @Override
  public Future<?> submit(Runnable task) {
    Objects.requireNonNull(task, "task");
    return run(
        () -> {
          task.run();
          return null;
        },
        task);
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    Objects.requireNonNull(task, "task");
    return run(
        () -> {
          task.run();
          return result;
        },
        task);
  }

  @Override
  protected <T> CompletableFuture<T> submitForAny(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    return run(task, () -> {});
  }

  @Override
  protected <T, R> ResultIterator<R> lazyMap(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, Duration timeout, int chunksize) {
    return ThreadPool.lazy(engine, fn, items, chunksize, true, timeout);
  }

  @Override
  public List<Runnable> shutdownNow() {
    return engine.terminate();
  }

  @Override
  public String toString() {
    return "ProcessPoolExecutor[threads, processes="
        + processes()
        + ", workers="
        + engine.workers()
        + "]";
  }
}
