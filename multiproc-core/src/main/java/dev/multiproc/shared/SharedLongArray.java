package dev.multiproc.shared;

/**
 * An array of longs in shared memory: Python's {@code Array('q', …)}. Element reads and writes
 * are volatile; the atomic operations work across processes.
 */
public interface SharedLongArray extends SharedArray {

  /**
   * Returns element {@code index}. Python: {@code arr[i]}.
   *
   * @param index the index
   * @return the element
   */
  long get(int index);

  /**
   * Sets element {@code index}. Python: {@code arr[i] = x}.
   *
   * @param index the index
   * @param value the new element
   */
  void set(int index, long value);

  /**
   * Atomically adds {@code delta} to element {@code index}.
   *
   * @param index the index
   * @param delta what to add
   * @return the element after
   */
  long addAndGet(int index, long delta);

  /**
   * Atomically sets element {@code index} if it equals {@code expected}.
   *
   * @param index the index
   * @param expected the element it must be
   * @param value the new element
   * @return whether it was set
   */
  boolean compareAndSet(int index, long expected, long value);

  /**
   * Copies the elements out (each read is volatile; the copy as a whole is not atomic: hold the
   * lock for a consistent snapshot). Python: {@code arr[:]}.
   *
   * @return a new array
   */
  long[] toArray();

  /**
   * Copies {@code values} in from index 0. Python: {@code arr[:len(values)] = values}.
   *
   * @param values the elements
   * @throws IndexOutOfBoundsException if there are more values than elements
   */
  void setAll(long... values);
}
