package dev.multiproc.cluster.internal;

import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.pool.ResultIterator;
import dev.multiproc.spi.Outcome;
import dev.multiproc.spi.PoolParts;
import dev.multiproc.spi.SerializingExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * {@link ProcessPoolExecutor} over the workers of a cluster's members, on the same dispatch as
 * {@link ClusterPool}. {@link #shutdownNow()} returns the tasks not yet sent to a member; those
 * running are cancelled (their member kills the worker running each). {@link #processes()} is the
 * executor's limit of tasks in flight.
 */
public final class ClusterExecutor extends SerializingExecutor {
  private final ClusterDispatcher dispatcher;
  private final ClusterTasks tasks;

  /** Tasks not finished, so shutdownNow can hand back those that never started. */
  private final Map<Outcome<Object>, Runnable> unfinished = new ConcurrentHashMap<>();

  /**
   * Creates the executor.
   *
   * @param dispatcher where its tasks go
   */
  public ClusterExecutor(ClusterDispatcher dispatcher) {
    super(dispatcher, "a cluster member");
    this.dispatcher = dispatcher;
    this.tasks = new ClusterTasks(dispatcher.options());
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> run(byte[] task, Runnable local) {
    Outcome<Object> outcome;
    try {
      outcome = dispatcher.submit(task);
    } catch (IllegalStateException e) {
      throw new RejectedExecutionException("executor is shut down: " + e.getMessage(), e);
    }
    unfinished.put(outcome, local);
    outcome.whenComplete((v, e) -> unfinished.remove(outcome));
    return (CompletableFuture<T>) (CompletableFuture<?>) outcome;
  }

  @Override
  public <T> CompletableFuture<T> submit(SerializableCallable<T> task) {
    return run(
        tasks.call(task),
        () -> {
          try {
            task.call();
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        });
  }

  @Override
  public CompletableFuture<?> submit(SerializableRunnable task) {
    return run(tasks.run(task), task);
  }

  @Override
  public <T, R> CompletableFuture<R> submit(SerializableFunction<T, R> fn, T arg) {
    return run(tasks.apply(fn, arg), () -> fn.apply(arg));
  }

  @Override
  protected <T, R> ResultIterator<R> lazyMap(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, Duration timeout, int chunksize) {
    PoolParts.checkChunksize(chunksize);
    Function<List<Object>, Outcome<Object>> submit =
        chunk -> dispatcher.submit(tasks.chunk(fn, new ArrayList<>(chunk)));
    long total = items instanceof Collection<?> c ? c.size() : -1;
    return PoolParts.lazyResults(
        items.iterator(),
        chunksize,
        Math.max(8, 2 * Math.max(1, processes())),
        true,
        timeout,
        submit,
        dispatcher.options().progress(),
        "map",
        total);
  }

  @Override
  public List<Runnable> shutdownNow() {
    Map<Outcome<Object>, Runnable> before = new HashMap<>(unfinished);
    List<Runnable> neverStarted = new ArrayList<>();
    for (Outcome<Object> o : dispatcher.terminate()) {
      Runnable r = before.get(o);
      if (r != null) {
        neverStarted.add(r);
      }
    }
    return neverStarted;
  }

  @Override
  public int processes() {
    int limit = dispatcher.limit();
    return limit > 0 ? limit : dispatcher.clusterWorkers();
  }

  @Override
  public String toString() {
    return "ProcessPoolExecutor[cluster, processes="
        + processes()
        + ", members="
        + dispatcher.workers()
        + "]";
  }
}
