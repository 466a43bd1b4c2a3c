package dev.multiproc.shared;

/**
 * What every shared array has: a fixed length, Python's {@code len(arr)}. Indexes out of range
 * throw {@link IndexOutOfBoundsException} naming the index and the length.
 */
public interface SharedArray extends SharedValue {

  /**
   * Returns the number of elements.
   *
   * @return the length
   */
  int length();
}
