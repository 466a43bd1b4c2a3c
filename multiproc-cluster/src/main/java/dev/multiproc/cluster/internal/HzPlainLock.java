package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.spi.Checks;
import dev.multiproc.spi.Deadlines;
import java.io.Serial;
import java.util.concurrent.TimeUnit;

/**
 * Python's plain {@code Lock} over an {@link HzLock}: not reentrant (a thread that takes it
 * twice waits for itself until another thread releases it), and any thread may release it; one
 * that another handle holds is released with {@link com.hazelcast.map.IMap#forceUnlock}, as
 * Python lets any process release a lock. Only the thread that took it through this object
 * waits or signals on a condition over it.
 */
public final class HzPlainLock extends HzLock {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates a new lock with a unique name.
   *
   * @param hz the member or client
   */
  public HzPlainLock(HazelcastInstance hz) {
    this(hz, HzNames.unique(hz, "lock"), true);
  }

  HzPlainLock(HazelcastInstance hz, String name, boolean destroyOnClose) {
    super(hz, name, false, destroyOnClose);
  }

  /** Takes the lock by {@code deadline} ({@link Deadlines#NEVER}: for ever); false on timeout. */
  @Override
  public boolean acquireBy(long deadline, boolean interruptible) throws InterruptedException {
    Thread me = Thread.currentThread();
    synchronized (this) {
      if (owner == me) {
        // Python's plain lock: the holder waits for itself until another thread releases it
        boolean interrupted = false;
        try {
          while (owner == me) {
            long left = Deadlines.left(deadline);
            if (left <= 0) {
              return false;
            }
            try {
              TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
              if (interruptible) {
                throw e;
              }
              interrupted = true;
            }
          }
        } finally {
          if (interrupted) {
            me.interrupt();
          }
        }
      }
    }
    long id = grab(deadline, interruptible);
    if (id == 0) {
      return false;
    }
    beginHold(me, 1, id);
    return true;
  }

  @Override
  public void release() {
    Thread me = Thread.currentThread();
    synchronized (this) {
      if (owner == me) {
        owner = null;
        notifyAll();
        unlockCluster();
        return;
      }
      if (holdId != 0) {
        unlockCluster(); // another thread took it through this object
        return;
      }
      if (!isLockedInCluster()) {
        throw Checks.releasedTooManyTimes(this);
      }
      forceUnlockCluster(); // another handle, here or in another JVM, holds it
    }
  }

  /**
   * Throws unless the calling thread may wait or signal on a condition of this lock: it must be
   * the thread that took the lock through this object (a plain lock may be released by any
   * thread, but not through a condition).
   *
   * @param action what the caller is about to do, for the message ("wait", "notify")
   * @throws IllegalMonitorStateException if not
   */
  @Override
  public void checkHeld(String action) {
    Thread me = Thread.currentThread();
    Thread holder;
    synchronized (this) {
      holder = owner;
    }
    if (holder == me) {
      return;
    }
    throw Checks.notTaker(
        action,
        this,
        holder != null ? describe(holder) : isLockedInCluster() ? "another JVM or handle" : null,
        describe(me));
  }

  @Override
  public boolean acquireNow() {
    try {
      return acquireBy(Deadlines.deadline(0), false);
    } catch (InterruptedException e) {
      throw Checks.uninterruptible(e);
    }
  }
}
