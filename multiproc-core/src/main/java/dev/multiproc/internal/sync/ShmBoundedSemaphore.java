package dev.multiproc.internal.sync;

import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.sync.BoundedSemaphore;
import java.io.Serial;
import java.lang.foreign.MemorySegment;

/** Python's {@code multiprocessing.BoundedSemaphore}: a {@link ShmSemaphore} that refuses a
 * release above its initial value. */
public final class ShmBoundedSemaphore extends ShmSemaphore implements BoundedSemaphore {
  @Serial private static final long serialVersionUID = 1L;
  private final int initial;

  private ShmBoundedSemaphore(int value) {
    super(SegmentKind.BOUNDED_SEMAPHORE, value);
    this.initial = value;
  }

  /**
   * Creates a bounded semaphore owned by this process.
   *
   * @param value the initial number of permits, and the bound, at least 0
   * @return the semaphore
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static ShmBoundedSemaphore create(int value) {
    return new ShmBoundedSemaphore(value);
  }

  @Override
  long bound(MemorySegment m) {
    return initial;
  }

  @Override
  public int initialValue() {
    return initial;
  }
}
