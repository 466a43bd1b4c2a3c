package dev.multiproc.sync;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A condition variable across processes: Python's {@code multiprocessing.Condition}, and a
 * {@link java.util.concurrent.locks.Condition}. It is bound to one {@link MpLock} (an {@link
 * RLock} by default, as in Python) that the calling thread must hold to wait or signal: it must be
 * the thread that took the lock, for a plain {@link MpLock} as for an {@link RLock}. (Any thread
 * may release a plain lock, but no other thread can release it, or wait with it, through a
 * condition: Python only checks that someone holds a plain lock, this library that the caller
 * does.) Otherwise {@link IllegalMonitorStateException} is thrown and the lock is left as it was.
 *
 * <p>Waiting releases the lock (fully, for an {@link RLock} held several times), parks until a
 * signal or the timeout, and takes the lock back before returning.
 * A signal wakes waiters that were waiting when it was sent, oldest first; a waiter whose process
 * has died is skipped and not counted. As {@link java.util.concurrent.locks.Condition} advises,
 * wait in a loop that re-checks what you wait for, or use {@link #waitFor}.
 *
 * <p>At most 256 threads, across all processes, may wait on one condition at once; one more
 * gets an {@link IllegalStateException}.
 *
 * <p>Python's {@code wait(timeout)} is {@link #await(Duration)}, {@code wait_for} is {@link
 * #waitFor}, {@code notify(n)} is {@link #signal(int)} and {@code notify_all()} is {@link
 * #signalAll()} ({@code wait} and {@code notify} are {@link Object}'s final methods in Java).
 */
public interface MpCondition extends java.util.concurrent.locks.Condition, AutoCloseable {

  /**
   * Releases the lock, waits for a signal or the timeout, and takes the lock back. Python:
   * {@code cond.wait(timeout)}.
   *
   * @param timeout how long to wait at most
   * @return false if the timeout passed without a signal
   * @throws InterruptedException if the thread is interrupted while waiting (the lock is held
   *     again when it is thrown)
   * @throws IllegalMonitorStateException if the caller does not hold the lock
   */
  boolean await(Duration timeout) throws InterruptedException;

  /**
   * Waits until {@code predicate} is true, re-checking it after every wake-up. Python: {@code
   * cond.wait_for(predicate)}.
   *
   * @param predicate evaluated with the lock held
   * @throws InterruptedException if the thread is interrupted while waiting
   * @throws IllegalMonitorStateException if the caller does not hold the lock
   */
  void waitFor(BooleanSupplier predicate) throws InterruptedException;

  /**
   * Waits until {@code predicate} is true or the timeout passes. Python: {@code
   * cond.wait_for(predicate, timeout)}.
   *
   * @param predicate evaluated with the lock held
   * @param timeout how long to wait at most, in all
   * @return the predicate's last value
   * @throws InterruptedException if the thread is interrupted while waiting
   * @throws IllegalMonitorStateException if the caller does not hold the lock
   */
  boolean waitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException;

  /**
   * Wakes at most {@code n} waiters. Python: {@code cond.notify(n)}.
   *
   * @param n how many waiters to wake, at least 0
   * @throws IllegalMonitorStateException if the caller does not hold the lock
   * @throws IllegalArgumentException if {@code n} is negative
   */
  void signal(int n);

  /**
   * Returns the lock this condition is bound to.
   *
   * @return the lock
   */
  MpLock getLock();

  /**
   * Takes the lock until the returned guard is closed. Python: {@code with cond:}.
   *
   * @return the guard for a {@code try}-with-resources block
   */
  default Held hold() {
    return getLock().hold();
  }

  /**
   * Ends this copy; in the creating process the condition's shared memory is removed, and so is
   * the lock's when the condition created it ({@code Context.condition()}). Idempotent.
   */
  @Override
  void close();
}
