package dev.multiproc.cluster.internal;

import dev.multiproc.function.Args2;
import dev.multiproc.function.SerializableBiFunction;
import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.internal.pool.Outcome;
import dev.multiproc.internal.pool.PoolParts;
import dev.multiproc.internal.pool.RemoteTasks;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.ResultIterator;
import dev.multiproc.process.ProcessInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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
public final class ClusterPool implements Pool {
  private final ClusterDispatcher dispatcher;
  private final int limit;

  /**
   * Creates the pool.
   *
   * @param dispatcher where its tasks go
   * @param limit the most tasks in flight; 0 for the workers of all serving members
   */
  public ClusterPool(ClusterDispatcher dispatcher, int limit) {
    this.dispatcher = dispatcher;
    this.limit = limit;
  }

  @SuppressWarnings("unchecked")
  private static <R> Outcome<R> typed(Outcome<Object> outcome) {
    return (Outcome<R>) (Outcome<?>) outcome;
  }

  @Override
  public <T, R> AsyncResult<R> applyAsync(SerializableFunction<T, R> fn, T arg) {
    return typed(dispatcher.submit(RemoteTasks.apply(fn, arg)));
  }

  @Override
  public <T, R> AsyncResult<R> applyAsync(
      SerializableFunction<T, R> fn,
      T arg,
      Consumer<? super R> callback,
      Consumer<? super Throwable> errorCallback) {
    Outcome<R> task = typed(dispatcher.submit(RemoteTasks.apply(fn, arg)));
    // as Python's ApplyResult._set: the callback has run by the time the result is ready
    var result = new Outcome<R>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
          task.cancel(mayInterruptIfRunning);
        }
        return cancelled;
      }
    };
    task.whenComplete(
        (value, error) -> {
          try {
            if (error == null) {
              callback.accept(value);
            } else {
              errorCallback.accept(error);
            }
          } finally {
            if (error == null) {
              result.complete(value);
            } else {
              result.completeExceptionally(error);
            }
          }
        });
    return result;
  }

  @Override
  public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task) {
    return typed(dispatcher.submit(RemoteTasks.call(task)));
  }

  @Override
  public <T, R> AsyncResult<List<R>> mapAsync(
      SerializableFunction<T, R> fn, Iterable<? extends T> items) {
    List<Object> all = PoolParts.toList(items);
    return mapChunks(fn, all, PoolParts.defaultChunksize(all.size(), Math.max(1, processes())));
  }

  @Override
  public <T, R> AsyncResult<List<R>> mapAsync(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize) {
    PoolParts.checkChunksize(chunksize);
    return mapChunks(fn, PoolParts.toList(items), chunksize);
  }

  @Override
  public <A, B, R> AsyncResult<List<R>> starmapAsync(
      SerializableBiFunction<A, B, R> fn, Iterable<? extends Args2<A, B>> items) {
    SerializableFunction<Args2<A, B>, R> f = a -> fn.apply(a.first(), a.second());
    return mapAsync(f, items);
  }

  private <R> AsyncResult<List<R>> mapChunks(
      SerializableFunction<?, ?> fn, List<Object> all, int chunksize) {
    var whole = new Outcome<List<R>>();
    int count = (all.size() + chunksize - 1) / chunksize;
    if (count == 0) {
      whole.complete(List.of());
      return whole;
    }
    List<Outcome<Object>> parts = new ArrayList<>(count);
    var left = new AtomicInteger(count);
    try {
      for (int i = 0; i < count; i++) {
        int from = i * chunksize;
        List<Object> chunk = all.subList(from, Math.min(all.size(), from + chunksize));
        parts.add(dispatcher.submit(RemoteTasks.chunk(fn, chunk)));
      }
    } catch (RuntimeException e) {
      parts.forEach(p -> p.cancel(false));
      throw e;
    }
    for (Outcome<Object> part : parts) {
      part.whenComplete(
          (v, e) -> {
            if (e != null) {
              whole.completeExceptionally(e);
            } else if (left.decrementAndGet() == 0) {
              whole.complete(concat(parts, all.size()));
            }
          });
    }
    whole.whenComplete((v, e) -> {
      if (whole.isCancelled()) {
        parts.forEach(p -> p.cancel(true));
      }
    });
    return whole;
  }

  @SuppressWarnings("unchecked")
  private static <R> List<R> concat(List<Outcome<Object>> parts, int size) {
    List<R> results = new ArrayList<>(size);
    for (Outcome<Object> part : parts) {
      results.addAll((List<R>) part.join());
    }
    return results;
  }

  private <T, R> ResultIterator<R> lazy(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize, boolean ordered) {
    PoolParts.checkChunksize(chunksize);
    Function<List<Object>, Outcome<Object>> submit =
        chunk -> dispatcher.submit(RemoteTasks.chunk(fn, new ArrayList<>(chunk)));
    int window = Math.max(8, 2 * Math.max(1, processes()));
    long total = items instanceof Collection<?> c ? c.size() : -1;
    return PoolParts.lazyResults(items.iterator(), chunksize, window, ordered, Duration.ZERO,
        submit, dispatcher.options().progress(), ordered ? "imap" : "imapUnordered", total);
  }

  @Override
  public <T, R> ResultIterator<R> imap(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize) {
    return lazy(fn, items, chunksize, true);
  }

  @Override
  public <T, R> ResultIterator<R> imapUnordered(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize) {
    return lazy(fn, items, chunksize, false);
  }

  @Override
  public int processes() {
    return limit > 0 ? limit : dispatcher.clusterWorkers();
  }

  @Override
  public List<ProcessInfo> workers() {
    return dispatcher.members();
  }

  @Override
  public void close() {
    dispatcher.close();
    try {
      dispatcher.awaitTermination(-1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      dispatcher.terminate();
    }
  }

  @Override
  public void terminate() {
    dispatcher.terminate();
    try {
      dispatcher.awaitTermination(-1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void join() throws InterruptedException {
    if (!dispatcher.isShutdown()) {
      throw new IllegalStateException("Pool is still running: call close() or terminate() first");
    }
    dispatcher.awaitTermination(-1);
  }

  @Override
  public String toString() {
    return "Pool[cluster, processes=" + processes() + ", members=" + workers() + "]";
  }
}
