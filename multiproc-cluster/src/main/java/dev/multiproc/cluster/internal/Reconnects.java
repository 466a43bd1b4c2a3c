package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the times a member or client of this JVM was cut from its cluster: a client that lost
 * its connections, a member that merged back after a split. The cluster releases the locks of a
 * client it dropped, and a merging member's; a lock taken before the count changed may be lost.
 */
final class Reconnects {
  private static final Map<HazelcastInstance, AtomicLong> COUNTS = new WeakHashMap<>();

  private Reconnects() {}

  /**
   * Returns the count of {@code hz}'s cuts, followed from the first call on.
   *
   * @param hz a member or client
   * @return the count, which goes up at each cut
   */
  static AtomicLong of(HazelcastInstance hz) {
    AtomicLong count;
    synchronized (COUNTS) {
      count = COUNTS.get(hz);
      if (count == null) {
        AtomicLong created = new AtomicLong();
        hz.getLifecycleService().addLifecycleListener(e -> {
          LifecycleState s = e.getState();
          if (s == LifecycleState.CLIENT_DISCONNECTED || s == LifecycleState.MERGING
              || s == LifecycleState.MERGED) {
            created.incrementAndGet();
          }
        });
        COUNTS.put(hz, created);
        count = created;
      }
    }
    return count;
  }
}
