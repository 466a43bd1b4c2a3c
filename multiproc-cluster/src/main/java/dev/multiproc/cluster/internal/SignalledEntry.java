package dev.multiproc.cluster.internal;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

/**
 * A cluster object kept in one entry of a map of its own, whose waiters in this JVM sleep on a
 * {@link ChangeSignal} until the entry changes: the handle's map, the signal, the entry listener
 * that wakes it (registered at the first wait: {@link WaitListener}), and the handle's end.
 *
 * @param <V> the entry's value type
 */
final class SignalledEntry<V> {
  private final IMap<String, V> map;
  private final String what;
  private final boolean owner;
  private final ChangeSignal signal;
  private final WaitListener listener;
  private volatile boolean closed;

  /** Wakes this JVM's waiters when the entry is added or updated. */
  private final class Wake
      implements EntryAddedListener<String, V>, EntryUpdatedListener<String, V> {
    @Override
    public void entryAdded(EntryEvent<String, V> event) {
      signal.changed();
    }

    @Override
    public void entryUpdated(EntryEvent<String, V> event) {
      signal.changed();
    }
  }

  /**
   * A handle of the entry {@code key} of the map {@code name}.
   *
   * @param what the object, for messages ("event" ...)
   * @param owner whether closing the handle destroys the map (false for a copy another JVM sent)
   */
  SignalledEntry(HazelcastInstance hz, String name, String key, String what, boolean owner) {
    this.map = HzGuard.map(hz, name);
    this.what = what;
    this.owner = owner;
    this.signal = new ChangeSignal(what);
    this.listener =
        new WaitListener(
            () -> map.addEntryListener(new Wake(), key, false),
            map::removeEntryListener,
            signal::changed);
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

  /**
   * Registers the listener before a wait (waiting for it until {@code deadline} at most) and
   * returns the signal to wait on.
   */
  ChangeSignal listen(long deadline) {
    listener.listen(deadline);
    return signal;
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Wakes the waiters (who get {@link IllegalStateException}), removes the listener and, if this
   * handle owns the object, destroys the map in the cluster. Idempotent.
   */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    signal.close();
    listener.close();
    if (owner) {
      ClusterCalls.run(map::destroy);
    }
  }
}
