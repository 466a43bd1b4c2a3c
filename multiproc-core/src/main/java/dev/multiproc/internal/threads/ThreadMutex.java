package dev.multiproc.internal.threads;

import dev.multiproc.spi.Deadlines;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import org.jspecify.annotations.Nullable;

/**
 * A non-reentrant mutex in this JVM: a one-bit {@link AbstractQueuedSynchronizer} (the mutex of
 * its javadoc) that remembers the thread that took it, and that any thread may release.
 */
final class ThreadMutex extends AbstractQueuedSynchronizer {
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

  /** Takes it by a {@link Deadlines} deadline; false if the deadline passed first. */
  boolean acquireBy(long deadline, boolean interruptible) throws InterruptedException {
    if (deadline == Deadlines.NEVER) {
      if (interruptible) {
        acquireInterruptibly(1);
      } else {
        acquire(1);
      }
      return true;
    }
    long left = Deadlines.left(deadline);
    return left <= 0 ? tryAcquire(1) : tryAcquireNanos(1, left);
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

  /** Describes a thread for messages: {@code thread 'main' (id 1)}. */
  static String describe(Thread t) {
    return "thread '" + t.getName() + "' (id " + t.threadId() + ")";
  }
}
