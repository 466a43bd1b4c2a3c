package dev.multiproc.internal.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.sync.ShmRLock;
import dev.multiproc.shared.SharedLong;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/** {@link SharedLong} in shared memory. */
public final class ShmLong extends ShmValue implements SharedLong {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the value.
   *
   * @param initial its value
   * @param lock its lock, or null for a raw value
   */
  public ShmLong(long initial, @Nullable ShmRLock lock) {
    super(SegmentKind.LONG, 8, lock);
    set(initial);
  }

  @Override
  public long get() {
    return Memory.getLongVolatile(memory(), DATA);
  }

  @Override
  public void set(long value) {
    Memory.setLongVolatile(memory(), DATA, value);
  }

  @Override
  public long getAndAdd(long delta) {
    return Memory.getAndAddLong(memory(), DATA, delta);
  }

  @Override
  public long addAndGet(long delta) {
    return getAndAdd(delta) + delta;
  }

  @Override
  public boolean compareAndSet(long expected, long value) {
    return Memory.compareAndSetLong(memory(), DATA, expected, value);
  }

  @Override
  public String toString() {
    return "SharedLong[" + get() + "]";
  }
}
