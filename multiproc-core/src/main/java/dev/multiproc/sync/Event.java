package dev.multiproc.sync;

import java.time.Duration;

/**
 * A flag that processes wait for: Python's {@code multiprocessing.Event}. It starts clear; {@link
 * #set()} wakes every waiter, and waits return at once while it stays set.
 *
 * <p>Python's {@code wait()} is {@link #await()} ({@code wait} is {@link Object}'s final method
 * in Java). A waiter spins for a few microseconds, then parks on a futex; setting an event
 * nobody is parked on costs one atomic operation.
 */
public interface Event extends AutoCloseable {

  /** Sets the flag and wakes every waiter. Python: {@code event.set()}. */
  void set();

  /** Clears the flag. Python: {@code event.clear()}. */
  void clear();

  /**
   * Whether the flag is set. Python: {@code event.is_set()}.
   *
   * @return true if set
   */
  boolean isSet();

  /**
   * Waits until the flag is set. Python: {@code event.wait()}.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void await() throws InterruptedException;

  /**
   * Waits until the flag is set or the timeout passes. Python: {@code event.wait(timeout)}.
   *
   * @param timeout how long to wait at most
   * @return whether the flag is set (false only on timeout)
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  boolean await(Duration timeout) throws InterruptedException;

  /**
   * Ends this copy; in the creating process the event's shared memory is removed. Idempotent.
   */
  @Override
  void close();
}
