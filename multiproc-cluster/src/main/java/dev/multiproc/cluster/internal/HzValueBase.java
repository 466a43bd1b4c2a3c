package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.shared.SharedValue;
import dev.multiproc.sync.RLock;
import java.io.Serial;
import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * What {@link HzDouble} and the shared arrays share: one entry of a map of their own, the
 * optional {@link HzLock} RLock for compound updates, and close.
 *
 * @param <V> the entry's value type
 */
abstract class HzValueBase<V> implements SharedValue, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** The key of the entry that holds the value. */
  static final String KEY = "value";

  private final transient HazelcastInstance hz;
  private final transient String name;
  private final transient IMap<String, V> map;
  private final transient @Nullable HzLock lock;

  /** A copy another JVM sent here: closing it does not destroy the value. */
  private transient boolean received;

  private transient volatile boolean closed;

  HzValueBase(HazelcastInstance hz, String name, @Nullable HzLock lock) {
    this.hz = hz;
    this.name = name;
    this.map = HzGuard.map(hz, name);
    this.lock = lock;
  }

  /** Returns a new RLock if {@code withLock}, else null. */
  static @Nullable HzLock lockIf(HazelcastInstance hz, boolean withLock) {
    return withLock ? new HzRLock(hz) : null;
  }

  /** Returns a view of the RLock {@code name}, or null for none. */
  static @Nullable HzLock attachLock(HazelcastInstance hz, @Nullable String name) {
    return name == null ? null : HzLock.attach(hz, name, true);
  }

  /**
   * Returns the name of the value's map in the cluster.
   *
   * @return the name
   */
  public final String name() {
    return name;
  }

  /**
   * Returns the name of the value's lock, for {@code attach}.
   *
   * @return the {@link HzLock#name()} of its RLock; null if it has none
   */
  public final @Nullable String lockName() {
    return lock == null ? null : lock.name();
  }

  /**
   * Returns the Hazelcast instance this value was made or attached with.
   *
   * @return the member or client
   */
  public final HazelcastInstance hazelcast() {
    return hz;
  }

  final IMap<String, V> open() {
    if (closed) {
      throw new IllegalStateException("the shared value is closed");
    }
    return map;
  }

  @Override
  public final RLock getLock() {
    if (lock == null) {
      throw new UnsupportedOperationException(
          "the shared value was made without a lock (lock=false): it has no getLock()");
    }
    return (RLock) lock; // made or attached as an RLock
  }

  @Override
  public final boolean hasLock() {
    return lock != null;
  }

  /**
   * Returns what a copy sent to another JVM attaches to.
   *
   * @return the spec
   */
  abstract HzSpec spec();

  /**
   * Marks this object as a copy another JVM sent here.
   *
   * @return this
   */
  final HzValueBase<V> received() {
    received = true;
    return this;
  }

  /**
   * Sends a reference by name instead: the receiving JVM attaches to the same entry.
   *
   * @return the reference
   */
  @Serial
  final Object writeReplace() {
    return HzRef.of(hz, spec());
  }

  /**
   * Destroys the value's map (and its lock's) in the cluster, for every holder; on a copy
   * another JVM sent here, only ends this copy. Idempotent.
   */
  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (received) {
      return;
    }
    map.destroy();
    if (lock != null) {
      lock.close();
    }
  }

  final String describe(String kind) {
    return kind + "[cluster " + name + (closed ? ", closed]" : "]");
  }
}
