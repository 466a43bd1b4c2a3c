package dev.multiproc.shared;

/**
 * A double in shared memory: Python's {@code Value('d', …)}. The atomic operations compare the
 * bits of the values, as {@link java.lang.invoke.VarHandle} does.
 */
public interface SharedDouble extends SharedValue {

  /**
   * Returns the value (a volatile read).
   *
   * @return the value
   */
  double get();

  /**
   * Sets the value (a volatile write).
   *
   * @param value the new value
   */
  void set(double value);

  /**
   * Atomically adds {@code delta}.
   *
   * @param delta what to add
   * @return the value after
   */
  double addAndGet(double delta);

  /**
   * Atomically sets the value if its bits equal {@code expected}'s.
   *
   * @param expected the value it must have
   * @param value the new value
   * @return whether it was set
   */
  boolean compareAndSet(double expected, double value);
}
