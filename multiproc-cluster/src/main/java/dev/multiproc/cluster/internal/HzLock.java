package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.util.ThreadUtil;
import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.multiproc.cluster.ClusterLock;
import dev.multiproc.cluster.LockLostException;
import dev.multiproc.spi.Deadlines;
import dev.multiproc.spi.LockWaits;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.RLock;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@link MpLock} and {@link RLock} over {@link IMap#lock} on one key of a map of its own.
 * Hazelcast's map lock is owned by a thread of a member or client and is reentrant; Python's
 * rules are kept on top, in this JVM, by {@link HzPlainLock} (not reentrant, released by any
 * thread) and {@link HzRLock} (the RLock rules of {@link dev.multiproc.spi.ReentrantWaits}).
 * This class is what both share: the cluster lock, taken and released for a hold of this
 * object, its fencing tokens, and the thread of this JVM that holds it.
 *
 * <p>The cluster lock is never waited for by the caller's thread. A lock that is free is taken
 * with one non-blocking call; otherwise a grabber, a virtual thread of this JVM, waits for it in
 * slices of at most {@link #SLICE_NANOS} while the caller waits in this JVM until the grabber
 * has it or the caller's own deadline passes. A caller that is interrupted, or whose deadline
 * passes, gives up at once, and a grabber that takes the lock after that releases it again:
 * nothing waits in the cluster for a caller that has gone, and timeouts are exactly the
 * caller's. Whatever threads make them, the cluster calls of one hold give Hazelcast one thread
 * id of the hold's own ({@link #holdId}), so the lock is owned by that hold, and Hazelcast
 * checks its release; another attempt, of another thread, has another id and waits. A plain lock
 * that another handle holds is released with {@link IMap#forceUnlock}, as Python lets any
 * process release a lock.
 *
 * <p>When the member holding the lock dies (or, for a client, when the cluster drops the client's
 * connection), Hazelcast releases the lock and a waiter takes it; {@link #previousHolderDied()}
 * cannot tell and is always false. The holder is told at its release, which Hazelcast refuses,
 * and by {@link #fencingToken()}: {@link LockLostException}. A hold's fencing token is a count
 * in the map's entry {@link #FENCE}, taken when the holder first asks for it. The
 * maps of locks may have split-brain protection (see {@link HazelcastSetup#lockQuorum}): a side
 * of a split with too few members grants none, and its waiters wait.
 *
 * <p>On a client, the first try to take the lock and the release are each one request made on the
 * caller's thread ({@link DirectCalls}), with the hold's id as the thread id Hazelcast's proxy
 * would send: a free lock costs what Hazelcast's own {@code lock} and {@code unlock} cost. Each
 * is checked first as every call of the guarded map is ({@link HzGuard}), and goes through {@link
 * ClusterCalls} instead when that check would itself call the cluster.
 *
 * <p>{@link #newCondition()} returns an {@link HzCondition} over this lock, which releases and
 * re-takes it around a wait through {@link #releaseForWait()} and {@link
 * #reacquireAfterWait(int)}.
 */
public abstract sealed class HzLock implements LockWaits, ClusterLock, Serializable
    permits HzPlainLock, HzRLock {
  @Serial private static final long serialVersionUID = 1L;

  /** The key of the map entry whose lock is the lock. */
  public static final String KEY = "lock";

  /** The key of the map entry that counts the holds: the fencing tokens. */
  static final String FENCE = "fence";

  /** How long a waiter pauses when its side of the cluster has too few members for the lock. */
  private static final long MINORITY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  /** The longest a grabber waits in the cluster before it looks whether it is still wanted. */
  static final long SLICE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final transient HazelcastInstance hz;
  private final transient String name;
  private final transient boolean reentrant;
  private final transient IMap<String, Boolean> map;

  /** The same map, for its entry {@link #FENCE}. */
  private final transient IMap<String, Long> fences;

  /** A client's direct calls; null on a member. */
  private final transient @Nullable DirectCalls direct;

  /** {@link #KEY} as {@link #direct} sends it; null without it. */
  private final transient @Nullable Data lockKey;

  /** Whether close() destroys the lock: false for a copy another JVM sent here. */
  private final transient boolean destroyOnClose;

  /** The thread of this JVM that holds the lock through this object, or null. */
  transient @Nullable Thread owner;

  /** Its hold count. */
  transient int count;

  /**
   * Who holds the cluster lock through this object, as Hazelcast knows it: the lock's owner is
   * this JVM's member or client and a thread id, which every cluster call of one attempt and its
   * hold gives as this number, whatever thread makes it ({@link #asHolder}). So a release is
   * checked by Hazelcast: one whose hold the cluster gave away meanwhile is refused, not done.
   * 0 while this object holds none.
   */
  transient long holdId;

  /** The current hold's fencing token once asked for ({@link #fencingToken()}); else 0. */
  private transient long token;

  HzLock(HazelcastInstance hz, String name, boolean reentrant, boolean destroyOnClose) {
    this.hz = hz;
    this.destroyOnClose = destroyOnClose;
    this.name = name;
    this.reentrant = reentrant;
    this.map = HzGuard.map(hz, name);
    @SuppressWarnings("unchecked")
    IMap<String, Long> same = (IMap<String, Long>) (IMap<?, ?>) map;
    this.fences = same;
    this.direct = DirectCalls.of(hz);
    this.lockKey = direct == null ? null : direct.key(KEY);
  }

  /** Whether a call may be direct now: on a client whose check needs no cluster call. */
  private boolean directNow() {
    return direct != null && lockKey != null && HzLeases.confirmed(name);
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
    return of(hz, name, reentrant, true);
  }

  private static HzLock of(
      HazelcastInstance hz, String name, boolean reentrant, boolean destroyOnClose) {
    return reentrant
        ? new HzRLock(hz, name, destroyOnClose)
        : new HzPlainLock(hz, name, destroyOnClose);
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

  /** A new id for an attempt to take the lock: far above the ids of real threads. */
  private static long newHolderId() {
    return ThreadLocalRandom.current().nextLong(1L << 40, Long.MAX_VALUE);
  }

  /** Runs {@code op} on the calling thread as the holder {@code id} ({@link #holdId}). */
  private static <T> T asHolder(long id, Supplier<T> op) {
    ThreadUtil.setThreadId(id);
    try {
      return op.get();
    } finally {
      ThreadUtil.removeThreadId();
    }
  }

  /** Releases the cluster lock as the holder {@code id}: refused if the hold was given away. */
  private void unlockAs(long id) {
    asHolder(
        id,
        () -> {
          map.unlock(KEY);
          return null;
        });
  }

  /**
   * A hold begins: this JVM holds the cluster lock, as the holder {@code id}; the caller does
   * not hold this object's monitor.
   *
   * @param holder the thread that holds it through this object
   * @param holds its hold count
   * @param id the hold's id in the cluster
   */
  void beginHold(Thread holder, int holds, long id) {
    synchronized (this) {
      owner = holder;
      count = holds;
      token = 0;
      holdId = id;
    }
  }

  /** Why a hold was lost. */
  private static String whyLost() {
    return "the cluster released this hold (it dropped this JVM's connection, or this JVM's"
        + " member left), and another may hold the lock now";
  }

  /** This object holds the lock no more (the caller holds its monitor). */
  private void dropHold() {
    owner = null;
    count = 0;
    token = 0;
    holdId = 0;
    notifyAll();
  }

  /**
   * The hold's token is counted at the first call, in the map's entry {@link #FENCE}, before the
   * hold is checked: a later hold's count, and so its token, is higher, and a hold lost before
   * the check gets no token. Holds that never ask cost nothing more.
   */
  @Override
  public synchronized long fencingToken() {
    if (holdId == 0 || (reentrant && owner != Thread.currentThread())) {
      throw new IllegalMonitorStateException(
          "the calling thread ("
              + Thread.currentThread().getName()
              + ") does not hold "
              + this
              + " through this object: it has no fencing token");
    }
    long id = holdId;
    long counted = token;
    boolean ours;
    try {
      if (counted == 0) {
        counted = ClusterCalls.call(() -> fences.executeOnKey(FENCE, new LongOp(true, 1, 0))) + 1;
      }
      // still held by this hold: a reentrant take succeeds, and is undone
      ours =
          ClusterCalls.call(
              () ->
                  asHolder(
                      id,
                      () -> {
                        if (!map.isLocked(KEY) || !map.tryLock(KEY)) {
                          return false;
                        }
                        map.unlock(KEY);
                        return true;
                      }));
    } catch (SplitBrainProtectionException e) {
      dropHold();
      throw new LockLostException(
          name,
          "this side of the split cluster has too few members to"
              + " tell ("
              + e.getMessage()
              + "); the other side may have granted it");
    }
    if (!ours) {
      dropHold();
      throw new LockLostException(name, whyLost());
    }
    token = counted;
    return counted;
  }

  /**
   * Takes the cluster lock for this JVM by {@code deadline}: at once if it is free, else through
   * a {@link Grabber}.
   */
  long grab(long deadline, boolean interruptible) throws InterruptedException {
    long id = newHolderId();
    Consumer<Boolean> late =
        took -> {
          if (took) {
            unlockAs(id); // taken after the caller gave up: this JVM holds it for no one
          }
        };
    boolean took;
    if (directNow()) {
      HzGuard.checkLost(name, map);
      try {
        took =
            Objects.requireNonNull(direct)
                .tryLock(name, Objects.requireNonNull(lockKey), id, late, deadline, "take " + this);
      } catch (SplitBrainProtectionException e) {
        took = false; // too few members on this side: the lock is not to be had here now
      }
    } else {
      took = ClusterCalls.callBy(deadline, () -> tryLockNow(id), late, "take " + this);
    }
    if (took) {
      return id;
    }
    if (Deadlines.left(deadline) <= 0) {
      return 0;
    }
    var grabber = new Grabber(deadline, id);
    Thread.ofVirtual().name("multiproc-lock-grabber").start(grabber);
    return grabber.await(interruptible) ? id : 0;
  }

  /** Takes the cluster lock if it is free and this side of the cluster may grant it. */
  private boolean tryLockNow(long id) {
    try {
      return asHolder(id, () -> map.tryLock(KEY));
    } catch (SplitBrainProtectionException e) {
      return false; // too few members on this side: the lock is not to be had here now
    }
  }

  /** Waits in the cluster for the lock on behalf of one caller, as long as it is wanted. */
  private final class Grabber implements Runnable {
    private static final int WAITING = 0;
    private static final int TAKEN = 1;
    private static final int GAVE_UP = 2;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final long deadline;
    private boolean finished;
    private @Nullable RuntimeException failure;

    private final long id;

    Grabber(long deadline, long id) {
      this.deadline = deadline;
      this.id = id;
    }

    @Override
    public void run() {
      RuntimeException failed = null;
      ThreadUtil.setThreadId(id); // this thread takes the lock as the attempt's holder
      try {
        while (state.get() == WAITING) {
          long left = Deadlines.left(deadline);
          if (left <= 0) {
            break;
          }
          boolean taken;
          try {
            taken = map.tryLock(KEY, Math.min(left, SLICE_NANOS), TimeUnit.NANOSECONDS);
          } catch (SplitBrainProtectionException e) {
            // too few members on this side: none may take it here; look again in a moment
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(Math.min(left, MINORITY_PAUSE_NANOS)));
            continue;
          }
          if (taken) {
            if (!state.compareAndSet(WAITING, TAKEN)) {
              map.unlock(KEY); // the caller gave up meanwhile; this thread holds it
            }
            break;
          }
        }
      } catch (InterruptedException e) {
        failed = new IllegalStateException("a lock grabber was interrupted", e);
      } catch (RuntimeException e) {
        failed = e;
      } finally {
        ThreadUtil.removeThreadId();
        synchronized (this) {
          failure = failed;
          finished = true;
          notifyAll();
        }
      }
    }

    /** The caller's side: true once the grabber has the lock, false once the deadline passed. */
    boolean await(boolean interruptible) throws InterruptedException {
      boolean interrupted = false;
      try {
        synchronized (this) {
          while (!finished && state.get() == WAITING) {
            long left = Deadlines.left(deadline);
            if (left <= 0) {
              break;
            }
            try {
              TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
              if (interruptible && state.compareAndSet(WAITING, GAVE_UP)) {
                throw e;
              }
              interrupted = true; // kept; or the lock came first: then it is ours
            }
          }
          if (state.get() == TAKEN) {
            return true;
          }
          if (state.compareAndSet(WAITING, GAVE_UP)) {
            if (failure != null) {
              throw failure;
            }
            return false;
          }
          return state.get() == TAKEN;
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /**
   * Releases the cluster lock this object holds (the caller holds this object's monitor). Hazelcast
   * checks that the hold is still this object's: one the cluster gave away meanwhile is not
   * released, and the caller is told.
   *
   * @throws LockLostException if the hold was lost: this object holds it no more
   */
  void unlockCluster() {
    long id = holdId;
    dropHold();
    try {
      if (directNow()) {
        HzGuard.checkLost(name, map);
        Objects.requireNonNull(direct)
            .unlock(name, Objects.requireNonNull(lockKey), id, "release " + this);
      } else {
        ClusterCalls.run(() -> unlockAs(id));
      }
    } catch (IllegalMonitorStateException e) {
      throw new LockLostException(name, whyLost());
    } catch (SplitBrainProtectionException e) {
      throw new LockLostException(
          name,
          "this side of the split cluster has too few members"
              + " to release it ("
              + e.getMessage()
              + "); the other side may have granted it");
    }
  }

  /** Releases the cluster lock another handle holds (Python lets any process release a Lock). */
  void forceUnlockCluster() {
    ClusterCalls.run(() -> map.forceUnlock(KEY));
  }

  boolean isLockedInCluster() {
    return ClusterCalls.call(() -> map.isLocked(KEY));
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

  /**
   * Returns a new condition over this lock, in the same cluster; closing it leaves the lock open.
   *
   * @return the condition
   */
  @Override
  public MpCondition newCondition() {
    return HzCondition.over(hz, this);
  }

  /** Describes a thread of this JVM for messages. */
  static String describe(Thread t) {
    return "thread '" + t.getName() + "' (id " + t.threadId() + ") of this JVM";
  }

  /**
   * Destroys the lock's map in the cluster (a holder elsewhere loses its lock); on a copy
   * another JVM sent here, does nothing. Idempotent.
   */
  @Override
  public void close() {
    if (destroyOnClose) {
      ClusterCalls.run(map::destroy);
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
      return of(hz, name, reentrant, false);
    }
  }

  /**
   * Sends a reference by name instead: the receiving JVM attaches to the same object. Not
   * private, so that serialization finds it for the subclasses.
   *
   * @return the reference
   */
  @Serial
  protected final Object writeReplace() {
    return HzRef.of(hz, new Spec(name, reentrant));
  }

  @Override
  public String toString() {
    return (reentrant ? "RLock[cluster " : "Lock[cluster ") + name + "]";
  }
}
