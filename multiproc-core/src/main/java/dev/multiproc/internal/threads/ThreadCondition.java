package dev.multiproc.internal.threads;

import dev.multiproc.spi.Checks;
import dev.multiproc.spi.ConditionWaits;
import dev.multiproc.spi.Deadlines;
import dev.multiproc.sync.MpLock;
import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@link dev.multiproc.sync.MpCondition} in this JVM, over a {@link ThreadLock} or {@link
 * ThreadRLock}, as Python's {@code threading.Condition}: each waiter parks on a semaphore of its
 * own, in a FIFO queue; a signal takes the oldest waiters out and releases them. The rules are
 * {@link ConditionWaits}'s.
 */
public final class ThreadCondition implements ConditionWaits<Semaphore> {
  private final ThreadLockBase lock;
  private final boolean ownsLock;
  private final ArrayDeque<Semaphore> waiters = new ArrayDeque<>();

  ThreadCondition(ThreadLockBase lock, boolean ownsLock) {
    this.lock = lock;
    this.ownsLock = ownsLock;
  }

  /**
   * Returns a condition over a new {@link ThreadRLock}, which it closes with itself.
   *
   * @return the condition
   */
  public static ThreadCondition create() {
    return new ThreadCondition(new ThreadRLock(), true);
  }

  /**
   * Returns a condition over {@code lock}.
   *
   * @param lock a lock of the threads context
   * @return the condition
   * @throws IllegalArgumentException if {@code lock} is not a lock of the threads context
   */
  public static ThreadCondition over(MpLock lock) {
    return new ThreadCondition(Checks.lockOf(ThreadLockBase.class, lock, "threads"), false);
  }

  @Override
  public Semaphore enqueue(long deadline) {
    // this JVM's queue always answers: no deadline needed
    var me = new Semaphore(0);
    synchronized (waiters) {
      waiters.addLast(me);
    }
    return me;
  }

  @Override
  public void park(Semaphore me, long deadline, boolean interruptible) throws InterruptedException {
    if (deadline == Deadlines.NEVER) {
      if (interruptible) {
        me.acquire();
      } else {
        me.acquireUninterruptibly();
      }
      return;
    }
    long left = Deadlines.left(deadline);
    if (left > 0) {
      me.tryAcquire(left, TimeUnit.NANOSECONDS); // a deadline comes only with interruptible waits
    }
  }

  /** A waiter no longer in the queue was taken out by a signal. */
  @Override
  public boolean leave(Semaphore me) {
    synchronized (waiters) {
      return !waiters.remove(me);
    }
  }

  @Override
  public void wake(int n) {
    synchronized (waiters) {
      for (int i = 0; i < n && !waiters.isEmpty(); i++) {
        waiters.pollFirst().release();
      }
    }
  }

  @Override
  public ThreadLockBase getLock() {
    return lock;
  }

  @Override
  public void close() {
    if (ownsLock) {
      lock.close();
    }
  }

  @Override
  public String toString() {
    return "Condition[threads, " + lock + "]";
  }
}
