package dev.multiproc.cluster.internal;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.multiproc.sync.BoundedSemaphore;
import dev.multiproc.sync.Held;
import dev.multiproc.sync.MpSemaphore;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link MpSemaphore} and {@link BoundedSemaphore} on one {@code Long} entry of a map of their
 * own: acquire and release are {@link SemOp} entry processors, run atomically by the member that
 * owns the entry. A waiter does not poll: an entry listener wakes it when the value changes, and
 * it tries again (it also retries every 30 seconds, in case a notification was lost while a
 * partition moved between members).
 *
 * <p>Permits held by a member or client that dies are not given back ({@link
 * #reclaimedPermits()} is always 0): they are lost, as in Python.
 */
public final class HzSemaphore implements BoundedSemaphore, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final transient HazelcastInstance hz;
  /** Whether close() destroys the semaphore: false for a copy another JVM sent here. */
  private transient final boolean owner;
  private static final String KEY = "permits";

  private transient final String name;
  private transient final int initial;
  private transient final boolean bounded;
  private final transient IMap<String, Long> map;
  private final transient UUID listener;
  private final transient ChangeSignal signal = new ChangeSignal();
  private transient volatile boolean closed;

  /** Wakes this JVM's waiters when the value changes. */
  private final class Wake implements EntryUpdatedListener<String, Long> {
    @Override
    public void entryUpdated(EntryEvent<String, Long> event) {
      signal.changed();
    }
  }

  /**
   * Creates a new semaphore with a unique name.
   *
   * @param hz the member or client
   * @param value the initial number of permits
   * @param bounded whether a release above {@code value} is refused
   * @throws IllegalArgumentException if value is negative
   */
  public HzSemaphore(HazelcastInstance hz, int value, boolean bounded) {
    if (value < 0) {
      throw new IllegalArgumentException("semaphore initial value must be >= 0: value=" + value);
    }
    this(hz, HzNames.unique(hz, bounded ? "bsemaphore" : "semaphore"), value, bounded, true);
    map.set(KEY, (long) value);
  }

  private HzSemaphore(
      HazelcastInstance hz, String name, int value, boolean bounded, boolean owner) {
    this.hz = hz;
    this.owner = owner;
    this.name = name;
    this.initial = value;
    this.bounded = bounded;
    this.map = hz.getMap(name);
    this.listener = map.addEntryListener(new Wake(), KEY, false);
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

  private IMap<String, Long> open() {
    if (closed) {
      throw new IllegalStateException("the semaphore is closed");
    }
    return map;
  }

  private boolean take() {
    Long r = open().executeOnKey(KEY, new SemOp(true, -1));
    return r != null && r == 1L;
  }

  /** Takes a permit within {@code nanos} (negative: for ever); false on timeout. */
  private boolean acquireWithin(long nanos, boolean interruptible) throws InterruptedException {
    return signal.retry(this::take, nanos, interruptible);
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
  public boolean tryAcquire() {
    return take();
  }

  @Override
  public void release() {
    Long r = open().executeOnKey(KEY, new SemOp(false, bounded ? initial : -1));
    if (r != null && r < 0) {
      throw new IllegalStateException("BoundedSemaphore released too many times: value "
          + (-r - 1) + " is already its initial value " + initial);
    }
  }

  @Override
  public Held hold() {
    try {
      acquireWithin(-1, false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    }
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.getAndSet(false)) {
        release();
      }
    };
  }

  @Override
  public int getValue() {
    Long v = open().get(KEY);
    return v == null ? 0 : (int) Math.max(0, Math.min(Integer.MAX_VALUE, v));
  }

  /**
   * Always 0: permits of a member or client that died are not given back on the cluster.
   *
   * @return 0
   */
  @Override
  public long reclaimedPermits() {
    return 0;
  }

  @Override
  public int initialValue() {
    return initial;
  }

  /** Destroys the semaphore's map in the cluster. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    map.removeEntryListener(listener);
    if (owner) {
      map.destroy();
    }
    signal.close();
  }

  @Override
  public String toString() {
    return (bounded ? "BoundedSemaphore[cluster " : "Semaphore[cluster ") + name
        + (closed ? ", closed" : "") + "]";
  }
}
