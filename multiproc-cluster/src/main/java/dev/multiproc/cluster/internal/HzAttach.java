package dev.multiproc.cluster.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.RoutingMode;
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
  private static final Map<String, List<HazelcastInstance>> CONTEXTS = new ConcurrentHashMap<>();

  /** The cluster name each registered instance belongs to. */
  private static final Map<HazelcastInstance, String> NAMES = new ConcurrentHashMap<>();

  /**
   * The system property a member sets in its workers: its cluster's name on the wire and its own
   * address, {@code name@host:port}. A worker's client of that cluster then connects to that
   * member only and sends every call through it, so a machine's workers add one connection each
   * to the cluster, not one per member.
   */
  public static final String VIA_MEMBER_PROPERTY = "multiproc.cluster.viaMember";

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
        ClusterConfig config =
            ClusterConfig.builder()
                .clusterName(clusterName)
                .members(addresses)
                .role(ClusterConfig.Role.CLIENT)
                .build();
        client = HazelcastClient.newHazelcastClient(clientConfig(config));
        CLIENTS.put(clusterName, client);
      }
      return client;
    }
  }

  /** The client config of this JVM's own client: through its member, in a member's worker. */
  private static ClientConfig clientConfig(ClusterConfig config) {
    String via = System.getProperty(VIA_MEMBER_PROPERTY, "");
    int at = via.lastIndexOf('@');
    if (at <= 0 || !via.substring(0, at).equals(config.clusterName())) {
      return HazelcastSetup.client(config); // not a worker of a member of this cluster
    }
    ClientConfig c =
        HazelcastSetup.client(
            ClusterConfig.builder()
                .clusterName(config.clusterName())
                .members(via.substring(at + 1))
                .role(ClusterConfig.Role.CLIENT)
                .build());
    c.getNetworkConfig().getClusterRoutingConfig().setRoutingMode(RoutingMode.SINGLE_MEMBER);
    return c;
  }
}
