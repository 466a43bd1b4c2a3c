package dev.multiproc.internal.threads;

import dev.multiproc.sync.Event;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link Event} in this JVM, as Python's {@code threading.Event}: a waiter woken by {@link #set()}
 * returns true even if the flag was cleared again before it ran.
 */
public final class ThreadEvent implements Event {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean flag;
  private long sets;

  @Override
  public void set() {
    lock.lock();
    try {
      flag = true;
      sets++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void clear() {
    lock.lock();
    try {
      flag = false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isSet() {
    lock.lock();
    try {
      return flag;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void await() throws InterruptedException {
    awaitNanos(-1);
  }

  @Override
  public boolean await(Duration timeout) throws InterruptedException {
    return awaitNanos(Math.max(0, timeout.toNanos()));
  }

  private boolean awaitNanos(long nanos) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long seen = sets;
      while (!flag && sets == seen) {
        if (nanos < 0) {
          changed.await();
        } else if (nanos <= 0) {
          return false;
        } else {
          nanos = changed.awaitNanos(nanos);
          if (nanos <= 0 && !flag && sets == seen) {
            return false;
          }
        }
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    // heap only: nothing to remove
  }

  @Override
  public String toString() {
    return "Event[threads, " + (isSet() ? "set" : "clear") + "]";
  }
}
