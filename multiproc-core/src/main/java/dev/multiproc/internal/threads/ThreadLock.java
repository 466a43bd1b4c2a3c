package dev.multiproc.internal.threads;

import dev.multiproc.spi.Checks;

/**
 * {@link dev.multiproc.sync.MpLock} in this JVM: not reentrant, releasable by any thread, as
 * Python's {@code threading.Lock}. A {@link ThreadMutex}, which remembers the thread that took
 * it, so that a condition lets only that thread wait or signal; a release by any thread forgets
 * it.
 */
public final class ThreadLock extends ThreadLockBase {
  private final ThreadMutex sync = new ThreadMutex();

  @Override
  public boolean acquireBy(long deadline, boolean interruptible) throws InterruptedException {
    return sync.acquireBy(deadline, interruptible);
  }

  @Override
  public boolean acquireNow() {
    return sync.tryAcquire(1);
  }

  @Override
  public void release() {
    if (!sync.release(1)) {
      throw Checks.releasedTooManyTimes(this);
    }
  }

  /** Only the thread that took the lock may wait or signal on a condition over it. */
  @Override
  public void checkHeld(String action) {
    if (!sync.takenByCurrentThread()) {
      Thread taker = sync.taker();
      throw Checks.notTaker(
          action,
          this,
          !sync.held() ? null : taker != null ? ThreadMutex.describe(taker) : "another thread",
          ThreadMutex.describe(Thread.currentThread()));
    }
  }

  @Override
  public String toString() {
    return "Lock[threads@"
        + Integer.toHexString(System.identityHashCode(this))
        + (sync.held() ? ", locked" : ", unlocked")
        + "]";
  }
}
