package dev.multiproc.internal.threads;

import dev.multiproc.internal.sync.Deadlines;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@link MpCondition} in this JVM, over a {@link ThreadLock} or {@link ThreadRLock}, as Python's
 * {@code threading.Condition}: each waiter parks on a semaphore of its own, in a FIFO queue; a
 * signal releases the oldest waiters.
 */
@SuppressWarnings({"WaitNotInLoop", "JavaUtilDate"}) // Condition's own methods: the caller loops
public final class ThreadCondition implements MpCondition {
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
    Objects.requireNonNull(lock, "lock");
    if (!(lock instanceof ThreadLockBase base)) {
      throw new IllegalArgumentException(
          "a condition of the threads context needs a lock of the threads context, not a "
              + lock.getClass().getName());
    }
    return new ThreadCondition(base, false);
  }

  /** Waits at most {@code nanos} (negative: for ever); returns whether it was signalled. */
  private boolean awaitNanos(long nanos, boolean interruptible) throws InterruptedException {
    lock.checkHeld("wait");
    var me = new Semaphore(0);
    synchronized (waiters) {
      waiters.addLast(me);
    }
    int saved = lock.releaseForWait();
    boolean signalled = false;
    try {
      if (nanos < 0) {
        if (interruptible) {
          me.acquire();
        } else {
          me.acquireUninterruptibly();
        }
        signalled = true;
      } else {
        signalled = me.tryAcquire(nanos, TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      passOn(me);
      throw e;
    } finally {
      if (!signalled) {
        synchronized (waiters) {
          if (!waiters.remove(me)) {
            signalled = true; // signalled between the timeout and here: it counts
          }
        }
      }
      lock.reacquireAfterWait(saved);
    }
    return signalled;
  }

  /** An interrupted waiter that was signalled meanwhile hands the signal to the next one. */
  private void passOn(Semaphore me) {
    synchronized (waiters) {
      if (waiters.remove(me)) {
        return;
      }
      Semaphore next = waiters.pollFirst();
      if (next != null) {
        next.release();
      }
    }
  }

  @Override
  public void await() throws InterruptedException {
    awaitNanos(-1, true);
  }

  @Override
  public void awaitUninterruptibly() {
    try {
      awaitNanos(-1, false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    }
  }

  @Override
  public long awaitNanos(long nanosTimeout) throws InterruptedException {
    long start = System.nanoTime();
    awaitNanos(Math.max(0, nanosTimeout), true);
    return nanosTimeout - (System.nanoTime() - start);
  }

  @Override
  public boolean await(long time, TimeUnit unit) throws InterruptedException {
    return awaitNanos(Math.max(0, unit.toNanos(time)), true);
  }

  @Override
  public boolean await(Duration timeout) throws InterruptedException {
    return awaitNanos(Deadlines.nanos(timeout), true);
  }

  @Override
  public boolean awaitUntil(Date deadline) throws InterruptedException {
    long ms = deadline.getTime() - System.currentTimeMillis();
    return awaitNanos(Math.max(0, TimeUnit.MILLISECONDS.toNanos(ms)), true);
  }

  @Override
  public void waitFor(BooleanSupplier predicate) throws InterruptedException {
    while (!predicate.getAsBoolean()) {
      await();
    }
  }

  @Override
  public boolean waitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
    long deadline = Deadlines.deadline(timeout);
    boolean result = predicate.getAsBoolean();
    while (!result) {
      long left = Deadlines.left(deadline);
      if (left <= 0) {
        break;
      }
      awaitNanos(left, true);
      result = predicate.getAsBoolean();
    }
    return result;
  }

  @Override
  public void signal() {
    signal(1);
  }

  @Override
  public void signal(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot signal a negative number of waiters: n=" + n);
    }
    lock.checkHeld("notify");
    synchronized (waiters) {
      for (int i = 0; i < n && !waiters.isEmpty(); i++) {
        waiters.pollFirst().release();
      }
    }
  }

  @Override
  public void signalAll() {
    signal(Integer.MAX_VALUE);
  }

  @Override
  public MpLock getLock() {
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
