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
    this(hz, HzNames.unique(reentrant ? "rlock" : "lock"), reentrant, true);
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
   * Returns a copy of a lock another JVM sent here (inside another object): closing it does not
   * destroy the lock.
   *
   * @param hz the member or client
   * @param name the lock's {@link #name()}
   * @return the copy, reentrant
   */
  static HzLock received(HazelcastInstance hz, String name) {
    return new HzLock(hz, name, true, false);
  }

  /**
   * Returns the name of the map whose entry {@link #KEY} is locked.
   *
   * @return the name
   */
  public String name() {
    return name;
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
   * Not on the cluster yet.
   *
   * @return never
   * @throws UnsupportedOperationException always
   */
  @Override
  public MpCondition newCondition() {
    throw new UnsupportedOperationException(
        "a Condition is not on the cluster backend yet; use Multiprocessing.local() for it");
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
