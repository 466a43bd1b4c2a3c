package dev.multiproc.pool;

import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.function.SerializableRunnable;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * An {@link ExecutorService} whose tasks run in worker processes: Python's {@code
 * concurrent.futures.ProcessPoolExecutor}. Get one from {@code Multiprocessing.local().executor(n)}.
 *
 * <p>It keeps the {@link ExecutorService} contract: {@link #shutdown()} lets queued tasks finish,
 * {@link #shutdownNow()} kills the workers and returns the tasks that never started, a task
 * submitted after shutdown is rejected with {@link
 * java.util.concurrent.RejectedExecutionException}, and {@link #close()} waits for the queued
 * tasks (interrupted, it stops them as {@code shutdownNow} does, waits for the workers to exit and
 * keeps the interrupt). {@code invokeAll} and {@code invokeAny} cancel every task they leave
 * unfinished, including when the caller is interrupted; {@code invokeAny} with a timeout of zero or
 * less throws {@link java.util.concurrent.TimeoutException} without running a task; null tasks
 * are refused with {@link NullPointerException} before anything runs. Beyond the JDK: {@code
 * cancel(true)} on a running task kills its worker (a thread can no longer be stopped; a process
 * can), and {@link PoolOptions#taskTimeout()} gives every task a deadline. A task that {@code
 * shutdownNow} stops completes with {@link java.util.concurrent.CancellationException} (a JDK
 * thread pool's interrupted task usually fails with the exception the interrupt made it throw).
 *
 * <p>{@link #awaitTermination} and {@link #close()} return once the tasks are done and the
 * workers have left: idle workers are kept for the next pool or executor with the same JVM
 * options, as {@link Pool} explains, unless {@link PoolOptions#withFreshWorkers} asks otherwise.
 *
 * <p>Tasks must be serializable: declare the variable as {@code ProcessPoolExecutor} so that a
 * lambda passed to {@code submit} becomes a {@link SerializableCallable}. A plain {@link Callable}
 * that is not serializable is refused with {@link TaskTransferException} at submit.
 */
public interface ProcessPoolExecutor extends ExecutorService {

  /**
   * Submits a serializable task; the returned future completes when a worker has run it.
   *
   * @param task the task
   * @param <T> the result type
   * @return its future; also a {@link CompletableFuture} for composition
   */
  <T> CompletableFuture<T> submit(SerializableCallable<T> task);

  /**
   * Submits a serializable task that returns nothing.
   *
   * @param task the task
   * @return its future, completed with null
   */
  CompletableFuture<?> submit(SerializableRunnable task);

  /**
   * Submits {@code fn(arg)}. Python: {@code executor.submit(fn, arg)}.
   *
   * @param fn the function
   * @param arg its argument
   * @param <T> the argument type
   * @param <R> the result type
   * @return its future
   */
  <T, R> CompletableFuture<R> submit(SerializableFunction<T, R> fn, T arg);

  /**
   * Applies {@code fn} to every item; results come in input order. The input is read lazily,
   * {@code chunksize} items per task. Python: {@code executor.map(fn, items, timeout=,
   * chunksize=)}.
   *
   * @param fn the function
   * @param items the inputs
   * @param timeout the deadline for the whole map, counted from this call; {@link Duration#ZERO}
   *     for none. A result not ready by then makes {@code next()} throw {@link
   *     java.util.concurrent.CompletionException} caused by a {@link
   *     java.util.concurrent.TimeoutException}
   * @param chunksize items per task, at least 1
   * @param <T> the argument type
   * @param <R> the result type
   * @return the results
   */
  <T, R> ResultIterator<R> map(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, Duration timeout, int chunksize);

  /**
   * {@link #map(SerializableFunction, Iterable, Duration, int)} with no timeout, one item per task.
   *
   * @param fn the function
   * @param items the inputs
   * @param <T> the argument type
   * @param <R> the result type
   * @return the results
   */
  default <T, R> ResultIterator<R> map(SerializableFunction<T, R> fn, Iterable<? extends T> items) {
    return map(fn, items, Duration.ZERO, 1);
  }

  /**
   * Returns the number of worker processes.
   *
   * @return the executor's size
   */
  int processes();
}
