package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.spi.EventWaits;
import java.io.Serial;
import java.io.Serializable;

/**
 * {@link dev.multiproc.sync.Event} on one entry of a map of its own: {@code true} when set. Waiters
 * do not poll: an entry listener on the key ({@link WaitListener}, registered at the first wait)
 * wakes them when the entry changes, and they read the flag again (a waiter also re-reads it
 * every 30 seconds, in case an event was lost while a partition moved between members).
 */
public final class HzEvent implements EventWaits, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final transient HazelcastInstance hz;

  private static final String KEY = "flag";

  private final transient String name;

  /** The flag's entry; closing it destroys the event unless this is a copy another JVM sent. */
  private final transient SignalledEntry<Boolean> entry;

  /**
   * Creates a new, clear event with a unique name.
   *
   * @param hz the member or client
   */
  public HzEvent(HazelcastInstance hz) {
    this(hz, HzNames.unique(hz, "event"), true);
  }

  private HzEvent(HazelcastInstance hz, String name, boolean owner) {
    this.hz = hz;
    this.name = name;
    this.entry = new SignalledEntry<>(hz, name, KEY, "event", owner);
  }

  /**
   * Returns a view of an existing event from another member or client of the same cluster.
   *
   * @param hz the member or client
   * @param name the event's {@link #name()}
   * @return the view; closing it destroys the event for every holder
   */
  public static HzEvent attach(HazelcastInstance hz, String name) {
    return new HzEvent(hz, name, true);
  }

  /**
   * What a sent event attaches to.
   *
   * @param name the event's map
   */
  private record Spec(String name) implements HzSpec {
    @Override
    public Object attach(HazelcastInstance hz) {
      return new HzEvent(hz, name, false);
    }
  }

  /**
   * Sends a reference by name instead: the receiving JVM attaches to the same object.
   *
   * @return the reference
   */
  @Serial
  private Object writeReplace() {
    return HzRef.of(hz, new Spec(name));
  }

  /**
   * Returns the name of the event's map.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  private IMap<String, Boolean> open() {
    return entry.open();
  }

  @Override
  public void set() {
    IMap<String, Boolean> m = open();
    ClusterCalls.run(() -> m.set(KEY, Boolean.TRUE));
  }

  @Override
  public void clear() {
    IMap<String, Boolean> m = open();
    ClusterCalls.run(() -> m.set(KEY, Boolean.FALSE));
  }

  @Override
  public boolean isSet() {
    IMap<String, Boolean> m = open();
    return ClusterCalls.call(() -> Boolean.TRUE.equals(m.get(KEY)));
  }

  @Override
  public boolean awaitBy(long deadline) throws InterruptedException {
    IMap<String, Boolean> m = open();
    // a read takes nothing: a try the cluster answers after the deadline has nothing to undo
    return entry
        .listen(deadline)
        .retryBy(() -> Boolean.TRUE.equals(m.get(KEY)), () -> {}, deadline, true);
  }

  /** Destroys the event's map in the cluster. Idempotent. */
  @Override
  public void close() {
    entry.close();
  }

  @Override
  public String toString() {
    return "Event[cluster " + name + (entry.isClosed() ? ", closed" : "") + "]";
  }
}
