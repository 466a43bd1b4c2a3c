package dev.multiproc.cluster.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.ClusterConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * This JVM's way into each cluster, for the cluster objects it receives. A cluster context
 * registers its member or client here while it is open; a JVM without one (a pool worker, a child
 * process) connects one client per cluster on first need, which lives as long as the JVM
 * (Hazelcast's shutdown hook closes it at exit).
 */
public final class HzAttach {
  /** Open contexts' instances, by cluster name; the first registered is used. */
  private static final Map<String, List<HazelcastInstance>> CONTEXTS =
      new ConcurrentHashMap<>();

  /** The cluster name each registered instance belongs to. */
  private static final Map<HazelcastInstance, String> NAMES = new ConcurrentHashMap<>();

  /** Clients this class connected, by cluster name. */
  private static final Map<String, HazelcastInstance> CLIENTS = new ConcurrentHashMap<>();

  private HzAttach() {}

  /**
   * Registers an open context's member or client.
   *
   * @param hz the instance
   * @param clusterName its cluster's name
   */
  public static void register(HazelcastInstance hz, String clusterName) {
    NAMES.put(hz, clusterName);
    CONTEXTS.computeIfAbsent(clusterName, k -> new CopyOnWriteArrayList<>()).add(hz);
  }

  /**
   * Forgets a context's instance, once it is closed.
   *
   * @param hz the instance
   */
  public static void unregister(HazelcastInstance hz) {
    String name = NAMES.remove(hz);
    if (name != null) {
      List<HazelcastInstance> open = CONTEXTS.get(name);
      if (open != null) {
        open.remove(hz);
      }
    }
  }

  /** The cluster name of an instance objects were made through. */
  static String clusterName(HazelcastInstance hz) {
    String name = NAMES.get(hz);
    if (name != null) {
      return name;
    }
    for (var e : CLIENTS.entrySet()) {
      if (e.getValue() == hz) {
        return e.getKey();
      }
    }
    throw new IllegalStateException("the cluster context this object was made in is closed");
  }

  /**
   * Returns a running instance of the named cluster: an open context's, or a client connected to
   * {@code addresses} now and kept for the JVM's life.
   *
   * @param clusterName the cluster's name
   * @param addresses where its members were
   * @return the instance
   * @throws IllegalStateException if no member can be reached (within 30 s)
   */
  static HazelcastInstance instance(String clusterName, List<String> addresses) {
    List<HazelcastInstance> open = CONTEXTS.get(clusterName);
    if (open != null) {
      for (HazelcastInstance hz : open) {
        if (hz.getLifecycleService().isRunning()) {
          return hz;
        }
      }
    }
    HazelcastInstance client = CLIENTS.get(clusterName);
    if (client != null && client.getLifecycleService().isRunning()) {
      return client;
    }
    synchronized (CLIENTS) {
      client = CLIENTS.get(clusterName);
      if (client == null || !client.getLifecycleService().isRunning()) {
        ClusterConfig config = ClusterConfig.builder().clusterName(clusterName)
            .members(addresses).role(ClusterConfig.Role.CLIENT).build();
        client = HazelcastClient.newHazelcastClient(HazelcastSetup.client(config));
        CLIENTS.put(clusterName, client);
      }
      return client;
    }
  }
}
