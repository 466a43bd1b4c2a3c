package dev.multiproc.internal.threads;

import dev.multiproc.spi.LockWaits;
import dev.multiproc.sync.MpCondition;

/**
 * What {@link ThreadLock} and {@link ThreadRLock} share: conditions in this JVM, and nothing to
 * close. No holder can die without its JVM here, so {@link #previousHolderDied()} is always
 * false. The {@link java.util.concurrent.locks.Lock} and Python-style methods are {@link
 * LockWaits}'s.
 */
public abstract sealed class ThreadLockBase implements LockWaits permits ThreadLock, ThreadRLock {

  @Override
  public final boolean previousHolderDied() {
    return false;
  }

  @Override
  public final MpCondition newCondition() {
    return new ThreadCondition(this, false);
  }

  @Override
  public void close() {
    // heap only: nothing to remove
  }
}
