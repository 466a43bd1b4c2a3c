package dev.multiproc.internal.threads;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import org.jspecify.annotations.Nullable;

/**
 * {@link dev.multiproc.sync.MpLock} in this JVM: not reentrant, releasable by any thread, as
 * Python's {@code threading.Lock}. A one-bit {@link AbstractQueuedSynchronizer} (the mutex of its
 * javadoc) that remembers the thread that took it, so that a condition lets only that thread
 * wait or signal; a release by any thread forgets it.
 */
public final class ThreadLock extends ThreadLockBase {
  private static final class Sync extends AbstractQueuedSynchronizer {
    @java.io.Serial private static final long serialVersionUID = 1L;

    @Override
    protected boolean tryAcquire(int ignored) {
      if (!compareAndSetState(0, 1)) {
        return false;
      }
      setExclusiveOwnerThread(Thread.currentThread());
      return true;
    }

    @Override
    protected boolean tryRelease(int ignored) {
      if (getState() == 0) {
        return false;
      }
      setExclusiveOwnerThread(null); // before the state: the next taker's own write comes after
      return compareAndSetState(1, 0);
    }

    boolean held() {
      return getState() != 0;
    }

    boolean takenByCurrentThread() {
      return getState() != 0 && getExclusiveOwnerThread() == Thread.currentThread();
    }

    @Nullable Thread taker() {
      return getExclusiveOwnerThread();
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

  /** Only the thread that took the lock may wait or signal on a condition over it. */
  @Override
  void checkHeld(String action) {
    if (!sync.takenByCurrentThread()) {
      Thread taker = sync.taker();
      throw new IllegalMonitorStateException("cannot " + action + " on un-acquired lock: " + this
          + (!sync.held() ? " is free"
              : taker != null ? " is held by thread '" + taker.getName() + "'"
              : " is held by another thread")
          + ", caller is thread '" + Thread.currentThread().getName() + "'");
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
