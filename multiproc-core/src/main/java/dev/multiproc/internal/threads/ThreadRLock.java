package dev.multiproc.internal.threads;

import dev.multiproc.spi.ReentrantWaits;
import org.jspecify.annotations.Nullable;

/**
 * {@link dev.multiproc.sync.RLock} in this JVM: a {@link ThreadMutex} with an owner thread and a
 * hold count. The rules are {@link ReentrantWaits}'s; this class stores them.
 */
public final class ThreadRLock extends ThreadLockBase implements ReentrantWaits {
  private final ThreadMutex mutex = new ThreadMutex();

  /** The owner: written only by it, read by others only to see it is not theirs. */
  private volatile @Nullable Thread owner;

  private int count;

  @Override
  public long callerKey() {
    return Thread.currentThread().threadId();
  }

  @Override
  public long ownerKey() {
    Thread t = owner;
    return t == null ? 0 : t.threadId();
  }

  @Override
  public int holds() {
    return count;
  }

  @Override
  public void own(long key, int count) {
    this.count = count;
    owner = key == 0 ? null : Thread.currentThread();
  }

  @Override
  public boolean takeMutex(long deadline, boolean interruptible) throws InterruptedException {
    return mutex.acquireBy(deadline, interruptible);
  }

  @Override
  public boolean takeMutexNow() {
    return mutex.tryAcquire(1);
  }

  @Override
  public void giveMutex() {
    mutex.release(1);
  }

  @Override
  public @Nullable String describeOwner(long key) {
    Thread t = owner;
    return t == null || t.threadId() != key ? null : ThreadMutex.describe(t);
  }

  @Override
  public String describeCaller() {
    return ThreadMutex.describe(Thread.currentThread());
  }

  @Override
  public String toString() {
    return "RLock[threads@" + Integer.toHexString(System.identityHashCode(this)) + "]";
  }
}
