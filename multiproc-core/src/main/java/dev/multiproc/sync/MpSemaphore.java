package dev.multiproc.sync;

import java.time.Duration;

/**
 * A counting semaphore across processes: Python's {@code multiprocessing.Semaphore}. Create one
 * with {@code Context.semaphore(n)} and pass it to other processes as a task argument. {@link
 * #release()} may be called by any process, and may raise the value above its initial value (a
 * {@link BoundedSemaphore} refuses that).
 *
 * <p><b>Permits of a process that dies.</b> The semaphore remembers how many permits each process
 * holds (acquired and not yet released), in a table of {@value #TRACKED_PROCESSES} processes in
 * its shared memory. When a process ends holding permits, a process that waits for a permit
 * finds that out within about 50 ms and returns those permits to the semaphore, so they are not
 * lost; {@link #reclaimedPermits()} counts them. A release by a process that holds no permit
 * (a semaphore used as a counter of events) is not owed to anyone. Two consequences:
 *
 * <ul>
 *   <li>if a process that only acquires (a consumer of events) dies, the permits it took are
 *       given back too: a semaphore that counts events should not rely on this;
 *   <li>while the table is full ({@value #TRACKED_PROCESSES} live processes holding permits at
 *       once), permits that further processes acquire are not tracked: if such a process dies
 *       holding them they are lost, as they always are in Python.
 * </ul>
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
   * permits of dead processes; a timed {@link #acquire(Duration)} does.
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
   * Waits (not interruptibly) for a permit, takes it and returns a guard whose {@code close()}
   * returns it. Python: {@code with sem:}.
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
   * Returns how many permits have been taken back from processes that died holding them, since
   * the semaphore was created.
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
