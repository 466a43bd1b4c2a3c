package dev.multiproc.internal.threads;

import dev.multiproc.spi.Deadlines;
import dev.multiproc.spi.EventWaits;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link dev.multiproc.sync.Event} in this JVM, as Python's {@code threading.Event}: a waiter woken
 * by {@link #set()} returns true even if the flag was cleared again before it ran.
 */
public final class ThreadEvent implements EventWaits {
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
  public boolean awaitBy(long deadline) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long seen = sets;
      while (!flag && sets == seen) {
        if (!Deadlines.await(changed, deadline)) {
          return false;
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
