package dev.multiproc.cluster.internal;

import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Nothing is left in the cluster by a JVM that made objects there and then went away. Every
 * object's name carries the id of the JVM that made it ({@link HzNames#unique}); that JVM's
 * context holds a lease, an entry with a time to live that it renews. When the context closes,
 * it destroys what it made; when the JVM dies (or is cut off) instead, its lease expires, and the
 * member that owns the lease's entry destroys every object whose name carries the id, as the
 * local resource tracker removes a dead process's shared memory.
 *
 * <p>The lease lasts {@link #leaseSeconds()} (property {@code multiproc.cluster.lease.seconds},
 * default 30) and is renewed every third of that; a JVM whose renewals stop that long (a long GC
 * pause, a partition) loses its objects.
 */
public final class HzLeases implements AutoCloseable {
  /** The leases: owner id to the time it was last renewed. */
  static final String MAP = "multiproc-leases";

  private static final Logger LOG = Logger.getLogger(HzLeases.class.getName());

  private final HazelcastInstance hz;
  private final String owner;
  private final IMap<String, Long> leases;
  private final Thread renewer;
  private volatile boolean running = true;

  private HzLeases(HazelcastInstance hz) {
    this.hz = hz;
    this.owner = ownerId(hz);
    this.leases = hz.getMap(MAP);
    renew();
    this.renewer = Thread.ofPlatform().daemon().name("multiproc-lease-" + owner)
        .start(this::renewUntilClosed);
  }

  /**
   * Takes this JVM's lease for the objects it makes through {@code hz}, and, on a member, starts
   * destroying the objects of owners whose lease expires.
   *
   * @param hz the context's member or client
   * @param member whether {@code hz} is a member (members destroy what expired owners left)
   * @return the lease, to close with the context
   */
  public static HzLeases start(HazelcastInstance hz, boolean member) {
    if (member) {
      hz.<String, Long>getMap(MAP).addLocalEntryListener(new Reaper(hz));
    }
    return new HzLeases(hz);
  }

  /**
   * Returns the id object names carry for the JVM that makes them through {@code hz}.
   *
   * @param hz a member or client
   * @return its endpoint's UUID
   */
  static String ownerId(HazelcastInstance hz) {
    UUID id = hz.getLocalEndpoint().getUuid();
    return id.toString();
  }

  /**
   * Returns how long a lease lasts without renewal.
   *
   * @return seconds
   */
  static long leaseSeconds() {
    return Long.getLong("multiproc.cluster.lease.seconds", 30);
  }

  private void renew() {
    leases.set(owner, System.currentTimeMillis(), leaseSeconds(), TimeUnit.SECONDS);
  }

  private void renewUntilClosed() {
    long every = Math.max(1, TimeUnit.SECONDS.toMillis(leaseSeconds()) / 3);
    while (running) {
      try {
        Thread.sleep(every);
        renew();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        // the cluster is out of reach for now: try again at the next turn
      }
    }
  }

  /** Destroys every object whose name carries {@code owner}. */
  static void destroyAll(HazelcastInstance hz, String owner) {
    String mark = "-" + owner + "-";
    for (DistributedObject o : hz.getDistributedObjects()) {
      if (o.getName().startsWith("multiproc-") && o.getName().contains(mark)) {
        try {
          o.destroy();
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "could not destroy " + o.getName(), e);
        }
      }
    }
  }

  /** Ends the lease: destroys what this JVM made through the context, then the lease. */
  @Override
  public void close() {
    running = false;
    renewer.interrupt();
    try {
      renewer.join(1000);
      destroyAll(hz, owner);
      leases.delete(owner);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // the cluster is out of reach: the lease expires, and a member destroys the objects then
    }
  }

  /** On a member: an expired lease's objects are destroyed by the member that owned its entry. */
  private record Reaper(HazelcastInstance hz) implements EntryExpiredListener<String, Long> {
    @Override
    public void entryExpired(EntryEvent<String, Long> event) {
      // not on the event thread: destroying objects is a cluster operation
      Thread.ofVirtual().name("multiproc-reaper").start(() -> destroyAll(hz, event.getKey()));
    }
  }
}
