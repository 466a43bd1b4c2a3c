package dev.multiproc.internal.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.sync.ShmRLock;
import dev.multiproc.shared.SharedInt;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/** {@link SharedInt} in shared memory. */
public final class ShmInt extends ShmValue implements SharedInt {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the value.
   *
   * @param initial its value
   * @param lock its lock, or null for a raw value
   */
  public ShmInt(int initial, @Nullable ShmRLock lock) {
    super(SegmentKind.INT, 8, lock);
    set(initial);
  }

  @Override
  public int get() {
    return Memory.getIntVolatile(memory(), DATA);
  }

  @Override
  public void set(int value) {
    Memory.setIntVolatile(memory(), DATA, value);
  }

  @Override
  public int getAndAdd(int delta) {
    return Memory.getAndAddInt(memory(), DATA, delta);
  }

  @Override
  public int addAndGet(int delta) {
    return getAndAdd(delta) + delta;
  }

  @Override
  public boolean compareAndSet(int expected, int value) {
    return Memory.compareAndSetInt(memory(), DATA, expected, value);
  }

  @Override
  public String toString() {
    return "SharedInt[" + get() + "]";
  }
}
