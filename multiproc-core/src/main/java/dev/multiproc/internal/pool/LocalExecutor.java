package dev.multiproc.internal.pool;

import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.pool.ResultIterator;
import dev.multiproc.spi.Outcome;
import dev.multiproc.spi.PoolTask;
import dev.multiproc.spi.SerializingExecutor;
import dev.multiproc.spi.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/** {@link ProcessPoolExecutor} on worker JVMs of this machine. */
public final class LocalExecutor extends SerializingExecutor {
  private final PoolEngine engine;

  /** Tasks not finished, so shutdownNow can hand back those that never started. */
  private final Map<Outcome<Object>, Runnable> unfinished = new ConcurrentHashMap<>();

  /**
   * Creates the executor and starts its workers.
   *
   * @param options the options
   */
  public LocalExecutor(PoolOptions options) {
    this(new PoolEngine(options, "ExecutorWorker"));
  }

  private LocalExecutor(PoolEngine engine) {
    super(engine, "a worker");
    this.engine = engine;
    engine.terminateWhenUnreachable(this);
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> run(PoolTask task, Runnable local) {
    byte[] bytes = engine.encode(task);
    Outcome<Object> outcome = new Outcome<>();
    unfinished.put(outcome, local);
    outcome.whenComplete((v, e) -> unfinished.remove(outcome));
    try {
      engine.submit(bytes, outcome);
    } catch (IllegalStateException e) {
      unfinished.remove(outcome);
      throw new RejectedExecutionException("executor is shut down: " + e.getMessage(), e);
    }
    return (CompletableFuture<T>) (CompletableFuture<?>) outcome;
  }

  @Override
  public <T> CompletableFuture<T> submit(SerializableCallable<T> task) {
    Objects.requireNonNull(task, "task");
    return run(
        new Tasks.Call(task),
        () -> {
          try {
            task.call();
          } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        });
  }

  @Override
  public CompletableFuture<?> submit(SerializableRunnable task) {
    Objects.requireNonNull(task, "task");
    return run(new Tasks.Run(task), task);
  }

  @Override
  public <T, R> CompletableFuture<R> submit(SerializableFunction<T, R> fn, T arg) {
    Objects.requireNonNull(fn, "fn");
    return run(new Tasks.Apply(LocalPool.erase(fn), arg), () -> fn.apply(arg));
  }

  @Override
  protected <T, R> ResultIterator<R> lazyMap(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, Duration timeout, int chunksize) {
    return LocalPool.lazy(engine, "map", fn, items, chunksize, true, timeout);
  }

  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> neverStarted = new ArrayList<>();
    Map<Outcome<Object>, Runnable> before = new java.util.HashMap<>(unfinished);
    for (Outcome<Object> o : engine.terminate()) {
      Runnable r = before.get(o);
      if (r != null) {
        neverStarted.add(r);
      }
    }
    return neverStarted;
  }

  @Override
  public String toString() {
    return "ProcessPoolExecutor[processes=" + processes() + ", workers=" + engine.workers() + "]";
  }
}
