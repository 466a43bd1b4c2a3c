package dev.multiproc.cluster.internal;

import com.hazelcast.client.Client;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import dev.multiproc.cluster.ObjectLostException;
import java.io.Serial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Nothing is left in the cluster by a JVM that made objects there and then went away, and nothing
 * a live JVM made is lost silently. Every object's name carries the id of the JVM that made it
 * ({@link HzNames#unique}); that JVM's context holds a lease, an entry with a time to live that it
 * renews every third of {@link #LEASE_PROPERTY} (default 30 s). When the context closes, it
 * destroys what it made.
 *
 * <p>When a lease expires, the member that owns its entry waits a grace, {@link #GRACE_PROPERTY}
 * (default 30 s, a member's setting), in an entry of its own that survives that member's death.
 * At the grace's end it destroys the maker's objects only if the lease was not renewed meanwhile
 * and the maker is neither a member nor a client connected to it, and only on a side of the
 * cluster with at least the lock quorum of members; otherwise it waits another grace. Before destroying them it writes a tombstone, the objects' names (kept a day), and the
 * lease is claimed for that atomically: a maker that comes back either renews its lease first,
 * and keeps everything, or finds the tombstone. Every JVM of the cluster follows the tombstones;
 * a call on a lost object throws {@link ObjectLostException} naming it ({@link #check}), so it is
 * never made again, empty, by use. A maker that was cut off checks its lease before its next call
 * on one of its objects.
 */
public final class HzLeases implements AutoCloseable {
  /** The leases: owner id to the time it was last renewed, or {@link #DEAD} while reaped. */
  static final String MAP = "multiproc-leases";

  /** Expired leases in their grace: owner id to 0. */
  static final String GRACE_MAP = "multiproc-lease-grace";

  /** Tombstones: owner id to the reason, then the names of the objects destroyed, by line. */
  static final String LOST_MAP = "multiproc-lost";

  /** How long a lease lasts without renewal, in seconds; a property of the maker's JVM. */
  public static final String LEASE_PROPERTY = "multiproc.cluster.lease.seconds";

  /** How long members wait after a lease expired before they destroy, in seconds. */
  public static final String GRACE_PROPERTY = "multiproc.cluster.lease.grace.seconds";

  static final long DEAD = -1;
  private static final long TOMBSTONE_HOURS = 24;

  private static final Logger LOG = Logger.getLogger(HzLeases.class.getName());

  /** The names of lost objects, whoever made them, to why. */
  private static final Map<String, String> LOST = new ConcurrentHashMap<>();

  /** The leases of this JVM's contexts. */
  private static final List<HzLeases> OWN = new CopyOnWriteArrayList<>();

  private final HazelcastInstance hz;

  /** The tombstones of this JVM's objects that were destroyed: their names stay destroyed. */
  private final List<String> tombstones = new CopyOnWriteArrayList<>();

  private final String owner;
  private final String mark;
  private final long leaseMillis;
  private final IMap<String, Long> leases;
  private final IMap<String, String> lost;
  private final UUID lostListener;
  private final UUID lifecycleListener;
  private final Thread renewer;
  private volatile boolean running = true;

  /** When the lease was last found intact ({@link System#nanoTime}); 0 after a disconnection. */
  private volatile long confirmedAt;

  private volatile long triedAt;
  private boolean renewedOnce;

  private HzLeases(HazelcastInstance hz, long leaseSeconds) {
    this.hz = hz;
    this.owner = ownerId(hz);
    this.mark = "-" + owner + "-";
    this.leaseMillis = TimeUnit.SECONDS.toMillis(leaseSeconds);
    this.leases = hz.getMap(MAP);
    this.lost = hz.getMap(LOST_MAP);
    this.lostListener =
        lost.addEntryListener((EntryAddedListener<String, String>) e -> record(e.getValue()), true);
    lost.values().forEach(HzLeases::record);
    renew();
    this.lifecycleListener =
        hz.getLifecycleService()
            .addLifecycleListener(
                e -> {
                  LifecycleState s = e.getState();
                  if (s == LifecycleState.CLIENT_DISCONNECTED
                      || s == LifecycleState.MERGING
                      || s == LifecycleState.MERGED
                      || s == LifecycleState.CLIENT_CONNECTED) {
                    confirmedAt = 0; // check the lease before the next call on an object of ours
                    wake();
                  }
                });
    this.renewer =
        Thread.ofPlatform().daemon().name("multiproc-lease-" + owner).start(this::renewUntilClosed);
    OWN.add(this);
  }

  private void wake() {
    Thread t = renewer;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /**
   * Takes this JVM's lease for the objects it makes through {@code hz}, and, on a member, starts
   * destroying the objects of owners whose lease and grace expire.
   *
   * @param hz the context's member or client
   * @param member whether {@code hz} is a member
   * @param quorum on a member, the fewest members its side of a split needs to destroy anything:
   *     a minority side does not judge a maker that may be alive and connected to the other side
   * @param properties the context's properties, where {@link #LEASE_PROPERTY} and {@link
   *     #GRACE_PROPERTY} may be given (otherwise system properties, otherwise 30 s each)
   * @return the lease, to close with the context
   * @throws IllegalArgumentException if a setting is not a whole number of seconds above 0
   */
  public static HzLeases start(
      HazelcastInstance hz, boolean member, int quorum, Map<String, String> properties) {
    long lease = seconds(properties, LEASE_PROPERTY);
    long grace = seconds(properties, GRACE_PROPERTY);
    if (member) {
      hz.<String, Long>getMap(MAP).addLocalEntryListener(new LeaseExpired(hz, grace));
      hz.<String, Long>getMap(GRACE_MAP).addLocalEntryListener(new GraceOver(hz, grace, quorum));
    }
    return new HzLeases(hz, lease);
  }

  /**
   * Checks the lease settings among {@code properties} and the system properties.
   *
   * @param properties a context's properties
   * @throws IllegalArgumentException if a setting is not a whole number of seconds above 0
   */
  public static void checkSettings(Map<String, String> properties) {
    seconds(properties, LEASE_PROPERTY);
    seconds(properties, GRACE_PROPERTY);
  }

  private static long seconds(Map<String, String> properties, String name) {
    String v = properties.getOrDefault(name, System.getProperty(name, "30"));
    long s;
    try {
      s = Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      s = 0;
    }
    if (s <= 0) {
      throw new IllegalArgumentException(name + " must be a whole number of seconds above 0: " + v);
    }
    return s;
  }

  /**
   * Returns the id object names carry for the JVM that makes them through {@code hz}: its
   * context's lease owner (a member that merged back after a split keeps it, though its UUID
   * changed), else its endpoint's UUID.
   *
   * @param hz a member or client
   * @return the id
   */
  static String ownerId(HazelcastInstance hz) {
    for (HzLeases l : OWN) {
      if (l.hz == hz) {
        return l.owner;
      }
    }
    return hz.getLocalEndpoint().getUuid().toString();
  }

  /**
   * Throws if the object named {@code name} was destroyed because its maker lost its lease. A
   * maker that may have been cut off (it was disconnected, or could not renew for two thirds of
   * its lease) checks its lease first.
   *
   * @param name the object's name in the cluster
   * @throws ObjectLostException if it was destroyed so
   */
  static void check(String name) {
    for (HzLeases l : OWN) {
      if (l.unconfirmed() && name.contains(l.mark)) {
        l.confirm();
      }
    }
    checkLost(name);
  }

  /**
   * Whether {@link #check} of {@code name} would only look among the tombstones this JVM knows,
   * without a cluster call first: no lease of this JVM that made it needs confirming.
   *
   * @param name the object's name in the cluster
   * @return true if {@link #checkLost} alone is the whole check now
   */
  static boolean confirmed(String name) {
    for (HzLeases l : OWN) {
      if (l.unconfirmed() && name.contains(l.mark)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The part of {@link #check} that needs no cluster call: throws if a tombstone this JVM knows
   * names {@code name}.
   *
   * @param name the object's name in the cluster
   * @throws ObjectLostException if it was destroyed because its maker lost its lease
   */
  static void checkLost(String name) {
    if (!LOST.isEmpty()) {
      String why = LOST.get(name);
      if (why != null) {
        throw new ObjectLostException(name, why);
      }
    }
  }

  private boolean unconfirmed() {
    return System.nanoTime() - confirmedAt > TimeUnit.MILLISECONDS.toNanos(leaseMillis) * 2 / 3;
  }

  /** Renews now, at most once a second: a cluster out of reach fails the caller's own call. */
  private void confirm() {
    long now = System.nanoTime();
    if (now - triedAt < TimeUnit.SECONDS.toNanos(1)) {
      return;
    }
    triedAt = now;
    try {
      renew();
    } catch (RuntimeException e) {
      // out of reach: the call that follows fails on its own
    }
  }

  /** Records a tombstone: its first line is why, the others the names of the objects lost. */
  private static void record(String tombstone) {
    String[] lines = tombstone.split("\n");
    for (int i = 1; i < lines.length; i++) {
      LOST.put(lines[i], lines[0]);
    }
  }

  /**
   * Destroys the lost objects once more: a client that reconnects makes its proxies again in the
   * cluster, empty, and no one would remove those (calls on them throw here all the same).
   */
  private void destroyAgain(String tombstone) {
    List<String> names = List.of(tombstone.split("\n"));
    List<DistributedObject> again = new ArrayList<>();
    for (DistributedObject o : hz.getDistributedObjects()) {
      if (names.indexOf(o.getName()) > 0) {
        again.add(o);
      }
    }
    destroy(again);
  }

  private synchronized void renew() {
    Long before = leases.executeOnKey(owner, new LeaseOp(leaseMillis));
    for (int i = 0; before != null && before == DEAD && i < 100; i++) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // a member is reaping us now
      before = leases.executeOnKey(owner, new LeaseOp(leaseMillis));
    }
    if ((before == null || before == DEAD) && renewedOnce) {
      String tombstone = lost.get(owner); // the lease had expired: were our objects destroyed?
      if (tombstone != null) {
        record(tombstone);
        tombstones.add(tombstone);
        LOG.warning(
            "this JVM's cluster lease had expired, and its objects were destroyed: "
                + tombstone.replace('\n', ' '));
      }
    }
    renewedOnce = true;
    confirmedAt = System.nanoTime();
    // at every renewal, not once: the client makes the proxies of its lost objects again when it
    // reconnects and when it registers their listeners anew, which may come after the first time
    tombstones.forEach(this::destroyAgain);
  }

  private void renewUntilClosed() {
    long every = Math.max(1, leaseMillis / 3);
    while (running) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(every));
      if (!running || Thread.interrupted()) {
        return;
      }
      try {
        renew();
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        // the cluster is out of reach for now: try again at the next turn
      }
    }
  }

  /** The objects whose name carries {@code owner}. */
  private static List<DistributedObject> objectsOf(HazelcastInstance hz, String owner) {
    String mark = "-" + owner + "-";
    List<DistributedObject> found = new ArrayList<>();
    for (DistributedObject o : hz.getDistributedObjects()) {
      if (o.getName().startsWith("multiproc-") && o.getName().contains(mark)) {
        found.add(o);
      }
    }
    return found;
  }

  /** Destroys every object whose name carries {@code owner}. */
  static void destroyAll(HazelcastInstance hz, String owner) {
    destroy(objectsOf(hz, owner));
  }

  private static void destroy(List<DistributedObject> objects) {
    for (DistributedObject o : objects) {
      try {
        o.destroy();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "could not destroy " + o.getName(), e);
      }
    }
  }

  /** Ends the lease: destroys what this JVM made through the context, then the lease. */
  @Override
  public void close() {
    running = false;
    OWN.remove(this);
    renewer.interrupt();
    try {
      renewer.join(1000);
      hz.getLifecycleService().removeLifecycleListener(lifecycleListener);
      lost.removeEntryListener(lostListener);
      destroyAll(hz, owner);
      leases.delete(owner);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // the cluster is out of reach: the lease expires, and a member destroys the objects then
    }
  }

  /**
   * Renews a lease, unless it is being reaped; returns the value before.
   *
   * @param ttlMillis how long the renewed lease lasts
   */
  private record LeaseOp(long ttlMillis) implements EntryProcessor<String, Long, Long> {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public Long process(Map.Entry<String, Long> entry) {
      Long before = entry.getValue();
      if (before != null && before == DEAD) {
        return before;
      }
      ((ExtendedMapEntry<String, Long>) entry)
          .setValue(System.currentTimeMillis(), ttlMillis, TimeUnit.MILLISECONDS);
      return before;
    }
  }

  /** Claims an expired lease for reaping: true if there was none (then it is {@link #DEAD}). */
  private record ClaimOp() implements EntryProcessor<String, Long, Boolean> {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(Map.Entry<String, Long> entry) {
      if (entry.getValue() != null) {
        return false;
      }
      ((ExtendedMapEntry<String, Long>) entry).setValue(DEAD, 60, TimeUnit.SECONDS);
      return true;
    }
  }

  /** On a member: a lease it owns expired; its grace starts, in an entry of its own. */
  private record LeaseExpired(HazelcastInstance hz, long grace)
      implements EntryExpiredListener<String, Long> {
    @Override
    public void entryExpired(EntryEvent<String, Long> event) {
      Long value = event.getOldValue();
      if (value != null && value == DEAD) {
        return;
      }
      Thread.ofVirtual()
          .name("multiproc-reaper")
          .start(
              () -> {
                try {
                  hz.<String, Long>getMap(GRACE_MAP)
                      .set(event.getKey(), 0L, grace, TimeUnit.SECONDS);
                } catch (RuntimeException e) {
                  LOG.log(Level.FINE, "could not start the grace of " + event.getKey(), e);
                }
              });
    }
  }

  /** On a member: a grace it owns is over; the maker's objects go unless it came back. */
  private record GraceOver(HazelcastInstance hz, long grace, int quorum)
      implements EntryExpiredListener<String, Long> {
    @Override
    public void entryExpired(EntryEvent<String, Long> event) {
      String owner = event.getKey();
      Thread.ofVirtual()
          .name("multiproc-reaper")
          .start(
              () -> {
                try {
                  reap(owner);
                } catch (RuntimeException e) {
                  LOG.log(Level.FINE, "could not reap the objects of " + owner, e);
                }
              });
    }

    private void reap(String owner) {
      IMap<String, Long> leases = hz.getMap(MAP);
      if (leases.containsKey(owner)) {
        return; // renewed within the grace
      }
      if (connected(owner) || hz.getCluster().getMembers().size() < quorum) {
        // alive here, or this is a minority side of a split, where the maker may be alive and
        // renewing on the other side: the merge brings its lease back; judge again after a grace
        hz.<String, Long>getMap(GRACE_MAP).set(owner, 0L, grace, TimeUnit.SECONDS);
        return;
      }
      if (!leases.executeOnKey(owner, new ClaimOp())) {
        return; // renewed just now
      }
      List<DistributedObject> objects = objectsOf(hz, owner);
      if (!objects.isEmpty()) {
        StringBuilder tombstone =
            new StringBuilder(
                "the JVM that made it ("
                    + owner
                    + ") did not renew its lease for its length and a grace of "
                    + grace
                    + " s after it: it was cut off from the cluster, stalled, or died");
        objects.forEach(o -> tombstone.append('\n').append(o.getName()));
        hz.<String, String>getMap(LOST_MAP)
            .set(owner, tombstone.toString(), TOMBSTONE_HOURS, TimeUnit.HOURS);
      }
      leases.remove(owner, DEAD);
      destroy(objects);
    }

    /** Whether {@code owner} is a member, or a client connected to this member. */
    private boolean connected(String owner) {
      UUID id;
      try {
        id = UUID.fromString(owner);
      } catch (IllegalArgumentException e) {
        return false;
      }
      for (Member m : hz.getCluster().getMembers()) {
        if (m.getUuid().equals(id)) {
          return true;
        }
      }
      for (Client c : hz.getClientService().getConnectedClients()) {
        if (c.getUuid().equals(id)) {
          return true;
        }
      }
      return false;
    }
  }
}
