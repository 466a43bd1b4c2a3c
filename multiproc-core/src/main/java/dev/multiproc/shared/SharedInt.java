package dev.multiproc.shared;

import java.util.function.IntUnaryOperator;

/**
 * A 32-bit integer in shared memory: Python's {@code Value('i', …)}, with the atomic operations
 * of {@link java.util.concurrent.atomic.AtomicInteger}, which work across processes.
 */
public interface SharedInt extends SharedValue {

  /**
   * Returns the value (a volatile read). Python: {@code v.value}.
   *
   * @return the value
   */
  int get();

  /**
   * Sets the value (a volatile write). Python: {@code v.value = x}.
   *
   * @param value the new value
   */
  void set(int value);

  /**
   * Atomically adds {@code delta}.
   *
   * @param delta what to add
   * @return the value before
   */
  int getAndAdd(int delta);

  /**
   * Atomically adds {@code delta}.
   *
   * @param delta what to add
   * @return the value after
   */
  int addAndGet(int delta);

  /**
   * Atomically adds one.
   *
   * @return the value after
   */
  default int incrementAndGet() {
    return addAndGet(1);
  }

  /**
   * Atomically sets the value if it equals {@code expected}.
   *
   * @param expected the value it must have
   * @param value the new value
   * @return whether it was set
   */
  boolean compareAndSet(int expected, int value);

  /**
   * Atomically applies {@code update} (retrying if another process changed the value meanwhile,
   * so {@code update} must be free of side effects).
   *
   * @param update the function
   * @return the value after
   */
  default int updateAndGet(IntUnaryOperator update) {
    while (true) {
      int current = get();
      int next = update.applyAsInt(current);
      if (compareAndSet(current, next)) {
        return next;
      }
    }
  }
}
