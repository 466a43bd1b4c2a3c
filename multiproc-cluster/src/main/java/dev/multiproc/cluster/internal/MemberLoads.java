package dev.multiproc.cluster.internal;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * How busy each serving member is with every caller's tasks: each member publishes the tasks it
 * is running or holding, counted by the dispatcher that sent them (its {@link LoadPublisher}), in
 * one cluster map, and this follows the map with an entry listener. A dispatcher takes the
 * others' count from the same figure it sees its own in, so its own tasks never count twice;
 * the others' figure lags by the publishing interval plus an event's trip (about 10–20 ms).
 */
final class MemberLoads implements AutoCloseable {
  /** The map, by member UUID. */
  static final String MAP = "multiproc-member-load";

  private final IMap<UUID, HashMap<String, Integer>> map;
  private final Map<UUID, Map<String, Integer>> busy = new ConcurrentHashMap<>();
  private final UUID listener;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Records each published figure, then tells the dispatcher. */
  private final class Follow
      implements EntryAddedListener<UUID, HashMap<String, Integer>>,
          EntryUpdatedListener<UUID, HashMap<String, Integer>> {
    private final Runnable onChange;

    Follow(Runnable onChange) {
      this.onChange = onChange;
    }

    @Override
    public void entryAdded(EntryEvent<UUID, HashMap<String, Integer>> event) {
      changed(event);
    }

    @Override
    public void entryUpdated(EntryEvent<UUID, HashMap<String, Integer>> event) {
      changed(event);
    }

    private void changed(EntryEvent<UUID, HashMap<String, Integer>> event) {
      HashMap<String, Integer> value = event.getValue();
      busy.put(event.getKey(), value == null ? Map.of() : value);
      onChange.run();
    }
  }

  /**
   * Starts following the members' loads.
   *
   * @param hz this JVM's member or client
   * @param onChange called (on a Hazelcast event thread) after a member's figure changed
   */
  MemberLoads(HazelcastInstance hz, Runnable onChange) {
    this.map = hz.getMap(MAP);
    this.listener = map.addEntryListener(new Follow(onChange), true);
    map.forEach((member, n) -> busy.putIfAbsent(member, n));
  }

  /**
   * Returns the tasks the member said it is running or holding for callers other than {@code
   * me}.
   *
   * @param member the member's UUID
   * @param me the asking dispatcher's id
   * @return from its last published figure; 0 if it published none
   */
  int others(UUID member, String me) {
    int n = 0;
    for (var e : busy.getOrDefault(member, Map.of()).entrySet()) {
      if (!e.getKey().equals(me)) {
        n += e.getValue();
      }
    }
    return n;
  }

  /** Stops following. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        map.removeEntryListener(listener);
      } catch (RuntimeException e) {
        // the client or member is shutting down: its listeners go with it
      }
    }
  }

  /**
   * A member's side: publishes its count of tasks within {@link #INTERVAL_MILLIS} of a change
   * (changes that close together share one update), and every {@link #REFRESH_SECONDS} anyway; each figure expires after {@link
   * #TTL_SECONDS}, so a member that died stops counting as busy.
   *
   * <p>The figure is published under the member's current UUID: a member that merges back into
   * its cluster after a split gets a new one, and then publishes at once under it (a lifecycle
   * listener sees the merge) and removes the figure under the old one, which no dispatcher
   * knows any more.
   */
  static final class LoadPublisher implements AutoCloseable {
    static final long INTERVAL_MILLIS = 10;
    static final long REFRESH_SECONDS = 20;
    static final long TTL_SECONDS = 60;

    private final HazelcastInstance hz;
    private final IMap<UUID, HashMap<String, Integer>> map;
    private final UUID lifecycleListener;
    private final Supplier<HashMap<String, Integer>> count;
    private final Thread thread;
    private volatile boolean running = true;

    LoadPublisher(HazelcastInstance hz, Supplier<HashMap<String, Integer>> count) {
      this.hz = hz;
      this.map = hz.getMap(MAP);
      this.count = count;
      this.thread =
          Thread.ofPlatform().daemon().name("multiproc-load-publisher").start(this::publish);
      this.lifecycleListener =
          hz.getLifecycleService()
              .addLifecycleListener(
                  event -> {
                    if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                      changed();
                    }
                  });
    }

    private UUID currentUuid() {
      return hz.getCluster().getLocalMember().getUuid();
    }

    /** Says the count changed: the figure is published within about {@link #INTERVAL_MILLIS}. */
    void changed() {
      LockSupport.unpark(thread);
    }

    private void publish() {
      HashMap<String, Integer> last = null;
      UUID lastUuid = null;
      long lastAt = System.nanoTime();
      while (running) {
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(REFRESH_SECONDS));
        try {
          Thread.sleep(INTERVAL_MILLIS); // let the changes of the next few ms share one update
        } catch (InterruptedException e) {
          return;
        }
        HashMap<String, Integer> now = count.get();
        long at = System.nanoTime();
        try {
          UUID uuid = currentUuid();
          if (!uuid.equals(lastUuid)
              || !now.equals(last)
              || at - lastAt >= TimeUnit.SECONDS.toNanos(REFRESH_SECONDS)) {
            map.set(uuid, now, TTL_SECONDS, TimeUnit.SECONDS);
            if (lastUuid != null && !lastUuid.equals(uuid)) {
              map.delete(lastUuid); // merged back under a new UUID: the old one is nobody's
            }
            last = now;
            lastUuid = uuid;
            lastAt = at;
          }
        } catch (RuntimeException e) {
          if (!running) {
            return;
          }
          // the member is leaving or a partition is moving: try again next round
        }
      }
    }

    /** Stops publishing and removes this member's figure. */
    @Override
    public void close() {
      if (!running) {
        return;
      }
      running = false;
      thread.interrupt();
      try {
        hz.getLifecycleService().removeLifecycleListener(lifecycleListener);
        thread.join(1000);
        map.delete(currentUuid());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        // the cluster is already out of reach: the figure expires
      }
    }
  }
}
