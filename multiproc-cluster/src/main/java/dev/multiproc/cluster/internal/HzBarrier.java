package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.spi.Deadlines;
import dev.multiproc.sync.Barrier;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import org.jspecify.annotations.Nullable;

/**
 * {@link Barrier} on one entry of a map of its own: the generation, the parties arrived in it,
 * whether it is broken, and which recent generations ended broken. Arriving, releasing, breaking
 * and resetting are {@link BarrierOp} entry processors, run atomically by the member that owns
 * the entry; waiters sleep until an entry listener ({@link EntryWatch}) shows that their
 * generation is over (no polling; they re-read the entry every 30 seconds, in case a notification
 * was lost while a partition moved).
 *
 * <p>The same semantics as the local barrier: arrival indices from 0 (first) to {@code parties -
 * 1}; the last party runs the action in its own JVM, then releases the others; a timeout, an
 * interrupt, {@link #abort()} or a failed action breaks the barrier until {@link #reset()}.
 * Arrivals beyond the parties of a generation (while its action runs) wait for the next one. A
 * party whose JVM dies while waiting is not replaced: use a timeout.
 */
public final class HzBarrier implements Barrier, Serializable {
  @Serial private static final long serialVersionUID = 1L;
  /** A copy another JVM sent here: closing it does not destroy the object. */
  private transient boolean received;

  /**
   * What a sent barrier attaches to.
   *
   * @param name the barrier's map
   * @param parties its parties
   * @param action what runs when the last party arrives, or null
   * @param timeout the default timeout, or null
   */
  private record Spec(String name, int parties, @Nullable SerializableRunnable action,
      @Nullable Duration timeout) implements HzSpec {
    @Override
    public Object attach(HazelcastInstance hz) {
      HzBarrier b = HzBarrier.attach(hz, name, parties, action, timeout);
      b.received = true;
      return b;
    }
  }

  private static final String KEY = "state";

  private transient final HazelcastInstance hz;
  private transient final String name;
  private transient final int parties;
  private transient final @Nullable SerializableRunnable action;
  private transient final @Nullable Duration timeout;
  private transient final IMap<String, BarrierOp.State> map;
  private transient final EntryWatch<BarrierOp.State> watch;
  private transient volatile boolean closed;

