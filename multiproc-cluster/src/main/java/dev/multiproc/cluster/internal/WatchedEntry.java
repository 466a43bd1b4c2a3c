package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * A cluster object kept in one entry of a map of its own, whose waiters watch the entry ({@link
 * EntryWatch}): the handle's map, its watch, and its end, as {@link Handle} says.
 *
 * @param <V> the entry's value type
 */
final class WatchedEntry<V extends Versioned> {
  /** How a handle came to be, which says what it does at its start and its end. */
  enum Handle {
    /** It made the object (its maker sets the entry): closing it destroys the object. */
    MADE,
    /** Attached by name: closing it destroys the object for every holder. */
    ATTACHED,
    /** A copy another JVM sent here: closing it ends only this copy. */
    RECEIVED
  }

  private final HazelcastInstance hz;
  private final String name;
  private final String what;
  private final IMap<String, V> map;
  private final EntryWatch<V> watch;
  private final Handle handle;
  private volatile boolean closed;

  /**
   * A handle of the entry {@code key} of the map {@code name}.
   *
   * @param what the object, for messages ("barrier" ...)
   * @param handle how this handle came to be
   */
  WatchedEntry(HazelcastInstance hz, String name, String key, String what, Handle handle) {
    this.hz = hz;
    this.handle = handle;
    this.name = name;
    this.what = what;
    this.map = HzGuard.map(hz, name);
    this.watch = new EntryWatch<>(map, key, what);
  }

  /** Whether this handle made the object, and so sets its entry first. */
  boolean made() {
    return handle == Handle.MADE;
  }

  HazelcastInstance hazelcast() {
    return hz;
  }

  String name() {
    return name;
  }

  /** The map, closed or not (for the steps that end a wait). */
  IMap<String, V> map() {
    return map;
  }

  EntryWatch<V> watch() {
    return watch;
  }

  /**
   * Returns the map, unless the handle is closed.
   *
   * @throws IllegalStateException if it is closed
   */
  IMap<String, V> open() {
    if (closed) {
      throw new IllegalStateException("the " + what + " is closed");
    }
    return map;
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Wakes the waiters (who get {@link IllegalStateException}) and, unless the handle was received,
   * destroys the map in the cluster. Idempotent.
   *
   * @return whether this call destroyed the object (its maker's other parts go with it)
   */
  boolean close() {
    if (closed) {
      return false;
    }
    closed = true;
    watch.close();
    if (handle == Handle.RECEIVED) {
      return false;
    }
    ClusterCalls.run(map::destroy);
    return true;
  }
}
