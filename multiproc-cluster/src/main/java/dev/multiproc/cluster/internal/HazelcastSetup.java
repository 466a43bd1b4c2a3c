package dev.multiproc.cluster.internal;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import dev.multiproc.cluster.ClusterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link ClusterConfig} into Hazelcast's member or client config: TCP-IP join (multicast
 * when asked), auto-detection off, phone-home off, Hazelcast's logs at WARNING, a member bound to
 * one address only ({@link #bindAddress}), Java serialization limited to the library's, the JDK's
 * and Hazelcast's classes, and the cluster key folded into the cluster name and kept in the user
 * context for signing and checking tasks ({@link TaskSignature}).
 */
public final class HazelcastSetup {
  /** The executor every member runs cluster tasks on. */
  public static final String EXECUTOR = "multiproc-tasks";

  /** Member attribute: how many workers the member runs tasks on ("0" when it serves none). */
  public static final String WORKERS_ATTRIBUTE = "multiproc.workers";

  /** Member attribute: the member JVM's pid. */
  public static final String PID_ATTRIBUTE = "multiproc.pid";

  /**
   * The least number of members a side of the cluster needs to grant or release a lock: property
   * {@value}; by default a majority of the member addresses a member is given, so that of two
   * sides of a split at most one grants a lock. 1 turns the check off.
   */
  public static final String LOCK_QUORUM_PROPERTY = "multiproc.cluster.lock.quorum";

  /** The split-brain protection of the locks' maps. */
  static final String LOCK_PROTECTION = "multiproc-locks";

  /** The maps of shared arrays ({@code HzArray}): one entry each, kept as an object. */
  static final String ARRAY_MAPS = "multiproc-" + HzArray.KIND + "-*";

  private static final System.Logger LOG = System.getLogger(HazelcastSetup.class.getName());

  /** Kept strongly: {@link Logger} holds its loggers weakly, and would forget the level. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  private HazelcastSetup() {}

  /**
   * The user's own choice of logging wins; otherwise Hazelcast logs through {@code
   * java.util.logging}, and only its warnings show unless the user set a level.
   *
   * @return the logging type to set, or null to leave it as it is
   */
  private static @Nullable String quiet(Map<String, String> properties) {
    if (System.getProperty("hazelcast.logging.type") != null
        || properties.containsKey("hazelcast.logging.type")) {
      return null;
    }
    synchronized (HAZELCAST_LOG) {
      if (HAZELCAST_LOG.getLevel() == null) {
        HAZELCAST_LOG.setLevel(Level.WARNING);
      }
    }
    return "jdk";
  }

  /**
   * Returns the member config.
   *
   * @param c the cluster config
   * @param userContext the map tasks find this member's worker pool in
   * @return Hazelcast's config
   */
  public static Config member(ClusterConfig c, ConcurrentHashMap<String, Object> userContext) {
    String logging = quiet(c.properties());
    Config config = base(c);
    config.setClusterName(TaskSignature.wireName(c.clusterName(), c.key()));
    byte[] key = c.key();
    if (key != null) {
      userContext.put(TaskSignature.KEY, key);
    }
    config.getSerializationConfig().setJavaSerializationFilterConfig(serializationFilter());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    if (logging != null) {
      config.setProperty("hazelcast.logging.type", logging);
    }
    config.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
    c.properties().forEach(config::setProperty);
    config.setUserContext(userContext);

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(c.port()).setPortAutoIncrement(false);
    // one address, never every interface of the machine
    config.setProperty("hazelcast.socket.bind.any", "false");
    String host = bindAddress(c);
    if (host != null) {
      network.getInterfaces().setEnabled(true).addInterface(host);
      network.setPublicAddress(host + ":" + c.port());
      config.setProperty("hazelcast.local.localAddress", host);
    }
    if (key == null && (host == null || !isLoopback(host))) {
      LOG.log(
          System.Logger.Level.WARNING,
          "member of cluster {0} listens on {1} without a"
              + " cluster key: anyone who reaches it can join and send it tasks; give every member"
              + " and client the same key (ClusterConfig.Builder.key, node --key-file)",
          c.clusterName(),
          host == null ? "the address Hazelcast picks" : host);
    }
    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    if (c.hazelcastConfig() == null || !c.members().isEmpty()) {
      join.getMulticastConfig().setEnabled(c.multicast());
      join.getTcpIpConfig().setEnabled(true).setMembers(c.members());
    }

    config
        .getMemberAttributeConfig()
        .setAttribute(WORKERS_ATTRIBUTE, Integer.toString(c.workers()))
        .setAttribute(PID_ATTRIBUTE, Long.toString(ProcessHandle.current().pid()));
    // one executor thread waits for each task the member runs: room for every worker, and more
    // for tasks sent by several callers at once (the rest wait in the executor's queue)
    config.addExecutorConfig(
        new ExecutorConfig(EXECUTOR)
            .setPoolSize(Math.max(16, 4 * c.workers()))
            .setStatisticsEnabled(false));
    int quorum = lockQuorum(c);
    if (quorum > 1) {
      // Hazelcast refuses an operation on these maps, a lock's and its fencing token's, on a
      // side of a split with fewer members
      config.addSplitBrainProtectionConfig(
          new SplitBrainProtectionConfig(LOCK_PROTECTION, true, quorum));
      for (String kind : new String[] {"lock", "rlock"}) {
        config.addMapConfig(
            new MapConfig("multiproc-" + kind + "-*").setSplitBrainProtectionName(LOCK_PROTECTION));
      }
    }
    // a shared array is one entry: kept as an object, an element step does not copy it whole
    config.addMapConfig(new MapConfig(ARRAY_MAPS).setInMemoryFormat(InMemoryFormat.OBJECT));
    return config;
  }

  /** The member config to start from: the user's file, or Hazelcast's defaults. */
  private static Config base(ClusterConfig c) {
    var file = c.hazelcastConfig();
    if (file == null) {
      return new Config();
    }
    try {
      return Config.loadFromFile(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Hazelcast config file " + file, e);
    }
  }

  /**
   * Java serialization through Hazelcast (entry processors, exceptions) limited to the classes
   * that make it up: a hostile peer's gadget chain is refused before it is built.
   */
  private static JavaSerializationFilterConfig serializationFilter() {
    var filter = new JavaSerializationFilterConfig().setDefaultsDisabled(false);
    filter.getWhitelist().addPrefixes("dev.multiproc.", "java.", "com.hazelcast.");
    return filter;
  }

  /**
   * Returns the address a member binds to: its {@link ClusterConfig#host()}; else this machine's
   * own address among the member addresses it is given (and this member's port); else loopback
   * when every member address is a loopback one (or none is given, without other discovery);
   * else null, and Hazelcast picks one address of the machine.
   *
   * @param c the cluster config
   * @return the address, or null
   */
  static @Nullable String bindAddress(ClusterConfig c) {
    if (c.host() != null) {
      return c.host();
    }
    boolean allLoopback = true;
    for (String m : c.members()) {
      int colon = m.lastIndexOf(':');
      String h = m.substring(0, colon).replace("[", "").replace("]", "");
      InetAddress a;
      try {
        a = InetAddress.getByName(h);
      } catch (UnknownHostException e) {
        allLoopback = false;
        continue;
      }
      if (!a.isLoopbackAddress()) {
        allLoopback = false;
        if (m.substring(colon + 1).equals(Integer.toString(c.port())) && isLocal(a)) {
          return a.getHostAddress();
        }
      }
    }
    boolean otherDiscovery = c.multicast() || c.hazelcastConfig() != null;
    return allLoopback && !otherDiscovery ? "127.0.0.1" : null;
  }

  private static boolean isLocal(InetAddress a) {
    try {
      return NetworkInterface.getByInetAddress(a) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Returns the least number of members a side of the cluster needs to grant a lock.
   *
   * @param c the cluster config
   * @return {@link #LOCK_QUORUM_PROPERTY} if given (among the config's properties, else the
   *     system properties), else a majority of the config's member addresses
   * @throws IllegalArgumentException if the property is not a whole number above 0
   */
  public static int lockQuorum(ClusterConfig c) {
    String v =
        c.properties().getOrDefault(LOCK_QUORUM_PROPERTY, System.getProperty(LOCK_QUORUM_PROPERTY));
    if (v == null) {
      return c.members().size() / 2 + 1;
    }
    int n;
    try {
      n = Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1) {
      throw new IllegalArgumentException(
          LOCK_QUORUM_PROPERTY + " must be a whole number of members above 0: " + v);
    }
    return n;
  }

  /**
   * Returns the client config.
   *
   * @param c the cluster config
   * @return Hazelcast's client config
   */
  public static ClientConfig client(ClusterConfig c) {
    String logging = quiet(c.properties());
    ClientConfig config = new ClientConfig();
    config.setClusterName(TaskSignature.wireName(c.clusterName(), c.key()));
    byte[] key = c.key();
    if (key != null) {
      var userContext = new ConcurrentHashMap<String, Object>();
      userContext.put(TaskSignature.KEY, key);
      config.setUserContext(userContext);
    }
    config.getSerializationConfig().setJavaSerializationFilterConfig(serializationFilter());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    if (logging != null) {
      config.setProperty("hazelcast.logging.type", logging);
    }
    c.properties().forEach(config::setProperty);
    config.getNetworkConfig().setAddresses(c.members());
    config.getNetworkConfig().getAutoDetectionConfig().setEnabled(false);
    // a cluster that cannot be reached is an error after 30 s, not an endless wait
    config
        .getConnectionStrategyConfig()
        .getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(30_000);
    return config;
  }
}
