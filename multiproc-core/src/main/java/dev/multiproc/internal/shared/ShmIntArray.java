package dev.multiproc.internal.shared;

import dev.multiproc.shared.SharedIntArray;
import dev.multiproc.sync.RLock;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/** {@link SharedIntArray} in shared memory: the length, then the elements. */
public final class ShmIntArray extends ShmValue implements SharedIntArray {
  @Serial private static final long serialVersionUID = 1L;
  private static final int KIND = 310;
  private static final long ELEMENTS = DATA + 8;

  /** The number of elements. */
  private final int length;

  /**
   * Creates the array.
   *
   * @param values its elements
   * @param lock its lock, or null for a raw array
   */
  public ShmIntArray(int[] values, @Nullable RLock lock) {
    super(KIND, 8 + (long) 4 * values.length, lock);
    this.length = values.length;
    setAll(values);
  }

  @Override
  public int length() {
    return length;
  }

  private long offset(int index) {
    if (index < 0 || index >= length) {
      throw outOfRange(index, length);
    }
    return ELEMENTS + (long) 4 * index;
  }

  @Override
  public int get(int index) {
    return (int) INT.getVolatile(memory(), offset(index));
  }

  @Override
  public void set(int index, int value) {
    INT.setVolatile(memory(), offset(index), value);
  }

  @Override
  public boolean compareAndSet(int index, int expected, int value) {
    return INT.compareAndSet(memory(), offset(index), expected, value);
  }

  @Override
  public int[] toArray() {
    int[] out = new int[length];
    for (int i = 0; i < length; i++) {
      out[i] = get(i);
    }
    return out;
  }

  @Override
  public void setAll(int... values) {
    if (values.length > length) {
      throw new IndexOutOfBoundsException(values.length + " values do not fit a shared array of "
          + "length " + length);
    }
    for (int i = 0; i < values.length; i++) {
      set(i, values[i]);
    }
  }

  @Override
  public int addAndGet(int index, int delta) {
    return (int) INT.getAndAdd(memory(), offset(index), delta) + delta;
  }
}
