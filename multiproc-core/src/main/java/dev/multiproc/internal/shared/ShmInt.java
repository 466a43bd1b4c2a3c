package dev.multiproc.internal.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.shm.ShmLayout;
import dev.multiproc.internal.sync.ShmRLock;
import dev.multiproc.shared.SharedInt;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/** {@link SharedInt} in shared memory. */
public final class ShmInt extends ShmValue implements SharedInt {
  @Serial private static final long serialVersionUID = 1L;

  /** The value's word, after the header. */
  static final ShmLayout LAYOUT = ShmLayout.of("ShmInt").int32("value", "the int").align(8).build();

  private static final long VALUE = DATA + LAYOUT.offset("value");

  /**
   * Creates the value.
   *
   * @param initial its value
   * @param lock its lock, or null for a raw value
   */
  public ShmInt(int initial, @Nullable ShmRLock lock) {
    super(SegmentKind.INT, LAYOUT.size(), lock);
    set(initial);
  }

  @Override
  public int get() {
    return Memory.getIntVolatile(memory(), VALUE);
  }

  @Override
  public void set(int value) {
    Memory.setIntVolatile(memory(), VALUE, value);
  }

  @Override
  public int getAndAdd(int delta) {
    return Memory.getAndAddInt(memory(), VALUE, delta);
  }

  @Override
  public int addAndGet(int delta) {
    return getAndAdd(delta) + delta;
  }

  @Override
  public boolean compareAndSet(int expected, int value) {
    return Memory.compareAndSetInt(memory(), VALUE, expected, value);
  }

  @Override
  public String toString() {
    return "SharedInt[" + get() + "]";
  }
}
