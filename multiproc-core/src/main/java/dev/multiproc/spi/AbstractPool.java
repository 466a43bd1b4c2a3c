package dev.multiproc.spi;

import dev.multiproc.function.SerializableFunction;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.ResultIterator;
import dev.multiproc.process.ProcessInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a {@link Pool} does the same way on worker JVMs and on worker threads: the callbacks of
 * {@code applyAsync}, the chunk-size rules of {@code mapAsync}, {@code imap} and {@code
 * imapUnordered}, and the life cycle ({@code close}, {@code terminate}, {@code join}) over the
 * backend's {@link EngineLifecycle}. A backend supplies how one call and one map's chunks are
 * submitted and how a lazy iteration runs.
 */
public abstract class AbstractPool implements Pool {
  private final EngineLifecycle lifecycle;

  /**
   * Creates the shared part over a backend's engine.
   *
   * @param lifecycle the engine's life cycle
   */
  protected AbstractPool(EngineLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /**
   * Submits {@code fn(arg)}.
   *
   * @param <T> the argument type
   * @param <R> the result type
   * @param fn the function
   * @param arg its argument
   * @return the task's outcome
   */
  protected abstract <T, R> Outcome<R> submitApply(SerializableFunction<T, R> fn, T arg);

  /**
   * Submits the items of a map in chunks; returns one result that is their concatenation, in
   * order.
   *
   * @param <R> the result type
   * @param label what progress lines call it, such as {@code map}
   * @param fn the function, applied to each item
   * @param all the items
   * @param chunksize items per task, at least 1
   * @return the result of the whole map
   */
  protected abstract <R> AsyncResult<List<R>> mapChunks(
      String label, SerializableFunction<?, ?> fn, List<Object> all, int chunksize);

  /**
   * Returns the lazy iterator of {@code imap} and {@code imapUnordered}.
   *
   * @param <T> the item type
   * @param <R> the result type
   * @param label what progress lines call it, such as {@code imap}
   * @param fn the function
   * @param items the items; may be endless
   * @param chunksize items per task
   * @param ordered whether results come in input order
   * @param deadline the deadline of the whole iteration; {@link Duration#ZERO} for none
   * @return the iterator
   */
  protected abstract <T, R> ResultIterator<R> lazy(
      String label,
      SerializableFunction<T, R> fn,
      Iterable<? extends T> items,
      int chunksize,
      boolean ordered,
      Duration deadline);

  /**
   * Returns the outcome as one of type {@code R}: a task's outcome holds its function's result.
   *
   * @param <R> the result type
   * @param outcome the outcome
   * @return the same outcome
   */
  @SuppressWarnings("unchecked")
  protected static <R> Outcome<R> typedOutcome(Outcome<Object> outcome) {
    return (Outcome<R>) (Outcome<?>) outcome;
  }

  /**
   * Joins the outcomes of a map's chunks (each a list of results) into one list, in order.
   *
   * @param <R> the result type
   * @param parts the chunks' outcomes, all complete
   * @param size the number of results
   * @return the results
   */
  @SuppressWarnings("unchecked")
  protected static <R> List<R> concat(List<Outcome<Object>> parts, int size) {
    List<R> results = new ArrayList<>(size);
    for (Outcome<Object> part : parts) {
      results.addAll((List<R>) part.join());
    }
    return results;
  }

  /**
   * Submits {@code all} in chunks of {@code chunksize}, one task each, and returns one result
   * that is their concatenation: it fails with the first chunk that fails, and cancelling it
   * cancels every chunk.
   *
   * @param <R> the result type
   * @param all the items
   * @param chunksize items per task
   * @param submit sends one chunk (a view of {@code all}: copy it if it is kept)
   * @return the whole map's result
   */
  protected static <R> AsyncResult<List<R>> chunked(
      List<Object> all, int chunksize, Function<List<Object>, Outcome<Object>> submit) {
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
    whole.whenComplete(
        (v, e) -> {
          if (whole.isCancelled()) {
            parts.forEach(p -> p.cancel(true));
          }
        });
    return whole;
  }

  @Override
  public <T, R> AsyncResult<R> applyAsync(SerializableFunction<T, R> fn, T arg) {
    return submitApply(fn, arg);
  }

  @Override
  public <T, R> AsyncResult<R> applyAsync(
      SerializableFunction<T, R> fn,
      T arg,
      Consumer<? super R> callback,
      Consumer<? super Throwable> errorCallback) {
    return withCallbacks(submitApply(fn, arg), callback, errorCallback);
  }

  @Override
  public <T, R> AsyncResult<List<R>> mapAsync(
      SerializableFunction<T, R> fn,
      Iterable<? extends T> items,
      Consumer<? super List<R>> callback,
      Consumer<? super Throwable> errorCallback) {
    return withCallbacks(mapAsync(fn, items), callback, errorCallback);
  }

  /**
   * Returns a result that completes as {@code task} does once a callback has run, as Python's
   * {@code ApplyResult._set} does: the callback has run by the time the result is ready, and
   * one that throws does not keep the result from being ready. Cancelling it cancels the task.
   *
   * @param <R> the result type
   * @param task the task's result
   * @param callback called with the value
   * @param errorCallback called with the exception
   * @return the result the caller gets
   */
  private static <R> AsyncResult<R> withCallbacks(
      AsyncResult<R> task,
      Consumer<? super R> callback,
      Consumer<? super Throwable> errorCallback) {
    java.util.Objects.requireNonNull(callback, "callback");
    java.util.Objects.requireNonNull(errorCallback, "errorCallback");
    var result = new Outcome<R>();
    result.onCancel((o, interrupt) -> task.cancel(interrupt));
    task.toCompletableFuture()
        .whenComplete(
            (value, error) -> {
              if (error instanceof java.util.concurrent.CompletionException c
                  && c.getCause() != null) {
                error = c.getCause();
              }
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
  public <T, R> AsyncResult<List<R>> mapAsync(
      SerializableFunction<T, R> fn, Iterable<? extends T> items) {
    List<Object> all = Chunking.toList(items);
    // a cluster pool may have no serving member (0 processes) for now
    return mapChunks(
        "map", fn, all, Chunking.defaultChunksize(all.size(), Math.max(1, processes())));
  }

  @Override
  public <T, R> AsyncResult<List<R>> mapAsync(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize) {
    Chunking.checkChunksize(chunksize);
    return mapChunks("map", fn, Chunking.toList(items), chunksize);
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

  @Override
  public int processes() {
    return lifecycle.options().processes();
  }

  @Override
  public List<ProcessInfo> workers() {
    return lifecycle.workers();
  }

  /**
   * As {@link java.util.concurrent.ExecutorService#close()}: waits until the workers have left
   * (exited, or kept for the next pool);
   * interrupted, it terminates the pool and still waits, then keeps the interrupt.
   */
  @Override
  public void close() {
    lifecycle.close();
    awaitTerminated();
  }

  @Override
  public void terminate() {
    lifecycle.terminate();
    awaitTerminated();
  }

  private void awaitTerminated() {
    boolean interrupted = false;
    while (true) {
      try {
        lifecycle.awaitTermination(-1);
        break;
      } catch (InterruptedException e) {
        if (!interrupted) {
          interrupted = true;
          lifecycle.terminate();
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void join() throws InterruptedException {
    if (!lifecycle.isShutdown()) {
      throw new IllegalStateException("Pool is still running: call close() or terminate() first");
    }
    lifecycle.awaitTermination(-1);
  }
}
