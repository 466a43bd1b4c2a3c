package dev.multiproc.internal.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.sync.ShmRLock;
import dev.multiproc.shared.SharedIntArray;
import java.io.Serial;
import java.lang.foreign.ValueLayout;
import org.jspecify.annotations.Nullable;

/** {@link SharedIntArray} in shared memory. */
public final class ShmIntArray extends ShmArray implements SharedIntArray {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the array.
   *
   * @param values its elements
   * @param lock its lock, or null for a raw array
   */
  public ShmIntArray(int[] values, @Nullable ShmRLock lock) {
    super(SegmentKind.INT_ARRAY, values.length, 4, lock);
    setAll(values);
  }

  @Override
  public int get(int index) {
    return Memory.getIntVolatile(memory(), offset(index));
  }

  @Override
  public void set(int index, int value) {
    Memory.setIntVolatile(memory(), offset(index), value);
  }

  @Override
  public boolean compareAndSet(int index, int expected, int value) {
    return Memory.compareAndSetInt(memory(), offset(index), expected, value);
  }

  @Override
  public int[] toArray() {
    return elements().toArray(ValueLayout.JAVA_INT);
  }

  @Override
  public void setAll(int... values) {
    copyIn(values, ValueLayout.JAVA_INT, values.length);
  }

  @Override
  public int addAndGet(int index, int delta) {
    return Memory.getAndAddInt(memory(), offset(index), delta) + delta;
  }
}
