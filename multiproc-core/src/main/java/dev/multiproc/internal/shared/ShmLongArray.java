package dev.multiproc.internal.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.sync.ShmRLock;
import dev.multiproc.shared.SharedLongArray;
import java.io.Serial;
import java.lang.foreign.ValueLayout;
import org.jspecify.annotations.Nullable;

/** {@link SharedLongArray} in shared memory. */
public final class ShmLongArray extends ShmArray implements SharedLongArray {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the array.
   *
   * @param values its elements
   * @param lock its lock, or null for a raw array
   */
  public ShmLongArray(long[] values, @Nullable ShmRLock lock) {
    super(SegmentKind.LONG_ARRAY, values.length, 8, lock);
    setAll(values);
  }

  @Override
  public long get(int index) {
    return Memory.getLongVolatile(memory(), offset(index));
  }

  @Override
  public void set(int index, long value) {
    Memory.setLongVolatile(memory(), offset(index), value);
  }

  @Override
  public boolean compareAndSet(int index, long expected, long value) {
    return Memory.compareAndSetLong(memory(), offset(index), expected, value);
  }

  @Override
  public long[] toArray() {
    return elements().toArray(ValueLayout.JAVA_LONG);
  }

  @Override
  public void setAll(long... values) {
    copyIn(values, ValueLayout.JAVA_LONG, values.length);
  }

  @Override
  public long addAndGet(int index, long delta) {
    return Memory.getAndAddLong(memory(), offset(index), delta) + delta;
  }
}
