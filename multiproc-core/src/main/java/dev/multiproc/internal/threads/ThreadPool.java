package dev.multiproc.internal.threads;

import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.internal.pool.Outcome;
import dev.multiproc.internal.pool.PoolParts;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ResultIterator;
import dev.multiproc.process.ProcessInfo;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link Pool} on threads of this JVM: Python's {@code multiprocessing.pool.ThreadPool}. Tasks
 * and results are not copied; a task's exception reaches the caller as itself, with no {@code
 * RemoteTraceback}. See {@link ThreadPoolEngine} for what the options mean here.
 */
public final class ThreadPool implements Pool {
  static final Cleaner CLEANER = Cleaner.create();

  private final ThreadPoolEngine engine;

  /**
   * Creates the pool and starts its threads.
   *
   * @param options the options
   */
  public ThreadPool(PoolOptions options) {
    this.engine = new ThreadPoolEngine(options, "PoolWorker");
    ThreadPoolEngine e = engine;
    CLEANER.register(this, e::close);
  }

  @SuppressWarnings("unchecked")
  private static <R> Outcome<R> typed(Outcome<Object> outcome) {
    return (Outcome<R>) (Outcome<?>) outcome;
  }

  @Override
  public <T, R> AsyncResult<R> applyAsync(SerializableFunction<T, R> fn, T arg) {
    return typed(engine.submit(() -> fn.apply(arg), () -> fn.apply(arg)));
  }

  @Override
  public <T, R> AsyncResult<R> applyAsync(
      SerializableFunction<T, R> fn,
      T arg,
      Consumer<? super R> callback,
      Consumer<? super Throwable> errorCallback) {
    Outcome<R> task = typed(engine.submit(() -> fn.apply(arg), () -> fn.apply(arg)));
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
    return typed(engine.submit(task, () -> call(task)));
  }

  static void call(SerializableCallable<?> task) {
    try {
      task.call();
    } catch (Exception e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }

  @Override
  public <T, R> AsyncResult<List<R>> mapAsync(
      SerializableFunction<T, R> fn, Iterable<? extends T> items) {
    List<Object> all = PoolParts.toList(items);
    return mapChunks(fn, all, PoolParts.defaultChunksize(all.size(), processes()));
  }

  @Override
  public <T, R> AsyncResult<List<R>> mapAsync(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize) {
    PoolParts.checkChunksize(chunksize);
    return mapChunks(fn, PoolParts.toList(items), chunksize);
  }

  private <R> AsyncResult<List<R>> mapChunks(
      SerializableFunction<?, ?> fn, List<Object> all, int chunksize) {
    Function<List<Object>, Outcome<Object>> submit = chunkSubmitter(engine, fn);
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
        parts.add(submit.apply(all.subList(from, Math.min(all.size(), from + chunksize))));
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

  /** Submits a chunk as one task whose result is the list of its results. */
  @SuppressWarnings("unchecked")
  static Function<List<Object>, Outcome<Object>> chunkSubmitter(
      ThreadPoolEngine engine, SerializableFunction<?, ?> fn) {
    var f = (SerializableFunction<Object, Object>) fn;
    return chunk -> {
      List<Object> copy = new ArrayList<>(chunk);
      return engine.submit(() -> {
        List<Object> out = new ArrayList<>(copy.size());
        for (Object x : copy) {
          out.add(f.apply(x));
        }
        return out;
      }, () -> copy.forEach(f::apply));
    };
  }

  static <T, R> ResultIterator<R> lazy(
      ThreadPoolEngine engine,
      SerializableFunction<T, R> fn,
      Iterable<? extends T> items,
      int chunksize,
      boolean ordered,
      Duration deadline) {
    int window = Math.max(8, 2 * engine.options().processes());
    long total = items instanceof java.util.Collection<?> c ? c.size() : -1;
    return PoolParts.lazyResults(items.iterator(), chunksize, window, ordered, deadline,
        chunkSubmitter(engine, fn), engine.options().progress(),
        ordered ? "imap" : "imapUnordered", total);
  }

  @Override
  public <T, R> ResultIterator<R> imap(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize) {
    return lazy(engine, fn, items, chunksize, true, Duration.ZERO);
  }

  @Override
  public <T, R> ResultIterator<R> imapUnordered(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize) {
    return lazy(engine, fn, items, chunksize, false, Duration.ZERO);
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
    return "Pool[threads, processes=" + processes() + ", workers=" + workers() + "]";
  }
}
