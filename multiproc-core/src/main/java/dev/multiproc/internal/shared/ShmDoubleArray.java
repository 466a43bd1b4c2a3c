package dev.multiproc.internal.shared;

import dev.multiproc.shared.SharedDoubleArray;
import dev.multiproc.sync.RLock;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/** {@link SharedDoubleArray} in shared memory: the length, then the elements. */
public final class ShmDoubleArray extends ShmValue implements SharedDoubleArray {
  @Serial private static final long serialVersionUID = 1L;
  private static final int KIND = 312;
  private static final long ELEMENTS = DATA + 8;

  /** The number of elements. */
  private final int length;

  /**
   * Creates the array.
   *
   * @param values its elements
   * @param lock its lock, or null for a raw array
   */
  public ShmDoubleArray(double[] values, @Nullable RLock lock) {
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
  public double get(int index) {
    return (double) DOUBLE.getVolatile(memory(), offset(index));
  }

  @Override
  public void set(int index, double value) {
    DOUBLE.setVolatile(memory(), offset(index), value);
  }

  @Override
  public boolean compareAndSet(int index, double expected, double value) {
    return DOUBLE.compareAndSet(memory(), offset(index), expected, value);
  }

  @Override
  public double[] toArray() {
    double[] out = new double[length];
    for (int i = 0; i < length; i++) {
      out[i] = get(i);
    }
    return out;
  }

  @Override
  public void setAll(double... values) {
    if (values.length > length) {
      throw new IndexOutOfBoundsException(values.length + " values do not fit a shared array of "
          + "length " + length);
    }
    for (int i = 0; i < values.length; i++) {
      set(i, values[i]);
    }
  }

  @Override
  public double addAndGet(int index, double delta) {
    while (true) {
      double current = get(index);
      double next = current + delta;
      if (compareAndSet(index, current, next)) {
        return next;
      }
    }
  }
}
