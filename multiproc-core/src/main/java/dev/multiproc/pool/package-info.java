/**
 * Pools of worker processes: {@link dev.multiproc.pool.Pool} (Python's {@code Pool}), {@link
 * dev.multiproc.pool.ProcessPoolExecutor} (a {@link java.util.concurrent.ExecutorService}, Python's
 * {@code concurrent.futures.ProcessPoolExecutor}), their results ({@link
 * dev.multiproc.pool.AsyncResult}, {@link dev.multiproc.pool.ResultIterator}), options ({@link
 * dev.multiproc.pool.PoolOptions}) and failures ({@link dev.multiproc.pool.ProcessPoolException}
 * and its subclasses, {@link dev.multiproc.pool.RemoteTraceback}, {@link
 * dev.multiproc.pool.RemoteException}).
 *
 * <p>Start with {@link dev.multiproc.pool.Pool}.
 */
@NullMarked
package dev.multiproc.pool;

import org.jspecify.annotations.NullMarked;
