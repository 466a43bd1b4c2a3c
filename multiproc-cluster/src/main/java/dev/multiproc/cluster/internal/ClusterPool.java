package dev.multiproc.cluster.internal;

import dev.multiproc.cluster.MemberLostException;
import dev.multiproc.function.Args2;
import dev.multiproc.function.SerializableBiFunction;
import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.ResultIterator;
import dev.multiproc.spi.AbstractPool;
import dev.multiproc.spi.Outcome;
import dev.multiproc.spi.PoolParts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * {@link Pool} over the workers of a cluster's members. Tasks are encoded here exactly as for a
 * local pool, run in a member's own worker JVMs, and their results and exceptions come back as on
 * one machine; a member that leaves fails (or re-runs) only the tasks it held. See {@link
 * ClusterDispatcher} for how tasks are spread.
 *
 * <p>{@link #processes()} is the pool's limit of tasks in flight when one was given, otherwise
 * the number of workers the serving members have now. {@link #workers()} lists the serving
 * members (one entry per member JVM), not their worker JVMs.
 */
public final class ClusterPool extends AbstractPool {
  private final ClusterDispatcher dispatcher;
  private final ClusterTasks tasks;
  private final int limit;

  /**
   * Creates the pool.
   *
   * @param dispatcher where its tasks go
   * @param limit the most tasks in flight; 0 for the workers of all serving members
   */
  public ClusterPool(ClusterDispatcher dispatcher, int limit) {
    super(dispatcher);
    this.dispatcher = dispatcher;
    this.tasks = new ClusterTasks(dispatcher.options());
    this.limit = limit;
  }

  @Override
  protected <T, R> Outcome<R> submitApply(SerializableFunction<T, R> fn, T arg) {
    return typedOutcome(dispatcher.submit(tasks.apply(fn, arg)));
  }

  @Override
  public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task) {
    return typedOutcome(dispatcher.submit(tasks.call(task)));
  }

  @Override
  public <A, B, R> AsyncResult<List<R>> starmapAsync(
      SerializableBiFunction<A, B, R> fn, Iterable<? extends Args2<A, B>> items) {
    SerializableFunction<Args2<A, B>, R> f = a -> fn.apply(a.first(), a.second());
    return mapAsync(f, items);
  }

  /**
   * A map fails as a whole when one of its chunks' members is lost ({@link
   * MemberLostException}): its other chunks are cancelled then, those waiting to be sent and
   * those running on members alike (the member kills the worker running one), so that nothing
   * of a map whose caller was told it failed goes on running.
   */
  @Override
  protected <R> AsyncResult<List<R>> mapChunks(
      String label, SerializableFunction<?, ?> fn, List<Object> all, int chunksize) {
    List<Outcome<Object>> parts = new CopyOnWriteArrayList<>();
    var failed = new AtomicBoolean();
    return chunked(
        all,
        chunksize,
        chunk -> {
          Outcome<Object> part = dispatcher.submit(tasks.chunk(fn, chunk));
          parts.add(part);
          if (failed.get()) {
            part.cancel(true); // a chunk before it was lost while the rest were being sent
          }
          part.whenComplete(
              (v, e) -> {
                if (e instanceof MemberLostException && failed.compareAndSet(false, true)) {
                  parts.forEach(p -> p.cancel(true));
                }
              });
          return part;
        });
  }

  @Override
  protected <T, R> ResultIterator<R> lazy(
      String label,
      SerializableFunction<T, R> fn,
      Iterable<? extends T> items,
      int chunksize,
      boolean ordered,
      Duration deadline) {
    PoolParts.checkChunksize(chunksize);
    Function<List<Object>, Outcome<Object>> submit =
        chunk -> dispatcher.submit(tasks.chunk(fn, new ArrayList<>(chunk)));
    int window = Math.max(8, 2 * Math.max(1, processes()));
    long total = items instanceof Collection<?> c ? c.size() : -1;
    return PoolParts.lazyResults(
        items.iterator(),
        chunksize,
        window,
        ordered,
        deadline,
        submit,
        dispatcher.options().progress(),
        label,
        total);
  }

  @Override
  public int processes() {
    return limit > 0 ? limit : dispatcher.clusterWorkers();
  }

  @Override
  public String toString() {
    return "Pool[cluster, processes=" + processes() + ", members=" + workers() + "]";
  }
}
