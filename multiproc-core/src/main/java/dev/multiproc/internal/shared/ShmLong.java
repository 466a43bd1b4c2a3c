package dev.multiproc.internal.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.shm.ShmLayout;
import dev.multiproc.internal.sync.ShmRLock;
import dev.multiproc.shared.SharedLong;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/** {@link SharedLong} in shared memory. */
public final class ShmLong extends ShmValue implements SharedLong {
  @Serial private static final long serialVersionUID = 1L;

  /** The value's word, after the header. */
  static final ShmLayout LAYOUT = ShmLayout.of("ShmLong").int64("value", "the long").build();

  private static final long VALUE = DATA + LAYOUT.offset("value");

  /**
   * Creates the value.
   *
   * @param initial its value
   * @param lock its lock, or null for a raw value
   */
  public ShmLong(long initial, @Nullable ShmRLock lock) {
    super(SegmentKind.LONG, LAYOUT.size(), lock);
    set(initial);
  }

  @Override
  public long get() {
    return Memory.getLongVolatile(memory(), VALUE);
  }

  @Override
  public void set(long value) {
    Memory.setLongVolatile(memory(), VALUE, value);
  }

  @Override
  public long getAndAdd(long delta) {
    return Memory.getAndAddLong(memory(), VALUE, delta);
  }

  @Override
  public long addAndGet(long delta) {
    return getAndAdd(delta) + delta;
  }

  @Override
  public boolean compareAndSet(long expected, long value) {
    return Memory.compareAndSetLong(memory(), VALUE, expected, value);
  }

  @Override
  public String toString() {
    return "SharedLong[" + get() + "]";
  }
}
