package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.spi.Checks;
import dev.multiproc.spi.Deadlines;
import dev.multiproc.spi.PermitWaits;
import dev.multiproc.sync.BoundedSemaphore;
import dev.multiproc.sync.MpSemaphore;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@link MpSemaphore} and {@link BoundedSemaphore} on one entry of a map of their own: the free
 * permits, the holds ({@link #hold()}) not yet given back, and the count of reclaimed permits,
 * changed atomically by {@link SemOp} entry processors on the member that owns the entry. A waiter
 * does not poll: an entry listener ({@link WaitListener}, registered at the first wait) wakes it
 * when the entry changes, and it tries again (it also retries every 30 seconds, in case a
 * notification was lost while a partition moved between members). Every cluster call runs through {@link ClusterCalls}: an interrupt ends a wait
 * between tries, and never leaves a permit taken for a caller that has gone.
 *
 * <p>As {@link MpSemaphore} says, a permit taken by {@code acquire} is consumed: nothing is owed
 * for it, whatever becomes of its taker. A permit taken by {@link #hold()} is held: the hold has
 * an id, and its JVM locks the key {@code "h-<id>"} of the semaphore's map until the hold is
 * closed. Hazelcast releases that lock when the holding member dies, or when the cluster drops
 * the holding client, so a waiter that finds no free permit while there are holds looks (every
 * {@link #HOLDER_CHECK_NANOS}, since no event says a holder died) for holds whose key is no
 * longer locked, and gives their permits back ({@link #reclaimedPermits()}).
 */
public final class HzSemaphore implements PermitWaits, BoundedSemaphore, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** How often a waiter looks for dead holders while there are holds and no free permit. */
  static final long HOLDER_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final String KEY = "permits";
  private static final String HOLDER = "h-";

  private final transient HazelcastInstance hz;

  private final transient String name;
  private final transient int initial;
  private final transient boolean bounded;

  /** The permits' entry; closing it destroys the semaphore unless this is a received copy. */
  private final transient SignalledEntry<SemOp.State> entry;

  /** Whether the last failed try saw holds: waiters then look for dead holders now and then. */
  private transient volatile boolean holdsSeen;

  /**
   * Creates a new semaphore with a unique name.
   *
   * @param hz the member or client
   * @param value the initial number of permits
   * @param bounded whether a release above {@code value} is refused
   * @throws IllegalArgumentException if value is negative
   */
  public HzSemaphore(HazelcastInstance hz, int value, boolean bounded) {
    Checks.initialValue(value);
    this(hz, HzNames.unique(hz, bounded ? "bsemaphore" : "semaphore"), value, bounded, true);
    IMap<String, SemOp.State> m = open();
    ClusterCalls.run(() -> m.set(KEY, SemOp.State.of(value)));
  }

  private HzSemaphore(
      HazelcastInstance hz, String name, int value, boolean bounded, boolean owner) {
    this.hz = hz;
    this.name = name;
    this.initial = value;
    this.bounded = bounded;
    this.entry = new SignalledEntry<>(hz, name, KEY, "semaphore", owner);
  }

  /**
   * Returns a view of an existing semaphore from another member or client of the same cluster;
   * closing it does not destroy the semaphore.
   *
   * @param hz the member or client
   * @param name the semaphore's {@link #name()}
   * @param value its initial value
   * @param bounded whether it is bounded
   * @return the view
   */
  public static HzSemaphore attach(HazelcastInstance hz, String name, int value, boolean bounded) {
    return new HzSemaphore(hz, name, value, bounded, false);
  }

  /**
   * What a sent semaphore attaches to.
   *
   * @param name the semaphore's map
   * @param value its initial value (the bound of a bounded one)
   * @param bounded whether it is bounded
   */
  private record Spec(String name, int value, boolean bounded) implements HzSpec {
    @Override
    public Object attach(HazelcastInstance hz) {
      return new HzSemaphore(hz, name, value, bounded, false);
    }
  }

  /**
   * Sends a reference by name instead: the receiving JVM attaches to the same object.
   *
   * @return the reference
   */
  @Serial
  private Object writeReplace() {
    return HzRef.of(hz, new Spec(name, initial, bounded));
  }

  /**
   * Returns the name of the semaphore's map.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  private IMap<String, SemOp.State> open() {
    return entry.open();
  }

  /** One try: takes a permit ({@code op}); when none is free, gives back dead holders' ones. */
  private boolean take(SemOp op) {
    IMap<String, SemOp.State> m = open();
    while (true) {
      Long r = m.executeOnKey(KEY, op);
      if (r != null && r == SemOp.TAKEN) {
        return true;
      }
      holdsSeen = r != null && r == SemOp.NONE_HELD;
      if (!holdsSeen || reclaimDead(m) == 0) {
        return false;
      }
    }
  }

  /** Gives back the permits of holds whose holder is gone; returns how many came back. */
  private long reclaimDead(IMap<String, SemOp.State> m) {
    SemOp.State s = m.get(KEY);
    if (s == null || s.holders().isEmpty()) {
      return 0;
    }
    List<String> dead = new ArrayList<>();
    for (String id : new LinkedHashSet<>(s.holders())) {
      if (!m.isLocked(HOLDER + id)) {
        dead.add(id);
      }
    }
    if (dead.isEmpty()) {
      return 0;
    }
    Long back = m.executeOnKey(KEY, SemOp.reclaim(dead));
    return back == null ? 0 : back;
  }

  /**
   * Takes a permit by the deadline; false on timeout. Each try is bounded by the deadline too:
   * a permit a try takes after its caller gave up goes back ({@code undo}).
   */
  private boolean acquireBy(SemOp op, Runnable undo, long deadline, boolean interruptible)
      throws InterruptedException {
    open();
    return entry
        .listen(deadline)
        .retryBy(
            () -> take(op),
            undo,
            deadline,
            interruptible,
            () -> holdsSeen ? HOLDER_CHECK_NANOS : ChangeSignal.RECHECK_NANOS);
  }

  @Override
  public boolean takeBy(long deadline) throws InterruptedException {
    IMap<String, SemOp.State> m = open();
    return acquireBy(
        SemOp.consume(), () -> m.executeOnKey(KEY, SemOp.release(bound())), deadline, true);
  }

  @Override
  public boolean takeNow() {
    SemOp op = SemOp.consume();
    IMap<String, SemOp.State> m = open();
    Long r = ClusterCalls.call(() -> m.executeOnKey(KEY, op));
    return r != null && r == SemOp.TAKEN;
  }

  @Override
  public void release() {
    IMap<String, SemOp.State> m = open();
    checkReleased(ClusterCalls.call(() -> m.executeOnKey(KEY, SemOp.release(bound()))));
  }

  private long bound() {
    return bounded ? initial : -1;
  }

  private void checkReleased(@Nullable Long r) {
    if (r != null && r < 0) {
      Checks.belowBound(-r - 1, initial);
    }
  }

  /**
   * Takes a permit as held by this JVM: see the class comment. Waits for it, not interruptibly.
   */
  @Override
  public Runnable holdPermit() {
    IMap<String, SemOp.State> m = open();
    String id = UUID.randomUUID().toString();
    ClusterCalls.run(() -> m.lock(HOLDER + id)); // says the holder is alive until unlocked
    boolean taken = false;
    try {
      taken = acquireBy(SemOp.hold(id), () -> {}, Deadlines.NEVER, false); // waits to the end
    } catch (InterruptedException e) {
      throw Checks.uninterruptible(e);
    } finally {
      if (!taken) {
        unlockHolder(m, id);
      }
    }
    return () -> {
      try {
        checkReleased(ClusterCalls.call(() -> m.executeOnKey(KEY, SemOp.unhold(id, bound()))));
      } finally {
        unlockHolder(m, id);
      }
    };
  }

  private static void unlockHolder(IMap<String, SemOp.State> m, String id) {
    try {
      ClusterCalls.run(() -> m.forceUnlock(HOLDER + id));
    } catch (RuntimeException e) {
      // the map was destroyed meanwhile, and its locks with it
    }
  }

  @Override
  public int getValue() {
    SemOp.State s = ClusterCalls.call(() -> open().get(KEY));
    return s == null ? 0 : (int) Math.max(0, Math.min(Integer.MAX_VALUE, s.value()));
  }

  /**
   * Returns how many held permits were given back because their holder (a member, or a client
   * the cluster dropped) was gone.
   *
   * @return the number of reclaimed permits
   */
  @Override
  public long reclaimedPermits() {
    SemOp.State s = ClusterCalls.call(() -> open().get(KEY));
    return s == null ? 0 : s.reclaimed();
  }

  @Override
  public int initialValue() {
    return initial;
  }

  /** Destroys the semaphore's map in the cluster, unless this is a received copy. Idempotent. */
  @Override
  public void close() {
    entry.close();
  }

  @Override
  public String toString() {
    return (bounded ? "BoundedSemaphore[cluster " : "Semaphore[cluster ")
        + name
        + (entry.isClosed() ? ", closed" : "")
        + "]";
  }
}
