package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.cluster.ClusterUnreachableException;
import dev.multiproc.spi.Checks;
import dev.multiproc.spi.ConditionWaits;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@link MpCondition} over an {@link HzLock}: a wait queue in one entry of a map of its own,
 * changed by {@link CondOp} entry processors on the member that owns the entry.
 *
 * <p>A waiter, holding the lock, takes an id, locks the key {@code "w-<id>"} of the same map
 * (Hazelcast releases that lock when the waiter's member dies or its client is dropped: it says
 * the waiter is alive) and joins the queue; then it releases the lock fully and sleeps until an
 * entry listener ({@link EntryWatch}) shows its id among the signalled ones, or its timeout
 * passes. It leaves the queue (a signal that came meanwhile counts), unlocks its key and takes
 * the lock back with its hold count. {@code signal(n)}, holding the lock, takes the {@code n}
 * oldest waiters whose key is locked and marks them signalled; a waiter whose key is free died
 * waiting and is dropped without being counted. No polling: a waiter re-reads the entry only
 * every 30 seconds, in case a notification was lost while a partition moved.
 *
 * <p>There is no limit on the number of waiters. A waiter whose JVM died but that Hazelcast has
 * not yet noticed (within its heartbeat timeout) still counts, and a signal sent to it is lost.
 */
