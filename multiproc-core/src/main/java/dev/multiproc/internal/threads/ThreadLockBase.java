package dev.multiproc.internal.threads;

import dev.multiproc.spi.Deadlines;
import dev.multiproc.spi.Holds;
import dev.multiproc.sync.Held;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What {@link ThreadLock} and {@link ThreadRLock} share: the {@link
 * java.util.concurrent.locks.Lock} and Python-style methods over three primitives, and the hooks
 * a {@link ThreadCondition} needs. No holder can die without its JVM here, so {@link
 * #previousHolderDied()} is always false.
 */
public abstract sealed class ThreadLockBase implements MpLock permits ThreadLock, ThreadRLock {

  /** Takes the lock within {@code nanos} (negative: for ever); false on timeout. */
  abstract boolean acquireWithin(long nanos, boolean interruptible) throws InterruptedException;

  /** Throws IllegalMonitorStateException, saying {@code action}, unless the caller may hold it. */
  abstract void checkHeld(String action);

  /** Releases the lock entirely before a condition wait; returns what to restore after. */
  abstract int releaseForWait();

  /** Takes the lock back after a condition wait, uninterruptibly, restoring {@code saved}. */
  abstract void reacquireAfterWait(int saved);

  @Override
  public final void acquire() throws InterruptedException {
    acquireWithin(-1, true);
  }

  @Override
  public final boolean acquire(Duration timeout) throws InterruptedException {
    return acquireWithin(Deadlines.nanos(timeout), true);
  }

  @Override
  public final void lock() {
    try {
      acquireWithin(-1, false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    }
  }

  @Override
  public final void lockInterruptibly() throws InterruptedException {
    acquireWithin(-1, true);
  }

  @Override
  public final boolean tryLock() {
    try {
      return acquireWithin(0, false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    }
  }

  @Override
  public final boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    return acquireWithin(Math.max(0, unit.toNanos(time)), true);
  }

  @Override
  public final void unlock() {
    release();
  }

  @Override
  public final Held hold() {
    lock();
    return Holds.releasingOnce(this::release);
  }

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
