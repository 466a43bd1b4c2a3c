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
 *
 * <h2>Progress</h2>
 *
 * <p>{@code PoolOptions.of(4).withProgress(true)} makes {@code map}, {@code imap}, {@code
 * imapUnordered} and {@code starmap} (and {@code mapAsync}, {@code starmapAsync}) show items done
 * out of the total, the rate, the time elapsed and the time left on standard error: one line
 * redrawn in place on a terminal, a plain line every two seconds elsewhere, and a last line with
 * the totals however the map ends. See {@link dev.multiproc.pool.Progress}.
 *
 * <h2>Flight recorder events</h2>
 *
 * <p>Pools and workers commit Java Flight Recorder events in the category {@code multiproc}:
 *
 * <ul>
 *   <li>{@code dev.multiproc.TaskSubmitted}: a task (one call, or one chunk of a map) was queued;
 *       its id and encoded size.
 *   <li>{@code dev.multiproc.TaskStarted}: it was sent to a worker; the worker's pid and name.
 *   <li>{@code dev.multiproc.TaskEnded}: its result came back; the event's duration is from when
 *       the worker began it to its answer.
 *   <li>{@code dev.multiproc.TaskFailed}: it threw (the exception's class and message), its
 *       worker died or was killed at its deadline, its result could not be decoded, or the pool
 *       broke.
 *   <li>{@code dev.multiproc.WorkerStarted}: a worker JVM started; the duration is its start-up.
 *   <li>{@code dev.multiproc.WorkerExited}: a worker JVM ended; its pid, exit code and lifetime.
 * </ul>
 *
 * <p>They cost nothing unless a recording is running. To record them, start the program with
 * {@code java -XX:StartFlightRecording:filename=rec.jfr,settings=profile ...} (or {@code jcmd <pid>
 * JFR.start}), then open {@code rec.jfr} in JDK Mission Control, or print them with {@code jfr
 * print --categories multiproc rec.jfr}. In code, {@code jdk.jfr.consumer.RecordingStream} with
 * {@code enable("dev.multiproc.TaskEnded")} watches them live. The events are enabled by
 * default, so the {@code default} settings record them too.
 */
@NullMarked
package dev.multiproc.pool;

import org.jspecify.annotations.NullMarked;