  private HzBarrier(HazelcastInstance hz, String name, int parties,
      @Nullable SerializableRunnable action, @Nullable Duration timeout, boolean create) {
    if (parties < 1) {
      throw new IllegalArgumentException("barrier parties must be at least 1: parties=" + parties);
    }
    if (timeout != null && timeout.isNegative()) {
      throw new IllegalArgumentException("barrier timeout must not be negative: " + timeout);
    }
    this.hz = hz;
    this.name = name;
    this.parties = parties;
    this.action = action;
    this.timeout = timeout;
    this.map = HzGuard.map(hz, name);
    this.watch = new EntryWatch<>(map, KEY, "barrier");
    if (create) {
      map.set(KEY, new BarrierOp.State(0, 0, 0, false, 0));
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
  public HzBarrier(HazelcastInstance hz, int parties, @Nullable SerializableRunnable action,
      @Nullable Duration timeout) {
    this(hz, HzNames.unique(hz, "barrier"), parties, action, timeout, true);
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
  public static HzBarrier attach(HazelcastInstance hz, String name, int parties,
      @Nullable SerializableRunnable action, @Nullable Duration timeout) {
    return new HzBarrier(hz, name, parties, action, timeout, false);
  }

  /**
   * Returns the name of the barrier's map.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the Hazelcast instance this barrier was made or attached with.
   *
   * @return the member or client
   */
  public HazelcastInstance hazelcast() {
    return hz;
  }

  private IMap<String, BarrierOp.State> open() {
    if (closed) {
      throw new IllegalStateException("the barrier is closed");
    }
    return map;
  }

  private long[] step(int op, long generation) {
    IMap<String, BarrierOp.State> m = open();
    return ClusterCalls.call(() -> m.executeOnKey(KEY, new BarrierOp(op, generation, parties)));
  }

  @Override
  public int await() throws InterruptedException, BrokenBarrierException {
    return timeout == null ? awaitBy(Deadlines.NEVER, null) : await(timeout);
  }

  @Override
  public int await(Duration timeout) throws InterruptedException, BrokenBarrierException {
    return awaitBy(Deadlines.deadline(timeout), timeout);
  }

  private int awaitBy(long deadline, @Nullable Duration timeout)
      throws InterruptedException, BrokenBarrierException {
    while (true) {
      if (Thread.interrupted()) {
        step(BarrierOp.ABORT, 0);
        throw new InterruptedException("interrupted while waiting at a barrier");
      }
      long[] r = step(BarrierOp.ARRIVE, 0);
      long generation = r[1];
      if (r[0] == BarrierOp.BROKEN) {
        throw broken();
      }
      if (r[0] == BarrierOp.ARRIVED) {
        int index = (int) r[2];
        return index + 1 == parties
            ? releaseGeneration(generation, index)
            : awaitRelease(generation, index, deadline, timeout);
      }
      // this generation is full and its action runs: wait for the next one
      if (awaitEnd(generation, deadline) == null) {
        long[] b = step(BarrierOp.BREAK, generation);
        throw b[0] == 1 ? timedOut(b[2], timeout, parties) : broken();
      }
    }
  }

  private int releaseGeneration(long generation, int index) throws BrokenBarrierException {
    if (action != null) {
      try {
        action.run();
      } catch (RuntimeException | Error e) {
        step(BarrierOp.BREAK, generation);
        throw e;
      }
    }
    if (step(BarrierOp.RELEASE, generation)[0] != 1) {
      throw broken(); // broken or reset while the action ran
    }
    return index;
  }

  private int awaitRelease(long generation, int index, long deadline, @Nullable Duration timeout)
      throws InterruptedException, BrokenBarrierException {
    BarrierOp.State s = awaitEnd(generation, deadline);
    if (s == null) {
      long[] r = step(BarrierOp.BREAK, generation);
      if (r[0] == 1) {
        throw timedOut(r[2], timeout, parties);
      }
      // released, broken or reset at the last moment: see which
      s = watch.await(st -> st.ended(generation), Deadlines.NEVER, false);
    }
    if (s != null && s.released(generation)) {
      return index;
    }
    throw broken();
  }

  /**
   * Waits until {@code generation} is over; null on timeout. An interrupt breaks it, unless it
   * is over already: then the interrupt is kept for later.
   */
  private BarrierOp.@Nullable State awaitEnd(long generation, long deadline)
      throws InterruptedException {
    try {
      return watch.await(s -> s.ended(generation), deadline, true);
    } catch (InterruptedException e) {
      if (step(BarrierOp.BREAK, generation)[0] == 1) {
        throw new InterruptedException("interrupted while waiting at a barrier");
      }
      Thread.currentThread().interrupt(); // released or broken meanwhile: keep the status
      return watch.await(s -> s.ended(generation), Deadlines.NEVER, false);
    }
  }

  private static BrokenBarrierException timedOut(long arrived, @Nullable Duration timeout,
      int parties) {
    return new BrokenBarrierException("barrier timed out after " + timeout + " with " + arrived
        + " of " + parties + " parties arrived; it is now broken");
  }

  private static BrokenBarrierException broken() {
    return new BrokenBarrierException("barrier is broken");
  }

  @Override
  public void abort() {
    step(BarrierOp.ABORT, 0);
  }

  @Override
  public void reset() {
    step(BarrierOp.RESET, 0);
  }

  private BarrierOp.State state() {
    IMap<String, BarrierOp.State> m = open();
    BarrierOp.State s = ClusterCalls.call(() -> m.get(KEY));
    return s == null ? new BarrierOp.State(0, 0, 0, false, 0) : s;
  }

  @Override
  public boolean isBroken() {
    return state().broken();
  }

  @Override
  public int nWaiting() {
    BarrierOp.State s = state();
    return s.broken() || s.count() >= parties ? 0 : s.count();
  }

  @Override
  public int parties() {
    return parties;
  }

  /** Destroys the barrier's map in the cluster (waiters get IllegalStateException). Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    watch.close();
    if (!received) {
      map.destroy();
    }
  }

  /**
   * Sends a reference by name instead: the receiving JVM attaches to the same barrier.
   *
   * @return the reference
   */
  @Serial
  private Object writeReplace() {
    return HzRef.of(hz, new Spec(name, parties, action, timeout));
  }

  @Override
  public String toString() {
    return "Barrier[cluster " + name + ", parties=" + parties
        + (closed ? ", closed]" : ", waiting=" + nWaiting() + (isBroken() ? ", broken]" : "]"));
  }
}
