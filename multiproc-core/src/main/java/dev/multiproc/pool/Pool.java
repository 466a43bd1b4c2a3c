package dev.multiproc.pool;

import dev.multiproc.function.Args2;
import dev.multiproc.function.Args3;
import dev.multiproc.function.SerializableBiFunction;
import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.function.SerializableTriFunction;
import dev.multiproc.process.ProcessInfo;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A pool of worker processes that run tasks: Python's {@code multiprocessing.Pool}. Get one from
 * {@code Multiprocessing.local().pool(n)}.
 *
 * <pre>{@code
 * try (Pool pool = Multiprocessing.local().pool(4)) {
 *   List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 *
 * <p>Functions are serializable lambdas or method references; they and their arguments are
 * encoded on the calling thread, so a task that cannot be sent fails at once with {@link
 * TaskTransferException}. The synchronous methods ({@link #apply}, {@link #map}, {@link #starmap})
 * throw the task's own exception when it is unchecked, as Python re-raises it, with a {@link
 * RemoteTraceback} as its cause; checked exceptions arrive wrapped in {@link RemoteException}. A
 * worker that dies fails only the task it was running ({@link WorkerDiedException}), and is
 * replaced.
 *
 * <p>{@link #close()} differs from Python on purpose: Python's {@code with Pool()} terminates the
 * workers on exit, dropping queued tasks; try-with-resources here does what {@link
 * java.util.concurrent.ExecutorService#close()} does: no new tasks, finish the queued ones, wait
 * for the workers to leave the pool. Call {@link #terminate()} to stop at once.
 *
 * <p><b>Reused workers.</b> A closed pool's idle workers are not ended but kept, for up to a
 * minute, for the next pool of this process with the same {@link
 * dev.multiproc.process.JvmOptions}: creating that pool then costs no JVM start. What a reused
 * worker keeps from the tasks of earlier pools: static fields and what hangs off them (caches,
 * singletons), system properties, classes loaded, threads a task started and left running. Every
 * task still gets its own arguments and the pool's class filter. Fresh workers, neither reused
 * nor kept, are one option away ({@link PoolOptions#withFreshWorkers}), and are what a pool with
 * an initializer or a {@code maxTasksPerChild} limit always gets. A {@code ChildProcess} never
 * gets a worker that ran a pool's tasks. Kept workers exit with this JVM, however it ends.
 */
public interface Pool extends AutoCloseable {

  /* --------------- one task --------------- */

  /**
   * Runs {@code fn(arg)} in a worker and returns its result. Python: {@code apply}.
   *
   * @param fn the function
   * @param arg its argument
   * @param <T> the argument type
   * @param <R> the result type
   * @return the result
   * @throws IllegalStateException if the pool is closed
   */
  default <T, R> R apply(SerializableFunction<T, R> fn, T arg) {
    return join(applyAsync(fn, arg));
  }

  /**
   * Runs {@code task()} in a worker and returns its result. Python: {@code apply} with no args.
   *
   * @param task the task
   * @param <R> the result type
   * @return the result
   */
  default <R> R apply(SerializableCallable<R> task) {
    return join(applyAsync(task));
  }

  /**
   * Submits {@code fn(arg)}. Python: {@code apply_async}.
   *
   * @param fn the function
   * @param arg its argument
   * @param <T> the argument type
   * @param <R> the result type
   * @return its result, later
   */
  <T, R> AsyncResult<R> applyAsync(SerializableFunction<T, R> fn, T arg);

  /**
   * Submits {@code fn(arg)} with callbacks. Python: {@code apply_async(callback=,
   * error_callback=)}. Callbacks run on the pool's result thread and should be quick.
   *
   * @param fn the function
   * @param arg its argument
   * @param callback called with the result when the task succeeds
   * @param errorCallback called with the exception when it fails
   * @param <T> the argument type
   * @param <R> the result type
   * @return its result, later
   */
  <T, R> AsyncResult<R> applyAsync(
      SerializableFunction<T, R> fn,
      T arg,
      Consumer<? super R> callback,
      Consumer<? super Throwable> errorCallback);

  /**
   * Submits {@code task()}.
   *
   * @param task the task
   * @param <R> the result type
   * @return its result, later
   */
  <R> AsyncResult<R> applyAsync(SerializableCallable<R> task);

  /* --------------- map --------------- */

  /**
   * Applies {@code fn} to every item in workers and returns the results in order; items are sent
   * in chunks of Python's default size. Python: {@code map}.
   *
   * @param fn the function
   * @param items the inputs
   * @param <T> the argument type
   * @param <R> the result type
   * @return the results, in input order
   */
  default <T, R> List<R> map(SerializableFunction<T, R> fn, Iterable<? extends T> items) {
    return join(mapAsync(fn, items));
  }

  /**
   * Applies {@code fn} to every item, sending {@code chunksize} items per task.
   *
   * @param fn the function
   * @param items the inputs
   * @param chunksize items per task, at least 1
   * @param <T> the argument type
   * @param <R> the result type
   * @return the results, in input order
   * @throws IllegalArgumentException if {@code chunksize < 1}
   */
  default <T, R> List<R> map(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize) {
    return join(mapAsync(fn, items, chunksize));
  }

  /**
   * Submits a map with Python's default chunk size: {@code ceil(len / (4 * processes))}. Python:
   * {@code map_async}.
   *
   * @param fn the function
   * @param items the inputs
   * @param <T> the argument type
   * @param <R> the result type
   * @return the results, later
   */
  <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<T, R> fn, Iterable<? extends T> items);

  /**
   * Submits a map with callbacks. Python: {@code map_async(func, iterable, callback=,
   * error_callback=)}. A callback runs once, for the whole map, on the pool's result thread, and
   * should be quick; it has run by the time the result is ready.
   *
   * @param fn the function
   * @param items the inputs
   * @param callback called with the results, in input order, when every item succeeded
   * @param errorCallback called with the first exception when an item failed
   * @param <T> the argument type
   * @param <R> the result type
   * @return the results, later
   */
  <T, R> AsyncResult<List<R>> mapAsync(
      SerializableFunction<T, R> fn,
      Iterable<? extends T> items,
      Consumer<? super List<R>> callback,
      Consumer<? super Throwable> errorCallback);

  /**
   * Submits a map with {@code chunksize} items per task.
   *
   * @param fn the function
   * @param items the inputs
   * @param chunksize items per task, at least 1
   * @param <T> the argument type
   * @param <R> the result type
   * @return the results, later
   * @throws IllegalArgumentException if {@code chunksize < 1}
   */
  <T, R> AsyncResult<List<R>> mapAsync(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize);

  /**
   * Applies {@code fn} lazily: results come in input order as they are ready, the input is read
   * only a bounded window ahead. Python: {@code imap(func, iterable, chunksize)}.
   *
   * @param fn the function
   * @param items the inputs; may be endless
   * @param chunksize items per task, at least 1
   * @param <T> the argument type
   * @param <R> the result type
   * @return the results
   */
  <T, R> ResultIterator<R> imap(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize);

  /**
   * {@link #imap(SerializableFunction, Iterable, int)} with one item per task.
   *
   * @param fn the function
   * @param items the inputs; may be endless
   * @param <T> the argument type
   * @param <R> the result type
   * @return the results
   */
  default <T, R> ResultIterator<R> imap(
      SerializableFunction<T, R> fn, Iterable<? extends T> items) {
    return imap(fn, items, 1);
  }

  /**
   * Like {@link #imap(SerializableFunction, Iterable, int)}, but results come in the order they
   * finish. Python: {@code imap_unordered}.
   *
   * @param fn the function
   * @param items the inputs; may be endless
   * @param chunksize items per task, at least 1
   * @param <T> the argument type
   * @param <R> the result type
   * @return the results, in completion order
   */
  <T, R> ResultIterator<R> imapUnordered(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, int chunksize);

  /**
   * {@link #imapUnordered(SerializableFunction, Iterable, int)} with one item per task.
   *
   * @param fn the function
   * @param items the inputs; may be endless
   * @param <T> the argument type
   * @param <R> the result type
   * @return the results, in completion order
   */
  default <T, R> ResultIterator<R> imapUnordered(
      SerializableFunction<T, R> fn, Iterable<? extends T> items) {
    return imapUnordered(fn, items, 1);
  }

  /* --------------- starmap --------------- */

  /**
   * Applies a two-argument function to each pair. Python: {@code starmap}.
   *
   * @param fn the function
   * @param items the argument pairs, made with {@link Args2#args}
   * @param <A> the first argument type
   * @param <B> the second argument type
   * @param <R> the result type
   * @return the results, in input order
   */
  default <A, B, R> List<R> starmap(
      SerializableBiFunction<A, B, R> fn, Iterable<? extends Args2<A, B>> items) {
    return join(starmapAsync(fn, items));
  }

  /**
   * Applies a three-argument function to each triple. Python: {@code starmap}.
   *
   * @param fn the function
   * @param items the argument triples, made with {@link Args3#args}
   * @param <A> the first argument type
   * @param <B> the second argument type
   * @param <C> the third argument type
   * @param <R> the result type
   * @return the results, in input order
   */
  default <A, B, C, R> List<R> starmap(
      SerializableTriFunction<A, B, C, R> fn, Iterable<? extends Args3<A, B, C>> items) {
    return map(a -> fn.apply(a.first(), a.second(), a.third()), items);
  }

  /**
   * Submits a starmap. Python: {@code starmap_async}.
   *
   * @param fn the function
   * @param items the argument pairs
   * @param <A> the first argument type
   * @param <B> the second argument type
   * @param <R> the result type
   * @return the results, later
   */
  default <A, B, R> AsyncResult<List<R>> starmapAsync(
      SerializableBiFunction<A, B, R> fn, Iterable<? extends Args2<A, B>> items) {
    return mapAsync(a -> fn.applyChecked(a.first(), a.second()), items);
  }

  /**
   * Submits a starmap with callbacks. Python: {@code starmap_async(func, iterable, callback=,
   * error_callback=)}.
   *
   * @param fn the function
   * @param items the argument pairs
   * @param callback called with the results, in input order, when every item succeeded
   * @param errorCallback called with the first exception when an item failed
   * @param <A> the first argument type
   * @param <B> the second argument type
   * @param <R> the result type
   * @return the results, later
   */
  default <A, B, R> AsyncResult<List<R>> starmapAsync(
      SerializableBiFunction<A, B, R> fn,
      Iterable<? extends Args2<A, B>> items,
      Consumer<? super List<R>> callback,
      Consumer<? super Throwable> errorCallback) {
    return mapAsync(a -> fn.applyChecked(a.first(), a.second()), items, callback, errorCallback);
  }

  /* --------------- lifecycle --------------- */

  /**
   * Returns the number of worker processes.
   *
   * @return the pool's size
   */
  int processes();

  /**
   * Returns the worker processes running now.
   *
   * @return name and pid of each live worker
   */
  List<ProcessInfo> workers();

  /**
   * Accepts no more tasks, finishes the queued ones, waits for the workers to leave the pool:
   * each exits, or, when the pool reuses workers, waits idle for the next pool. Python: {@code
   * close()} then {@code join()}. Idempotent.
   */
  @Override
  void close();

  /**
   * Stops the workers at once; tasks not finished fail with {@link
   * java.util.concurrent.CancellationException}. Python: {@code terminate()}.
   */
  void terminate();

  /**
   * Waits for the workers to leave the pool after {@link #close()} or {@link #terminate()}: to
   * exit, or to be kept for the next pool (see the class comment). Python: {@code join()}.
   *
   * @throws IllegalStateException if the pool is still running
   * @throws InterruptedException if this thread is interrupted
   */
  void join() throws InterruptedException;

  /**
   * Returns the result of {@code result}, throwing what the task threw as the synchronous methods
   * do.
   *
   * @param result a submitted task
   * @param <R> the result type
   * @return the result
   */
  private static <R> R join(AsyncResult<R> result) {
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw RemoteException.rethrowable(java.util.Objects.requireNonNull(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.cancel(true);
      throw new java.util.concurrent.CancellationException("interrupted while waiting");
    }
  }
}
