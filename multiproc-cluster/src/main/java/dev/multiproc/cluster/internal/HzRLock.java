package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.spi.Checks;
import dev.multiproc.spi.Deadlines;
import dev.multiproc.spi.ReentrantWaits;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code RLock} over an {@link HzLock}: the rules are {@link ReentrantWaits}'s, the same
 * as in the local and threads contexts; the owner thread of this JVM and its hold count are kept
 * in this object, and the mutex is the cluster lock, held for this object's hold.
 */
public final class HzRLock extends HzLock implements ReentrantWaits {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates a new reentrant lock with a unique name.
   *
   * @param hz the member or client
   */
  public HzRLock(HazelcastInstance hz) {
    this(hz, HzNames.unique(hz, "rlock"), true);
  }

  HzRLock(HazelcastInstance hz, String name, boolean destroyOnClose) {
    super(hz, name, true, destroyOnClose);
  }

  @Override
  public long callerKey() {
    return Thread.currentThread().threadId();
  }

  @Override
  public synchronized long ownerKey() {
    return owner == null ? 0 : owner.threadId();
  }

  @Override
  public synchronized int holds() {
    return count;
  }

  @Override
  public synchronized void own(long key, int holds) {
    if (key == 0) {
      owner = null;
      count = 0;
      notifyAll();
    } else {
      owner = Thread.currentThread();
      count = holds;
    }
  }

  @Override
  public boolean takeMutex(long deadline, boolean interruptible) throws InterruptedException {
    long id = grab(deadline, interruptible);
    if (id == 0) {
      return false;
    }
    beginHold(Thread.currentThread(), 1, id);
    return true;
  }

  @Override
  public boolean takeMutexNow() {
    try {
      return takeMutex(Deadlines.deadline(0), false);
    } catch (InterruptedException e) {
      throw Checks.uninterruptible(e);
    }
  }

  @Override
  public synchronized void giveMutex() {
    unlockCluster();
  }

  @Override
  public @Nullable String describeOwner(long key) {
    Thread holder;
    synchronized (this) {
      holder = owner;
    }
    return holder != null ? describe(holder) : isLockedInCluster() ? "another JVM or handle" : null;
  }

  @Override
  public String describeCaller() {
    return describe(Thread.currentThread());
  }
}
