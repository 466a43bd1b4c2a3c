package dev.multiproc.internal.sync;

import dev.multiproc.internal.shm.SharedHandle;
import dev.multiproc.sync.Held;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What {@link ShmLock} and {@link ShmRLock} share: the {@link java.util.concurrent.locks.Lock}
 * and Python-style methods, written once over four primitives, and the hooks a {@link
 * ShmCondition} needs to release the lock around a wait.
 */
public abstract sealed class ShmLockBase extends SharedHandle implements MpLock
    permits ShmLock, ShmRLock {
  @Serial private static final long serialVersionUID = 1L;

  ShmLockBase(int kind, long dataBytes) {
    super(kind, dataBytes);
  }

  /** Takes the lock by {@code deadline} ({@link Deadlines#NEVER} for none); false on timeout. */
  abstract boolean acquireBy(long deadline, boolean interruptible) throws InterruptedException;

  /** Takes the lock if it is free now (or its holder is dead). */
  abstract boolean acquireNow();

  /** Throws IllegalMonitorStateException, saying {@code action}, unless the caller holds it. */
  abstract void checkHeld(String action);

  /** Releases the lock entirely before a condition wait; returns what to restore after. */
  abstract int releaseForWait();

  /** Takes the lock back after a condition wait, uninterruptibly, restoring {@code saved}. */
  abstract void reacquireAfterWait(int saved);

  @Override
  public final void acquire() throws InterruptedException {
    Interruption.check();
    acquireBy(Deadlines.NEVER, true);
  }

  @Override
  public final boolean acquire(Duration timeout) throws InterruptedException {
    Interruption.check();
    return acquireBy(Deadlines.deadline(timeout), true);
  }

  @Override
  public final void lock() {
    try {
      acquireBy(Deadlines.NEVER, false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    }
  }

  @Override
  public final void lockInterruptibly() throws InterruptedException {
    Interruption.check();
    acquireBy(Deadlines.NEVER, true);
  }

  @Override
  public final boolean tryLock() {
    return acquireNow();
  }

  @Override
  public final boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    Interruption.check();
    return acquireBy(Deadlines.deadline(unit.toNanos(time)), true);
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
  public final MpCondition newCondition() {
    return new ShmCondition(this, false);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName().substring(3) + "[" + segmentName() + "]";
  }
}
