package dev.multiproc.sync;

/**
 * A semaphore whose value never exceeds its initial value: Python's {@code
 * multiprocessing.BoundedSemaphore}. A release that would go above it is refused, which catches
 * a permit released twice.
 */
public interface BoundedSemaphore extends MpSemaphore {

  /**
   * Returns a permit.
   *
   * @throws IllegalStateException if the value is already the initial value ("released too many
   *     times"); the message gives both
   */
  @Override
  void release();

  /**
   * Returns the value the semaphore was created with, which is also its bound.
   *
   * @return the initial value
   */
  int initialValue();
}
