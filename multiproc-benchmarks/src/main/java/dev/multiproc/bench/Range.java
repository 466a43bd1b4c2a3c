package dev.multiproc.bench;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The integers {@code 0 .. size-1} as a list that boxes them only when read: Python's {@code
 * range(size)}, so that building the inputs is timed where Python times it (inside {@code map}).
 */
final class Range extends AbstractList<Integer> implements RandomAccess {
  private final int size;

  private Range(int size) {
    this.size = size;
  }

  /** Returns {@code range(size)}. */
  static Range of(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: size=" + size);
    }
    return new Range(size);
  }

  @Override
  public Integer get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index=" + index + ", size=" + size);
    }
    return index;
  }

  @Override
  public int size() {
    return size;
  }
}
