package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.sync.Held;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.RLock;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * {@link MpLock} and {@link RLock} over {@link IMap#lock} on one key of a map of its own.
 * Hazelcast's map lock is owned by a thread of a member or client and is reentrant; this class
 * keeps Python's rules on top: a plain lock is not reentrant (a thread that takes it twice waits
 * for itself) and any thread may release it ({@link IMap#forceUnlock}); an RLock is released only
 * by its owner thread.
 *
 * <p>When the member holding the lock dies (or, for a client, when the cluster drops the client's
 * connection), Hazelcast releases the lock and a waiter takes it; {@link #previousHolderDied()}
 * cannot tell and is always false.
 *
 * <p>{@link #newCondition()} returns an {@link HzCondition} over this lock, which releases and
 * re-takes it around a wait through {@link #releaseForWait()} and {@link
 * #reacquireAfterWait(int)}.
 */
public final class HzLock implements RLock, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** The key of the map entry whose lock is the lock. */
  public static final String KEY = "lock";

  private final transient HazelcastInstance hz;
  private transient final String name;
  private transient final boolean reentrant;
  private final transient IMap<String, Boolean> map;
  /** Whether close() destroys the lock: false for a copy another JVM sent here. */
  private transient final boolean destroyOnClose;
  /** The thread of this JVM that holds the lock through this object, or null. */
  private transient @Nullable Thread owner;
  private transient int count;

  /**
   * Creates a new lock with a unique name.
   *
   * @param hz the member or client
   * @param reentrant true for an RLock
   */
  public HzLock(HazelcastInstance hz, boolean reentrant) {
    this(hz, HzNames.unique(hz, reentrant ? "rlock" : "lock"), reentrant, true);
  }

  private HzLock(HazelcastInstance hz, String name, boolean reentrant, boolean destroyOnClose) {
    this.hz = hz;
    this.destroyOnClose = destroyOnClose;
    this.name = name;
    this.reentrant = reentrant;
    this.map = hz.getMap(name);
  }

  /**
   * Returns a view of an existing lock from another member or client of the same cluster.
   *
   * @param hz the member or client
   * @param name the lock's {@link #name()}
   * @param reentrant whether it is an RLock
   * @return the view; closing it destroys the lock for every holder
   */
  public static HzLock attach(HazelcastInstance hz, String name, boolean reentrant) {
    return new HzLock(hz, name, reentrant, true);
  }

  /**
   * Returns the name of the map whose entry {@link #KEY} is locked.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Whether this is an RLock (reentrant, released only by its owner thread).
   *
   * @return true for an RLock, false for a plain lock
   */
  public boolean isReentrant() {
    return reentrant;
  }

  /** Takes the lock within {@code nanos} (negative: for ever); false on timeout. */
  private boolean acquireWithin(long nanos, boolean interruptible) throws InterruptedException {
    Thread me = Thread.currentThread();
    long deadline = System.nanoTime() + nanos;
    synchronized (this) {
      if (owner == me) {
        if (reentrant) {
          count++;
          return true;
        }
        // Python's plain lock: the holder waits for itself until another thread releases it
        boolean interrupted = false;
        try {
          while (owner == me) {
            long left = deadline - System.nanoTime();
            if (nanos >= 0 && left <= 0) {
              return false;
            }
            try {
              TimeUnit.NANOSECONDS.timedWait(this,
                  nanos < 0 ? TimeUnit.SECONDS.toNanos(1) : left);
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
    return acquireRest(deadline, nanos, interruptible);
  }

  private boolean acquireRest(long deadline, long nanos, boolean interruptible)
      throws InterruptedException {
    boolean taken;
    if (nanos < 0 && !interruptible) {
      map.lock(KEY);
      taken = true;
    } else if (nanos < 0) {
      do {
        taken = map.tryLock(KEY, 1, TimeUnit.DAYS);
      } while (!taken);
    } else {
      long left = Math.max(0, deadline - System.nanoTime());
      if (interruptible) {
        taken = map.tryLock(KEY, left, TimeUnit.NANOSECONDS);
      } else {
        taken = tryLockUninterruptibly(left);
      }
    }
    if (taken) {
      synchronized (this) {
        owner = Thread.currentThread();
        count = 1;
      }
    }
    return taken;
  }

  private boolean tryLockUninterruptibly(long nanos) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + nanos;
    try {
      while (true) {
        try {
          return map.tryLock(KEY, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void acquire() throws InterruptedException {
    acquireWithin(-1, true);
  }

  @Override
  public boolean acquire(Duration timeout) throws InterruptedException {
    return acquireWithin(Math.max(0, timeout.toNanos()), true);
  }

  @Override
  public void release() {
    Thread me = Thread.currentThread();
    synchronized (this) {
      if (owner == me) {
        if (--count > 0) {
          return;
        }
        owner = null;
        notifyAll();
        map.unlock(KEY);
        return;
      }
      if (reentrant) {
        throw new IllegalMonitorStateException("cannot release an RLock the calling thread ("
            + me.getName() + ") does not own; "
            + (owner != null ? "owner: thread " + owner.getName() + " of this JVM"
                : map.isLocked(KEY) ? "it is held by another thread or JVM" : "it is not held"));
      }
      if (!map.isLocked(KEY)) {
        throw new IllegalStateException("released too many times: the lock is not held");
      }
      owner = null;
      count = 0;
      notifyAll();
      map.forceUnlock(KEY);
    }
  }

  @Override
  public void lock() {
    try {
      acquireWithin(-1, false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    }
  }

  @Override
  public void lockInterruptibly() throws InterruptedException {
    acquireWithin(-1, true);
  }

  @Override
  public boolean tryLock() {
    try {
      return acquireWithin(0, false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    }
  }

  @Override
  public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    return acquireWithin(Math.max(0, unit.toNanos(time)), true);
  }

  @Override
  public void unlock() {
    release();
  }

  @Override
  public Held hold() {
    lock();
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.getAndSet(false)) {
        release();
      }
    };
  }

  /**
   * Always false: Hazelcast releases a dead holder's lock without telling the next holder.
   *
   * @return false
   */
  @Override
  public boolean previousHolderDied() {
    return false;
  }

  @Override
  public synchronized int holdCount() {
    return owner == Thread.currentThread() ? count : 0;
  }

  @Override
  public synchronized boolean isHeldByCurrentThread() {
    return owner == Thread.currentThread();
  }

  /**
   * Returns a new condition over this lock, in the same cluster; closing it leaves the lock open.
   *
   * @return the condition
   */
  @Override
  public MpCondition newCondition() {
    return HzCondition.over(hz, this);
  }

  /**
   * Throws unless the calling thread may wait or signal on a condition of this lock: an RLock
   * must be held by the calling thread, a plain lock by some thread of this JVM through this
   * object (Python lets any thread release a plain lock).
   *
   * @param action what the caller is about to do, for the message ("wait", "notify")
   * @throws IllegalMonitorStateException if not
   */
  void checkHeld(String action) {
    Thread me = Thread.currentThread();
    Thread holder;
    synchronized (this) {
      holder = owner;
    }
    if (reentrant ? holder == me : holder != null) {
      return;
    }
    throw new IllegalMonitorStateException("cannot " + action + " on un-acquired lock: " + this
        + (holder != null ? " is held by thread " + holder.getName() + " of this JVM"
            : map.isLocked(KEY) ? " is held by another JVM or handle" : " is free")
        + ", caller is thread " + me.getName());
  }

  /**
   * Releases the lock entirely before a condition wait, however many times an RLock is held.
   *
   * @return what {@link #reacquireAfterWait(int)} restores: the hold count
   * @throws IllegalMonitorStateException if the caller may not wait (see {@link #checkHeld})
   */
  int releaseForWait() {
    Thread me = Thread.currentThread();
    synchronized (this) {
      checkHeld("wait");
      int saved = count;
      boolean mine = owner == me;
      owner = null;
      count = 0;
      notifyAll();
      if (mine) {
        map.unlock(KEY);
      } else {
        map.forceUnlock(KEY); // a plain lock taken by another thread of this JVM
      }
      return saved;
    }
  }

  /**
   * Takes the lock back after a condition wait, uninterruptibly, with the hold count it had.
   *
   * @param saved what {@link #releaseForWait()} returned
   */
  void reacquireAfterWait(int saved) {
    try {
      acquireRest(0, -1, false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    }
    synchronized (this) {
      count = saved;
    }
  }

  /**
   * Destroys the lock's map in the cluster (a holder elsewhere loses its lock); on a copy
   * another JVM sent here, does nothing. Idempotent.
   */
  @Override
  public void close() {
    if (destroyOnClose) {
      map.destroy();
    }
  }

  /**
   * What a sent lock attaches to.
   *
   * @param name the lock's map
   * @param reentrant whether it is an RLock
   */
  private record Spec(String name, boolean reentrant) implements HzSpec {
    @Override
    public Object attach(HazelcastInstance hz) {
      return new HzLock(hz, name, reentrant, false);
    }
  }

  /**
   * Sends a reference by name instead: the receiving JVM attaches to the same object.
   *
   * @return the reference
   */
  @Serial
  private Object writeReplace() {
    return HzRef.of(hz, new Spec(name, reentrant));
  }

  @Override
  public String toString() {
    return (reentrant ? "RLock[cluster " : "Lock[cluster ") + name + "]";
  }
}
