package dev.multiproc.sync;

import java.time.Duration;

/**
 * A counting semaphore across processes: Python's {@code multiprocessing.Semaphore}. Create one
 * with {@code Context.semaphore(n)} and pass it to other processes as a task argument. {@link
 * #release()} may be called by any process, and may raise the value above its initial value (a
 * {@link BoundedSemaphore} refuses that).
 *
 * <p><b>Consumed and held permits.</b> A permit is taken one of two ways, and only one of
 * them is owed back when its taker dies:
 *
 * <ul>
 *   <li><b>consumed</b>: {@link #acquire()}, {@link #acquire(Duration)} and {@link #tryAcquire()}
 *       take a permit that belongs to no one from then on. Only a {@link #release()}, by any
 *       process, adds one back. A semaphore that counts signals (items produced, events, tokens)
 *       therefore never gets back what its consumers took, whether they return, exit, crash or
 *       are killed;
 *   <li><b>held</b>: {@link #hold()} takes a permit as a lock, owed by the calling process until
 *       the returned {@link Held} is closed, which gives it back. If the process ends in any way
 *       (killed, halted, crashed, or exiting with the hold still open) before closing it, a
 *       process that waits for a permit finds that out within about 50 ms and returns the
 *       permit to the semaphore; {@link #reclaimedPermits()} counts such permits.
 * </ul>
 *
 * <p>Mixing the two on one permit is the caller's mistake: a held permit is given back by closing
 * its {@link Held}, not by {@link #release()} (which adds a permit of its own, so the hold is
 * then still owed). Holds are tracked per process in a table of {@value #TRACKED_PROCESSES}
 * processes in the semaphore's shared memory; while it is full (that many live processes
 * holding permits at once), holds of further processes are not tracked, and such a process that
 * dies holding them loses them, as in Python.
 *
 * <p>In the threads context no holder can die without the whole JVM, so nothing is ever
 * reclaimed there: a thread that ends with a hold open keeps its permit, as with Python's
 * {@code threading.Semaphore}. A manager's semaphore lives in the manager's process, which takes
 * permits on its callers' behalf: consumed permits stay consumed, and a caller that dies inside
 * {@code hold()} does not give its permit back. A cluster's semaphore follows both rules, with
 * members and clients in place of processes.
 *
 * <p>Waits spin for a few microseconds, then park on a futex.
 */
public interface MpSemaphore extends AutoCloseable {

  /** How many processes holding permits at once the semaphore tracks. */
  int TRACKED_PROCESSES = 64;

  /**
   * Waits for a permit and takes it. Python: {@code sem.acquire()}.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void acquire() throws InterruptedException;

  /**
   * Takes a permit, waiting at most {@code timeout}. Python: {@code sem.acquire(timeout=t)}.
   *
   * @param timeout how long to wait at most; zero or negative means do not wait
   * @return whether a permit was taken
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  boolean acquire(Duration timeout) throws InterruptedException;

  /**
   * Takes a permit if one is free now. Python: {@code sem.acquire(False)}. It does not look for
   * held permits of dead processes; a waiting {@link #acquire(Duration)} does.
   *
   * @return whether a permit was taken
   */
  boolean tryAcquire();

  /**
   * Returns a permit. Python: {@code sem.release()}.
   *
   * @throws IllegalStateException for a {@link BoundedSemaphore} already at its initial value
   */
  void release();

  /**
   * Waits (not interruptibly) for a permit, takes it as held by this process and returns a guard
   * whose {@code close()} gives it back. Python: {@code with sem:}. If the process ends before
   * the guard is closed, the permit is reclaimed (see above).
   *
   * @return the guard for a {@code try}-with-resources block
   */
  Held hold();

  /**
   * Returns the number of free permits. Python: {@code sem.get_value()}.
   *
   * @return the value, at least 0
   */
  int getValue();

  /**
   * Returns how many permits have been taken back from processes that ended holding them
   * through {@link #hold()}, since the semaphore was created.
   *
   * @return the number of reclaimed permits
   */
  long reclaimedPermits();

  /**
   * Ends this copy; in the creating process the semaphore's shared memory is removed.
   * Idempotent.
   */
  @Override
  void close();
}
