package dev.multiproc.internal.shared;

import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.shm.SharedHandle;
import dev.multiproc.internal.sync.ShmRLock;
import dev.multiproc.shared.SharedValue;
import dev.multiproc.sync.RLock;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * The base of the shared values and arrays: a segment of their own for the data, and (unless
 * raw) a reentrant lock of its own, which travels with the value to other processes.
 */
abstract class ShmValue extends SharedHandle implements SharedValue {
  @Serial private static final long serialVersionUID = 1L;

  /** The lock, or null for a raw value. */
  private final @Nullable ShmRLock lock;

  ShmValue(SegmentKind kind, long dataBytes, @Nullable ShmRLock lock) {
    super(kind, dataBytes);
    this.lock = lock;
  }

  @Override
  public final RLock getLock() {
    if (lock == null) {
      throw new UnsupportedOperationException(
          getClass().getSimpleName()
              + " "
              + segmentName()
              + " was created raw (lock=false):"
              + " it has no lock; use its atomic operations or a separate lock");
    }
    return lock;
  }

  @Override
  public final boolean hasLock() {
    return lock != null;
  }

  @Override
  public void close() {
    super.close();
    if (lock != null) {
      lock.close();
    }
  }

  static IndexOutOfBoundsException outOfRange(int index, int length) {
    return new IndexOutOfBoundsException(
        "index " + index + " out of range for a shared array of length " + length);
  }
}
