package dev.multiproc.internal.shared;

import dev.multiproc.shared.SharedLongArray;
import dev.multiproc.sync.RLock;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/** {@link SharedLongArray} in shared memory: the length, then the elements. */
public final class ShmLongArray extends ShmValue implements SharedLongArray {
  @Serial private static final long serialVersionUID = 1L;
  private static final int KIND = 311;
  private static final long ELEMENTS = DATA + 8;

  /** The number of elements. */
  private final int length;

  /**
   * Creates the array.
   *
   * @param values its elements
   * @param lock its lock, or null for a raw array
   */
  public ShmLongArray(long[] values, @Nullable RLock lock) {
    super(KIND, 8 + (long) 8 * values.length, lock);
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
    return ELEMENTS + (long) 8 * index;
  }

  @Override
  public long get(int index) {
    return (long) LONG.getVolatile(memory(), offset(index));
  }

  @Override
  public void set(int index, long value) {
    LONG.setVolatile(memory(), offset(index), value);
  }

  @Override
  public boolean compareAndSet(int index, long expected, long value) {
    return LONG.compareAndSet(memory(), offset(index), expected, value);
  }

  @Override
  public long[] toArray() {
    long[] out = new long[length];
    for (int i = 0; i < length; i++) {
      out[i] = get(i);
    }
    return out;
  }

  @Override
  public void setAll(long... values) {
    if (values.length > length) {
      throw new IndexOutOfBoundsException(values.length + " values do not fit a shared array of "
          + "length " + length);
    }
    for (int i = 0; i < values.length; i++) {
      set(i, values[i]);
    }
  }

  @Override
  public long addAndGet(int index, long delta) {
    return (long) LONG.getAndAdd(memory(), offset(index), delta) + delta;
  }
}
