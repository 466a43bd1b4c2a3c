package dev.multiproc.internal.pool;

import dev.multiproc.function.Args2;
import dev.multiproc.function.SerializableBiFunction;
import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ResultIterator;
import dev.multiproc.spi.AbstractPool;
import dev.multiproc.spi.Chunking;
import dev.multiproc.spi.LazyResults;
import dev.multiproc.spi.Outcome;
import dev.multiproc.spi.ProgressReporter;
import dev.multiproc.spi.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link Pool} on worker JVMs of this machine. */
public final class LocalPool extends AbstractPool {
  private final PoolEngine engine;

  /**
   * Creates the pool and starts its workers.
   *
   * @param options the options
   */
  public LocalPool(PoolOptions options) {
    this(new PoolEngine(options, "PoolWorker"));
  }

  private LocalPool(PoolEngine engine) {
    super(engine);
    this.engine = engine;
    engine.terminateWhenUnreachable(this);
  }

  @SuppressWarnings("unchecked")
  static <T, R> SerializableFunction<Object, Object> erase(SerializableFunction<T, R> fn) {
    return (SerializableFunction<Object, Object>) (SerializableFunction<?, ?>) fn;
  }

  @Override
  protected <T, R> Outcome<R> submitApply(SerializableFunction<T, R> fn, T arg) {
    return typedOutcome(engine.submit(engine.encode(new Tasks.Apply(erase(fn), arg))));
  }

  @Override
  public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task) {
    return typedOutcome(engine.submit(engine.encode(new Tasks.Call(task))));
  }

  @Override
  public <A, B, R> AsyncResult<List<R>> starmapAsync(
      SerializableBiFunction<A, B, R> fn, Iterable<? extends Args2<A, B>> items) {
    List<Object> all = Chunking.toList(items);
    SerializableFunction<Args2<A, B>, R> f = a -> fn.applyChecked(a.first(), a.second());
    return mapChunks("starmap", f, all, Chunking.defaultChunksize(all.size(), processes()));
  }

  /**
   * Submits the chunks of {@code all} one by one as each is encoded, so the first worker starts
   * while later chunks are still being encoded; returns one result that is their concatenation.
   */
  @Override
  protected <R> AsyncResult<List<R>> mapChunks(
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
    whole.whenComplete(
        (v, e) -> {
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

  @Override
  protected <T, R> ResultIterator<R> lazy(
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
    int window = Math.max(8, 2 * Pipelining.DEPTH * engine.options().processes());
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
  public String toString() {
    return "Pool[processes=" + processes() + ", " + engine + "]";
  }
}
