package dev.multiproc.internal.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.sync.ShmRLock;
import dev.multiproc.shared.SharedDoubleArray;
import java.io.Serial;
import java.lang.foreign.ValueLayout;
import org.jspecify.annotations.Nullable;

/** {@link SharedDoubleArray} in shared memory. */
public final class ShmDoubleArray extends ShmArray implements SharedDoubleArray {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the array.
   *
   * @param values its elements
   * @param lock its lock, or null for a raw array
   */
  public ShmDoubleArray(double[] values, @Nullable ShmRLock lock) {
    super(SegmentKind.DOUBLE_ARRAY, values.length, 8, lock);
    setAll(values);
  }

  @Override
  public double get(int index) {
    return Memory.getDoubleVolatile(memory(), offset(index));
  }

  @Override
  public void set(int index, double value) {
    Memory.setDoubleVolatile(memory(), offset(index), value);
  }

  @Override
  public boolean compareAndSet(int index, double expected, double value) {
    return Memory.compareAndSetDouble(memory(), offset(index), expected, value);
  }

  @Override
  public double[] toArray() {
    return elements().toArray(ValueLayout.JAVA_DOUBLE);
  }

  @Override
  public void setAll(double... values) {
    copyIn(values, ValueLayout.JAVA_DOUBLE, values.length);
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
