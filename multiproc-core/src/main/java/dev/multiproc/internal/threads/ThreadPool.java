package dev.multiproc.internal.threads;

import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ResultIterator;
import dev.multiproc.spi.AbstractPool;
import dev.multiproc.spi.Outcome;
import dev.multiproc.spi.PoolParts;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@link Pool} on threads of this JVM: Python's {@code multiprocessing.pool.ThreadPool}. Tasks
 * and results are not copied; a task's exception reaches the caller as itself, with no {@code
 * RemoteTraceback}. See {@link ThreadPoolEngine} for what the options mean here.
 */
public final class ThreadPool extends AbstractPool {
  static final Cleaner CLEANER = Cleaner.create();

  private final ThreadPoolEngine engine;

  /**
   * Creates the pool and starts its threads.
   *
   * @param options the options
   */
  public ThreadPool(PoolOptions options) {
    this(new ThreadPoolEngine(options, "PoolWorker"));
  }

  private ThreadPool(ThreadPoolEngine engine) {
    super(engine);
    this.engine = engine;
    CLEANER.register(this, engine::close);
  }

  @Override
  protected <T, R> Outcome<R> submitApply(SerializableFunction<T, R> fn, T arg) {
    return typedOutcome(engine.submit(() -> fn.applyChecked(arg), () -> fn.apply(arg)));
  }

  @Override
  public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task) {
    return typedOutcome(engine.submit(task, () -> call(task)));
  }

  static void call(SerializableCallable<?> task) {
    try {
      task.call();
    } catch (Exception e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }

  // no progress lines here: the label is not used
  @Override
  protected <R> AsyncResult<List<R>> mapChunks(
      String label, SerializableFunction<?, ?> fn, List<Object> all, int chunksize) {
    return chunked(all, chunksize, chunkSubmitter(engine, fn));
  }

  /** Submits a chunk as one task whose result is the list of its results. */
  @SuppressWarnings("unchecked")
  static Function<List<Object>, Outcome<Object>> chunkSubmitter(
      ThreadPoolEngine engine, SerializableFunction<?, ?> fn) {
    var f = (SerializableFunction<Object, Object>) fn;
    return chunk -> {
      List<Object> copy = new ArrayList<>(chunk);
      return engine.submit(
          () -> {
            List<Object> out = new ArrayList<>(copy.size());
            for (Object x : copy) {
              out.add(f.applyChecked(x));
            }
            return out;
          },
          () -> copy.forEach(f::apply));
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
    return PoolParts.lazyResults(
        items.iterator(),
        chunksize,
        window,
        ordered,
        deadline,
        chunkSubmitter(engine, fn),
        engine.options().progress(),
        ordered ? "imap" : "imapUnordered",
        total);
  }

  // the label is "imap" or "imapUnordered" as ordered says, as lazy(engine, ...) names it
  @Override
  protected <T, R> ResultIterator<R> lazy(
      String label,
      SerializableFunction<T, R> fn,
      Iterable<? extends T> items,
      int chunksize,
      boolean ordered,
      Duration deadline) {
    return lazy(engine, fn, items, chunksize, ordered, deadline);
  }

  @Override
  public String toString() {
    return "Pool[threads, processes=" + processes() + ", workers=" + workers() + "]";
  }
}
