package dev.multiproc.internal.sync;

import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.shm.SharedHandle;
import dev.multiproc.spi.LockWaits;
import dev.multiproc.sync.MpCondition;
import java.io.Serial;

/**
 * What {@link ShmLock} and {@link ShmRLock} share: a segment of their own, and conditions in
 * shared memory. The {@link java.util.concurrent.locks.Lock} and Python-style methods are {@link
 * LockWaits}'s.
 */
public abstract sealed class ShmLockBase extends SharedHandle implements LockWaits
    permits ShmLock, ShmRLock {
  @Serial private static final long serialVersionUID = 1L;

  ShmLockBase(SegmentKind kind, long dataBytes) {
    super(kind, dataBytes);
  }

  @Override
  public final MpCondition newCondition() {
    return new ShmCondition(this, false);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName().substring(3) + "[" + segmentName() + "]";
  }
}
