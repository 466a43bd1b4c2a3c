package dev.multiproc.internal.threads;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * {@link dev.multiproc.sync.MpLock} in this JVM: not reentrant, releasable by any thread, as
 * Python's {@code threading.Lock}. A one-bit {@link AbstractQueuedSynchronizer} (the mutex of its
 * javadoc, without an owner).
 */
public final class ThreadLock extends ThreadLockBase {
  private static final class Sync extends AbstractQueuedSynchronizer {
    @java.io.Serial private static final long serialVersionUID = 1L;

    @Override
    protected boolean tryAcquire(int ignored) {
      return compareAndSetState(0, 1);
    }

    @Override
    protected boolean tryRelease(int ignored) {
      return compareAndSetState(1, 0);
    }

    boolean held() {
      return getState() != 0;
    }
  }

  private final Sync sync = new Sync();

  @Override
  boolean acquireWithin(long nanos, boolean interruptible) throws InterruptedException {
    if (nanos == 0) {
      return sync.tryAcquire(1);
    }
    if (nanos > 0) {
      return sync.tryAcquireNanos(1, nanos);
    }
    if (interruptible) {
      sync.acquireInterruptibly(1);
    } else {
      sync.acquire(1);
    }
    return true;
  }

  @Override
  public void release() {
    if (!sync.release(1)) {
      throw new IllegalStateException("lock released too many times: " + this + " is not held");
    }
  }

  @Override
  void checkHeld(String action) {
    if (!sync.held()) {
      throw new IllegalMonitorStateException(
          "cannot " + action + " on un-acquired lock: " + this + " is free");
    }
  }

  @Override
  int releaseForWait() {
    checkHeld("wait");
    release();
    return 1;
  }

  @Override
  void reacquireAfterWait(int saved) {
    lock();
  }

  @Override
  public String toString() {
    return "Lock[threads@" + Integer.toHexString(System.identityHashCode(this))
        + (sync.held() ? ", locked" : ", unlocked") + "]";
  }
}
