package dev.multiproc.internal.pool;

import dev.multiproc.function.Args2;
import dev.multiproc.function.SerializableBiFunction;
import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ResultIterator;
import dev.multiproc.process.ProcessInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** {@link Pool} on worker JVMs of this machine. */
public final class LocalPool implements Pool {
  private final PoolEngine engine;

  /**
   * Creates the pool and starts its workers.
   *
   * @param options the options
   */
  public LocalPool(PoolOptions options) {
    this.engine = new PoolEngine(options, "PoolWorker");
    engine.terminateWhenUnreachable(this);
  }

  @SuppressWarnings("unchecked")
  static <T, R> SerializableFunction<Object, Object> erase(SerializableFunction<T, R> fn) {
    return (SerializableFunction<Object, Object>) (SerializableFunction<?, ?>) fn;
  }

  @SuppressWarnings("unchecked")
  private static <R> Outcome<R> typed(Outcome<Object> outcome) {
    return (Outcome<R>) (Outcome<?>) outcome;
  }

  @Override
  public <T, R> AsyncResult<R> applyAsync(SerializableFunction<T, R> fn, T arg) {
    return typed(engine.submit(engine.encode(new Tasks.Apply(erase(fn), arg))));
  }

  @Override
  public <T, R> AsyncResult<R> applyAsync(
      SerializableFunction<T, R> fn,
      T arg,
      Consumer<? super R> callback,
      Consumer<? super Throwable> errorCallback) {
    Outcome<R> task = typed(engine.submit(engine.encode(new Tasks.Apply(erase(fn), arg))));
    // as Python's ApplyResult._set: the callback has run by the time the result is ready
    var result = new Outcome<R>();
    result.onCancel((o, interrupt) -> task.cancel(interrupt));
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
    return typed(engine.submit(engine.encode(new Tasks.Call(task))));
  }

  @Override
  public <T, R> AsyncResult<List<R>> mapAsync(
      SerializableFunction<T, R> fn, Iterable<? extends T> items) {
    List<Object> all = Chunking.toList(items);
    return mapChunks("map", fn, all, Chunking.defaultChunksize(all.size(), processes()));
  }

  @Override
  public <T, R> AsyncResult<List<R>> mapAsync(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize) {
    Chunking.checkChunksize(chunksize);
    return mapChunks("map", fn, Chunking.toList(items), chunksize);
  }

  @Override
  public <A, B, R> AsyncResult<List<R>> starmapAsync(
      SerializableBiFunction<A, B, R> fn, Iterable<? extends Args2<A, B>> items) {
    List<Object> all = Chunking.toList(items);
    SerializableFunction<Args2<A, B>, R> f = a -> fn.apply(a.first(), a.second());
    return mapChunks("starmap", f, all, Chunking.defaultChunksize(all.size(), processes()));
  }

  /**
   * Submits the chunks of {@code all} one by one as each is encoded, so the first worker starts
   * while later chunks are still being encoded; returns one result that is their concatenation.
   */
  private <R> AsyncResult<List<R>> mapChunks(
      String label, SerializableFunction<?, ?> fn, List<Object> all, int chunksize) {
    @SuppressWarnings("unchecked")
    SerializableFunction<Object, Object> f = (SerializableFunction<Object, Object>) fn;
    var whole = new Outcome<List<R>>();
    int count = (all.size() + chunksize - 1) / chunksize;
    if (count == 0) {
      whole.complete(List.of());
      return whole;
    }
    // the last line is printed before the result is complete, so it is out when map() returns
    var progress = ProgressReporter.start(engine.options().progress(), label, all.size());
    List<Outcome<Object>> parts = new ArrayList<>(count);
    var left = new AtomicInteger(count);
    for (int i = 0; i < count; i++) {
      var part = new Outcome<Object>();
      parts.add(part);
      int items = Math.min(chunksize, all.size() - i * chunksize);
      part.whenComplete(
          (v, e) -> {
            if (e != null) {
              progress.finish(ProgressReporter.End.FAILED);
              whole.completeExceptionally(e);
            } else {
              progress.advance(items);
              if (left.decrementAndGet() == 0) {
                List<R> results = concat(parts, all.size());
                progress.finish(ProgressReporter.End.DONE);
                whole.complete(results);
              }
            }
          });
    }
    whole.whenComplete((v, e) -> {
      if (whole.isCancelled()) {
        progress.finish(ProgressReporter.End.CANCELLED);
        parts.forEach(p -> p.cancel(true));
      }
    });
    try {
      for (int i = 0; i < count; i++) {
        int from = i * chunksize;
        List<Object> chunk = all.subList(from, Math.min(all.size(), from + chunksize));
        engine.submit(engine.encode(new Tasks.Chunk(f, chunk)), parts.get(i));
      }
    } catch (RuntimeException e) {
      progress.finish(ProgressReporter.End.FAILED);
      parts.forEach(p -> p.cancel(false));
      throw e;
    }
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

  @Override
  public <T, R> ResultIterator<R> imap(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize) {
    return lazy("imap", fn, items, chunksize, true, Duration.ZERO);
  }

  @Override
  public <T, R> ResultIterator<R> imapUnordered(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize) {
    return lazy("imapUnordered", fn, items, chunksize, false, Duration.ZERO);
  }

  <T, R> ResultIterator<R> lazy(
      String label,
      SerializableFunction<T, R> fn,
      Iterable<? extends T> items,
      int chunksize,
      boolean ordered,
      Duration deadline) {
    return lazy(engine, label, fn, items, chunksize, ordered, deadline);
  }

  static <T, R> ResultIterator<R> lazy(
      PoolEngine engine,
      String label,
      SerializableFunction<T, R> fn,
      Iterable<? extends T> items,
      int chunksize,
      boolean ordered,
      Duration deadline) {
    Chunking.checkChunksize(chunksize);
    SerializableFunction<Object, Object> f = erase(fn);
    int window = Math.max(8, 2 * PoolEngine.DEPTH * engine.options().processes());
    long total = items instanceof Collection<?> c ? c.size() : -1;
    return new LazyResults<>(
        items.iterator(),
        chunksize,
        window,
        ordered,
        deadline,
        chunk -> engine.submit(engine.encode(new Tasks.Chunk(f, chunk))),
        ProgressReporter.start(engine.options().progress(), label, total));
  }

  @Override
  public int processes() {
    return engine.options().processes();
  }

  @Override
  public List<ProcessInfo> workers() {
    return engine.workers();
  }

  @Override
  public void close() {
    engine.close();
    try {
      engine.awaitTermination(-1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      engine.terminate();
    }
  }

  @Override
  public void terminate() {
    engine.terminate();
    try {
      engine.awaitTermination(-1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void join() throws InterruptedException {
    if (!engine.isShutdown()) {
      throw new IllegalStateException("Pool is still running: call close() or terminate() first");
    }
    engine.awaitTermination(-1);
  }

  @Override
  public String toString() {
    return "Pool[processes=" + processes() + ", workers=" + workers() + "]";
  }
}
