package dev.multiproc.shared;

/**
 * A 64-bit integer in shared memory: Python's {@code Value('q', …)}, with the atomic operations
 * of {@link java.util.concurrent.atomic.AtomicLong}, which work across processes.
 */
public interface SharedLong extends SharedValue {

  /**
   * Returns the value (a volatile read).
   *
   * @return the value
   */
  long get();

  /**
   * Sets the value (a volatile write).
   *
   * @param value the new value
   */
  void set(long value);

  /**
   * Atomically adds {@code delta}.
   *
   * @param delta what to add
   * @return the value before
   */
  long getAndAdd(long delta);

  /**
   * Atomically adds {@code delta}.
   *
   * @param delta what to add
   * @return the value after
   */
  long addAndGet(long delta);

  /**
   * Atomically sets the value if it equals {@code expected}.
   *
   * @param expected the value it must have
   * @param value the new value
   * @return whether it was set
   */
  boolean compareAndSet(long expected, long value);
}