public final class HzCondition implements ConditionWaits<String>, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * What a sent condition attaches to.
   *
   * @param name the condition's map
   * @param lockName its lock's map
   * @param reentrant whether its lock is an RLock
   */
  private record Spec(String name, String lockName, boolean reentrant) implements HzSpec {
    @Override
    public Object attach(HazelcastInstance hz) {
      HzLock lock = HzLock.attach(hz, lockName, reentrant);
      return new HzCondition(hz, name, lock, false, WatchedEntry.Handle.RECEIVED);
    }
  }

  private static final String KEY = "state";
  private static final String WAITER = "w-";

  private final transient HzLock lock;
  private final transient boolean ownsLock;
  private final transient WatchedEntry<CondOp.State> entry;

  private HzCondition(
      HazelcastInstance hz,
      String name,
      HzLock lock,
      boolean ownsLock,
      WatchedEntry.Handle handle) {
    this.lock = lock;
    this.ownsLock = ownsLock;
    this.entry = new WatchedEntry<>(hz, name, KEY, "condition", handle);
    if (entry.made()) {
      IMap<String, CondOp.State> m = entry.map();
      ClusterCalls.run(() -> m.set(KEY, CondOp.State.empty()));
    }
  }

  /**
   * Returns a new condition over a new RLock, which it closes with itself. Python: {@code
   * Condition()}.
   *
   * @param hz the member or client
   * @return the condition
   */
  public static HzCondition create(HazelcastInstance hz) {
    return new HzCondition(
        hz, HzNames.unique(hz, "condition"), new HzRLock(hz), true, WatchedEntry.Handle.MADE);
  }

  /**
   * Returns a new condition over {@code lock}, which it leaves open when closed. Python: {@code
   * Condition(lock)}.
   *
   * @param hz the member or client
   * @param lock a lock of the cluster context
   * @return the condition
   * @throws IllegalArgumentException if {@code lock} is not a lock of the cluster context
   */
  public static HzCondition over(HazelcastInstance hz, MpLock lock) {
    HzLock hzLock = Checks.lockOf(HzLock.class, lock, "cluster");
    return new HzCondition(
        hz, HzNames.unique(hz, "condition"), hzLock, false, WatchedEntry.Handle.MADE);
  }

  /**
   * Returns a view of an existing condition from another member or client of the same cluster.
   *
   * @param hz the member or client
   * @param name the condition's {@link #name()}
   * @param lockName the {@link HzLock#name()} of its lock
   * @param reentrant whether its lock is an RLock
   * @param ownsLock whether closing the view also closes the lock (as the condition's maker
   *     does when it made the lock)
   * @return the view; closing it destroys the condition for every holder
   */
  public static HzCondition attach(
      HazelcastInstance hz, String name, String lockName, boolean reentrant, boolean ownsLock) {
    return new HzCondition(
        hz, name, HzLock.attach(hz, lockName, reentrant), ownsLock, WatchedEntry.Handle.ATTACHED);
  }

  /**
   * Returns the name of the condition's map.
   *
   * @return the name
   */
  public String name() {
    return entry.name();
  }

  /**
   * Whether closing this condition also closes its lock.
   *
   * @return true if it made its lock
   */
  public boolean ownsLock() {
    return ownsLock;
  }

  /**
   * Returns the Hazelcast instance this condition was made or attached with.
   *
   * @return the member or client
   */
  public HazelcastInstance hazelcast() {
    return entry.hazelcast();
  }

  @Override
  public HzLock getLock() {
    return lock;
  }

  private IMap<String, CondOp.State> open() {
    return entry.open();
  }

  @Override
  public void ensureOpen() {
    open();
  }

  /**
   * Joins the queue, with the key {@code "w-<id>"} locked to say the waiter is alive, waiting for
   * the cluster until the deadline plus {@link ClusterUnreachableException#BOUND_SECONDS}; a
   * waiter that joins after that leaves at once. The cluster calls run through {@link
   * ClusterCalls}, so only the wait itself answers an interrupt.
   */
  @Override
  public @Nullable String enqueue(long deadline) {
    IMap<String, CondOp.State> m = open();
    String id = UUID.randomUUID().toString();
    try {
      ClusterCalls.callBy(
          deadline,
          () -> {
            m.lock(WAITER + id);
            try {
              m.executeOnKey(KEY, CondOp.enqueue(id));
            } catch (RuntimeException | Error e) {
              unlockQuietly(m, id);
              throw e;
            }
            return id;
          },
          joined -> leave(joined), // the caller has gone: no signal is counted for it
          "wait on condition " + entry.name());
    } catch (ClusterUnreachableException e) {
      return null;
    }
    return id;
  }

  @Override
  public void park(String id, long deadline, boolean interruptible) throws InterruptedException {
    entry.watch().await(s -> s.signalled().contains(id), deadline, interruptible);
  }

  @Override
  public boolean leave(String id) {
    IMap<String, CondOp.State> map = entry.map();
    try {
      Long left = ClusterCalls.call(() -> map.executeOnKey(KEY, CondOp.leave(id)));
      return left != null && left == 1L;
    } finally {
      ClusterCalls.run(() -> unlockQuietly(map, id));
    }
  }

  /** Ends a waiter's lock, which another thread of this JVM took: see {@link ClusterCalls}. */
  private static void unlockQuietly(IMap<String, CondOp.State> m, String id) {
    try {
      m.forceUnlock(WAITER + id);
    } catch (RuntimeException e) {
      // the map was destroyed meanwhile, and its locks with it
    }
  }

  @Override
  public void wake(int n) {
    IMap<String, CondOp.State> m = open();
    ClusterCalls.run(() -> signal(m, n));
  }

  /** Signals the {@code n} oldest live waiters. */
  private static void signal(IMap<String, CondOp.State> m, int n) {
    int woken = 0;
    while (woken < n) {
      CondOp.State s = m.get(KEY);
      if (s == null || s.waiting().isEmpty()) {
        return;
      }
      List<String> alive = new ArrayList<>();
      List<String> dead = new ArrayList<>();
      for (String id : s.waiting()) {
        if (alive.size() >= n - woken) {
          break;
        }
        (m.isLocked(WAITER + id) ? alive : dead).add(id);
      }
      Long signalled = m.executeOnKey(KEY, CondOp.signal(alive, dead));
      woken += signalled == null ? 0 : signalled.intValue();
    }
  }

  /**
   * Destroys the condition's map in the cluster (waiters get {@link IllegalStateException}), and
   * its lock's if it made the lock. Idempotent.
   */
  @Override
  public void close() {
    if (entry.close() && ownsLock) {
      lock.close();
    }
  }

  /**
   * Sends a reference by name instead: the receiving JVM attaches to the same condition.
   *
   * @return the reference
   */
  @Serial
  private Object writeReplace() {
    return HzRef.of(entry.hazelcast(), new Spec(entry.name(), lock.name(), lock.isReentrant()));
  }

  @Override
  public String toString() {
    return "Condition[cluster "
        + entry.name()
        + " over "
        + lock
        + (entry.isClosed() ? ", closed]" : "]");
  }
}
