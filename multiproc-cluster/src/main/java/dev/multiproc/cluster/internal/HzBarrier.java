package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.cluster.ClusterUnreachableException;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.spi.BarrierPhase;
import dev.multiproc.spi.BarrierSpec;
import dev.multiproc.spi.BarrierWaits;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * {@link dev.multiproc.sync.Barrier} on one entry of a map of its own, which holds its {@link
 * BarrierPhase}: the generation, the parties arrived in it, whether it is broken, and which
 * recent generations ended broken. Each step is a {@link BarrierOp} entry processor, run
 * atomically by the member that owns the entry; waiters sleep until an entry listener ({@link
 * EntryWatch}) shows that their generation is over (no polling; they re-read the entry every 30
 * seconds, in case a notification was lost while a partition moved).
 *
 * <p>The rules are {@link BarrierWaits}'s, the same as in the local and threads contexts; the
 * last party runs the action in its own JVM. A party whose JVM dies while waiting is not
 * replaced: use a timeout.
 */
public final class HzBarrier implements BarrierWaits, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * What a sent barrier attaches to.
   *
   * @param name the barrier's map
   * @param parties its parties
   * @param action what runs when the last party arrives, or null
   * @param timeout the default timeout, or null
   */
  private record Spec(
      String name, int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout)
      implements HzSpec {
    @Override
    public Object attach(HazelcastInstance hz) {
      return new HzBarrier(hz, name, parties, action, timeout, WatchedEntry.Handle.RECEIVED);
    }
  }

  private static final String KEY = "state";

  private final transient BarrierSpec spec;
  private final transient WatchedEntry<BarrierOp.State> entry;

  private HzBarrier(
      HazelcastInstance hz,
      String name,
      int parties,
      @Nullable SerializableRunnable action,
      @Nullable Duration timeout,
      WatchedEntry.Handle handle) {
    this.spec = new BarrierSpec(parties, action, timeout);
    this.entry = new WatchedEntry<>(hz, name, KEY, "barrier", handle);
    if (entry.made()) {
      entry.map().set(KEY, BarrierOp.State.START);
    }
  }

  /**
   * Creates a new barrier with a unique name.
   *
   * @param hz the member or client
   * @param parties how many parties release it, at least 1
   * @param action what the last party runs, in its JVM, before the others are released; or null
   * @param timeout the default timeout of {@link #await()}, or null for none
   * @throws IllegalArgumentException if {@code parties < 1} or the timeout is negative
   */
  public HzBarrier(
      HazelcastInstance hz,
      int parties,
      @Nullable SerializableRunnable action,
      @Nullable Duration timeout) {
    this(hz, HzNames.unique(hz, "barrier"), parties, action, timeout, WatchedEntry.Handle.MADE);
  }

  /**
   * Returns a view of an existing barrier from another member or client of the same cluster.
   *
   * @param hz the member or client
   * @param name the barrier's {@link #name()}
   * @param parties its parties
   * @param action what this view runs when its party is the last to arrive; or null
   * @param timeout this view's default timeout, or null for none
   * @return the view; closing it destroys the barrier for every holder
   */
  public static HzBarrier attach(
      HazelcastInstance hz,
      String name,
      int parties,
      @Nullable SerializableRunnable action,
      @Nullable Duration timeout) {
    return new HzBarrier(hz, name, parties, action, timeout, WatchedEntry.Handle.ATTACHED);
  }

  /**
   * Returns the name of the barrier's map.
   *
   * @return the name
   */
  public String name() {
    return entry.name();
  }

  /**
   * Returns the Hazelcast instance this barrier was made or attached with.
   *
   * @return the member or client
   */
  public HazelcastInstance hazelcast() {
    return entry.hazelcast();
  }

  private IMap<String, BarrierOp.State> open() {
    return entry.open();
  }

  /**
   * Runs the step on the member that owns the entry, waiting for it until the deadline plus
   * {@link ClusterUnreachableException#BOUND_SECONDS}; a step that ends
   * after that goes to {@link #late}.
   */
  @Override
  public BarrierPhase.@Nullable Step step(int op, long generation, long deadline) {
    IMap<String, BarrierOp.State> m = open();
    var processor = new BarrierOp(op, generation, spec.parties());
    try {
      return ClusterCalls.callBy(
          deadline,
          () -> m.executeOnKey(KEY, processor),
          done -> late(op, done),
          "step barrier " + entry.name());
    } catch (ClusterUnreachableException e) {
      return null;
    }
  }

  @Override
  public BarrierSpec spec() {
    return spec;
  }

  @Override
  public @Nullable BarrierPhase awaitEnd(long generation, long deadline, boolean interruptible)
      throws InterruptedException {
    BarrierOp.State s =
        entry.watch().await(st -> st.phase().ended(generation), deadline, interruptible);
    return s == null ? null : s.phase();
  }

  @Override
  public BarrierPhase phase() {
    IMap<String, BarrierOp.State> m = open();
    BarrierOp.State s = ClusterCalls.call(() -> m.get(KEY));
    return s == null ? BarrierPhase.START : s.phase();
  }

  /** Destroys the barrier's map in the cluster (waiters get IllegalStateException). Idempotent. */
  @Override
  public void close() {
    entry.close();
  }

  /**
   * Sends a reference by name instead: the receiving JVM attaches to the same barrier.
   *
   * @return the reference
   */
  @Serial
  private Object writeReplace() {
    return HzRef.of(
        entry.hazelcast(), new Spec(entry.name(), spec.parties(), spec.action(), spec.timeout()));
  }

  @Override
  public String toString() {
    return "Barrier[cluster "
        + entry.name()
        + ", parties="
        + spec.parties()
        + (entry.isClosed()
            ? ", closed]"
            : ", waiting=" + nWaiting() + (isBroken() ? ", broken]" : "]"));
  }
}
