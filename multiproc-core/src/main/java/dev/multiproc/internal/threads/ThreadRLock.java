package dev.multiproc.internal.threads;

import dev.multiproc.sync.RLock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/** {@link RLock} in this JVM: a {@link ReentrantLock}, owned by one thread. */
public final class ThreadRLock extends ThreadLockBase implements RLock {
  /** Exposes the owner for error messages. */
  private static final class Owned extends ReentrantLock {
    @java.io.Serial private static final long serialVersionUID = 1L;

    @Nullable Thread owner() {
      return getOwner();
    }
  }

  private final Owned lock = new Owned();

  @Override
  boolean acquireWithin(long nanos, boolean interruptible) throws InterruptedException {
    if (nanos == 0) {
      return lock.tryLock();
    }
    if (nanos > 0) {
      return lock.tryLock(nanos, TimeUnit.NANOSECONDS);
    }
    if (interruptible) {
      lock.lockInterruptibly();
    } else {
      lock.lock();
    }
    return true;
  }

  @Override
  public void release() {
    if (!lock.isHeldByCurrentThread()) {
      throw notOwner("release");
    }
    lock.unlock();
  }

  private IllegalMonitorStateException notOwner(String action) {
    Thread owner = lock.owner();
    String held = owner == null ? "is not held" : "is held by thread " + describe(owner);
    return new IllegalMonitorStateException("cannot " + action + " " + this + ": it " + held
        + ", not by the caller (thread " + describe(Thread.currentThread()) + ")");
  }

  private static String describe(Thread t) {
    return "'" + t.getName() + "' (id " + t.threadId() + ")";
  }

  @Override
  void checkHeld(String action) {
    if (!lock.isHeldByCurrentThread()) {
      throw notOwner(action);
    }
  }

  @Override
  int releaseForWait() {
    checkHeld("wait");
    int count = lock.getHoldCount();
    for (int i = 0; i < count; i++) {
      lock.unlock();
    }
    return count;
  }

  @Override
  void reacquireAfterWait(int saved) {
    for (int i = 0; i < saved; i++) {
      lock.lock();
    }
  }

  @Override
  public int holdCount() {
    return lock.getHoldCount();
  }

  @Override
  public boolean isHeldByCurrentThread() {
    return lock.isHeldByCurrentThread();
  }

  @Override
  public String toString() {
    return "RLock[threads@" + Integer.toHexString(System.identityHashCode(this)) + "]";
  }
}
