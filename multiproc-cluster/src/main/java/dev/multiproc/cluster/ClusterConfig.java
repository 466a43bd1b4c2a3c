package dev.multiproc.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How this JVM joins a cluster: the cluster's name, where its members are, and whether this JVM
 * becomes a member (and serves work) or connects as a client. Immutable; made with {@link
 * #builder()}.
 *
 * <pre>{@code
 * ClusterConfig config = ClusterConfig.builder()
 *     .clusterName("analytics")
 *     .members("10.0.0.1:5701", "10.0.0.2:5701")
 *     .role(ClusterConfig.Role.CLIENT)
 *     .build();
 * }</pre>
 *
 * <p>Members find each other by TCP-IP only (multicast and cloud discovery are off), and
 * Hazelcast's phone-home is off.
 *
 * <p>Besides Hazelcast's, {@link Builder#property} takes the library's own settings (each may
 * also be a system property; this config's value wins):
 *
 * <ul>
 *   <li>{@code multiproc.cluster.lease.seconds} (default 30): how long the lease of this JVM's
 *       objects lasts without renewal; it is renewed every third of that.
 *   <li>{@code multiproc.cluster.lease.grace.seconds} (default 30; a member's setting): how long
 *       a member waits after a lease expired before it destroys the objects of a maker that is
 *       neither back nor connected; the maker is told at its next call on one of them.
 *   <li>{@code multiproc.cluster.lock.quorum} (a member's setting; default a majority of {@link
 *       #members()}): the least number of members a side of a split cluster needs to grant or
 *       release a lock; 1 turns the check off. Give every member the same.
 * </ul>
 */
public final class ClusterConfig {
  /**
   * The system property that sets the default of {@link Builder#shipCode} ({@code false} turns
   * code shipping off): {@value}.
   */
  public static final String SHIP_CODE_PROPERTY = "multiproc.cluster.shipCode";

  /** The default port of a member, Hazelcast's. */
  public static final int DEFAULT_PORT = 5701;

  /** What this JVM is in the cluster. */
  public enum Role {
    /** A member: holds cluster data and, with {@link Builder#workers} above 0, runs tasks. */
    MEMBER,
    /** A client: connects to the members, holds nothing, runs no tasks. */
    CLIENT
  }

  private final String clusterName;
  private final List<String> members;
  private final int port;
  private final @Nullable String host;
  private final Role role;
  private final int workers;
  private final Map<String, String> properties;
  private final byte @Nullable [] key;
  private final boolean multicast;
  private final @Nullable Path hazelcastConfig;
  private final List<String> runOnly;
  private final boolean shipCode;

  private ClusterConfig(Builder b) {
    this.clusterName = b.clusterName;
    this.members = List.copyOf(b.members);
    this.port = b.port;
    this.host = b.host;
    this.role = b.role;
    this.workers = b.workers;
    this.properties = Map.copyOf(b.properties);
    this.key = b.key == null ? null : b.key.clone();
    this.multicast = b.multicast;
    this.hazelcastConfig = b.hazelcastConfig;
    this.runOnly = List.copyOf(b.runOnly);
    this.shipCode = b.shipCode;
  }

  /**
   * Returns a builder with the defaults: cluster {@code multiproc}, no member addresses, port
   * {@value #DEFAULT_PORT}, role {@link Role#MEMBER}, no workers.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the cluster's name: members and clients of different names never join.
   *
   * @return the name
   */
  public String clusterName() {
    return clusterName;
  }

  /**
   * Returns the addresses, {@code host:port}, of the members to join or connect to.
   *
   * @return the addresses
   */
  public List<String> members() {
    return members;
  }

  /**
   * Returns the port this member listens on (unused for a client).
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Returns the address this member binds to and announces, or null to let Hazelcast choose.
   *
   * @return the host, or null
   */
  public @Nullable String host() {
    return host;
  }

  /**
   * Returns what this JVM is in the cluster.
   *
   * @return the role
   */
  public Role role() {
    return role;
  }

  /**
   * Returns how many local worker JVMs this member runs cluster tasks on; 0 for none.
   *
   * @return the number of workers
   */
  public int workers() {
    return workers;
  }

  /**
   * Returns further Hazelcast properties, such as {@code hazelcast.max.no.heartbeat.seconds}.
   *
   * @return the properties
   */
  public Map<String, String> properties() {
    return properties;
  }

  /**
   * Returns the cluster key: members refuse tasks not signed with it, and only members and
   * clients that hold it join (see {@link Builder#key}).
   *
   * @return a copy of the key, or null when none was given
   */
  public byte @Nullable [] key() {
    return key == null ? null : key.clone();
  }

  /**
   * Returns whether members also find each other by multicast.
   *
   * @return true if multicast discovery is on
   */
  public boolean multicast() {
    return multicast;
  }

  /**
   * Returns the Hazelcast member config file this member starts from, or null.
   *
   * @return the file, or null
   */
  public @Nullable Path hazelcastConfig() {
    return hazelcastConfig;
  }

  /**
   * Returns the patterns of the only classes this member runs tasks of, or an empty list when it
   * runs those of any class on its class path (see {@link Builder#runOnly}).
   *
   * @return the patterns
   */
  public List<String> runOnly() {
    return runOnly;
  }

  /**
   * Returns whether this member loads the classes it lacks from the caller of each task (see
   * {@link Builder#shipCode}).
   *
   * @return true unless turned off
   */
  public boolean shipCode() {
    return shipCode;
  }

  @Override
  public String toString() {
    return "ClusterConfig[cluster="
        + clusterName
        + ", members="
        + members
        + ", port="
        + port
        + ", host="
        + host
        + ", role="
        + role
        + ", workers="
        + workers
        + (key == null ? "" : ", key=set")
        + (multicast ? ", multicast" : "")
        + (hazelcastConfig == null ? "" : ", hazelcastConfig=" + hazelcastConfig)
        + (runOnly.isEmpty() ? "" : ", runOnly=" + runOnly)
        + (shipCode ? "" : ", shipCode=false")
        + "]";
  }

  /** Builds a {@link ClusterConfig}; each setter checks its value at once. */
  public static final class Builder {
    private String clusterName = "multiproc";
    private final List<String> members = new ArrayList<>();
    private int port = DEFAULT_PORT;
    private @Nullable String host;
    private Role role = Role.MEMBER;
    private int workers;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private byte @Nullable [] key;
    private boolean multicast;
    private @Nullable Path hazelcastConfig;
    private final List<String> runOnly = new ArrayList<>();
    private boolean shipCode =
        !"false".equalsIgnoreCase(System.getProperty(SHIP_CODE_PROPERTY, "true").strip());

    private Builder() {}

    /**
     * Sets the cluster's name.
     *
     * @param clusterName the name, not blank
     * @return this builder
     * @throws IllegalArgumentException if the name is blank
     */
    public Builder clusterName(String clusterName) {
      if (clusterName.isBlank()) {
        throw new IllegalArgumentException("clusterName must not be blank");
      }
      this.clusterName = clusterName;
      return this;
    }

    /**
     * Sets the addresses of the members to join or connect to.
     *
     * @param addresses {@code host:port} or {@code host} (then port {@value #DEFAULT_PORT})
     * @return this builder
     * @throws IllegalArgumentException if an address is blank or its port is not a number in
     *     1..65535
     */
    public Builder members(String... addresses) {
      return members(Arrays.asList(addresses));
    }

    /**
     * Sets the addresses of the members to join or connect to.
     *
     * @param addresses {@code host:port} or {@code host} (then port {@value #DEFAULT_PORT})
     * @return this builder
     * @throws IllegalArgumentException if an address is blank or its port is not a number in
     *     1..65535
     */
    public Builder members(List<String> addresses) {
      List<String> checked = new ArrayList<>();
      for (String a : addresses) {
        checked.add(checkAddress(Objects.requireNonNull(a, "address").strip()));
      }
      members.clear();
      members.addAll(checked);
      return this;
    }

    private static String checkAddress(String a) {
      if (a.isEmpty()) {
        throw new IllegalArgumentException("a member address must not be blank");
      }
      int colon = a.lastIndexOf(':');
      if (colon < 0) {
        return a + ":" + DEFAULT_PORT;
      }
      try {
        checkPort(Integer.parseInt(a.substring(colon + 1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "a member address must be host:port with a port in 1..65535: " + a, e);
      }
      return a;
    }

    private static int checkPort(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be in 1..65535: port=" + port);
      }
      return port;
    }

    /**
     * Sets the port this member listens on.
     *
     * @param port the port, 1..65535
     * @return this builder
     * @throws IllegalArgumentException if the port is out of range
     */
    public Builder port(int port) {
      this.port = checkPort(port);
      return this;
    }

    /**
     * Sets the address this member binds to and announces to the others, such as {@code
     * 127.0.0.1} or the machine's address on the cluster's network.
     *
     * @param host the address
     * @return this builder
     * @throws IllegalArgumentException if the host is blank
     */
    public Builder host(String host) {
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = host.strip();
      return this;
    }

    /**
     * Sets whether this JVM becomes a member or connects as a client.
     *
     * @param role the role
     * @return this builder
     */
    public Builder role(Role role) {
      this.role = Objects.requireNonNull(role, "role");
      return this;
    }

    /**
     * Sets how many local worker JVMs this member runs cluster tasks on. A member with 0 workers
     * holds cluster data and submits tasks, but runs none.
     *
     * @param workers the number of workers, at least 0
     * @return this builder
     * @throws IllegalArgumentException if {@code workers} is negative
     */
    public Builder workers(int workers) {
      if (workers < 0) {
        throw new IllegalArgumentException("workers must not be negative: workers=" + workers);
      }
      this.workers = workers;
      return this;
    }

    /**
     * Sets a Hazelcast property, such as {@code hazelcast.max.no.heartbeat.seconds}.
     *
     * @param name the property's name
     * @param value its value
     * @return this builder
     */
    public Builder property(String name, String value) {
      properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the cluster key, a secret every member and client of the cluster is given. A member
     * with a key runs only tasks signed with it (HMAC-SHA256, checked before the task is
     * decoded), and the key is folded into the cluster's name on the wire, so a member or a plain
     * Hazelcast client that knows the cluster's name but not the key cannot join. Hazelcast's
     * traffic itself is not encrypted: see {@code docs/cluster.md} on running it in a private
     * network or tunnel.
     *
     * @param key the key's bytes, at least 16 (copied)
     * @return this builder
     * @throws IllegalArgumentException if the key is shorter than 16 bytes
     */
    public Builder key(byte[] key) {
      if (key.length < 16) {
        throw new IllegalArgumentException(
            "a cluster key must have at least 16 bytes: it has " + key.length);
      }
      this.key = key.clone();
      return this;
    }

    /**
     * Says what is wrong with a key file that others than its owner may read, as ssh does of a
     * private key; null when only its owner may (or the file system has no POSIX modes).
     */
    static @Nullable String looseMode(Path file) {
      Set<PosixFilePermission> mode;
      try {
        mode = Files.getPosixFilePermissions(file);
      } catch (IOException | UnsupportedOperationException e) {
        return null;
      }
      if (!mode.contains(PosixFilePermission.GROUP_READ)
          && !mode.contains(PosixFilePermission.OTHERS_READ)) {
        return null;
      }
      return "the cluster key file "
          + file
          + " can be read by others than its owner ("
          + PosixFilePermissions.toString(mode)
          + "): whoever reads it can join the cluster and run code on its members;"
          + " make it readable by its owner only (chmod 600)";
    }

    /**
     * Sets the cluster key from a file, as {@link #key(byte[])}: the file's bytes, without the
     * white space at its end (so {@code head -c 32 /dev/urandom | base64 > cluster.key} makes
     * one).
     *
     * @param file the key file
     * @return this builder
     * @throws IllegalArgumentException if the file cannot be read or holds fewer than 16 bytes
     */
    public Builder keyFile(Path file) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read the cluster key file " + file + ": " + e, e);
      }
      String loose = looseMode(file);
      if (loose != null) {
        System.getLogger(ClusterConfig.class.getName()).log(System.Logger.Level.WARNING, loose);
      }
      int end = bytes.length;
      while (end > 0 && Character.isWhitespace(bytes[end - 1])) {
        end--;
      }
      try {
        return key(Arrays.copyOf(bytes, end));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "the cluster key file " + file + " holds " + end + " bytes; it needs at least 16", e);
      }
    }

    /**
     * Sets how long a member or client that sends no heartbeat is taken for gone. Hazelcast's
     * default is 60 s for members; a shorter time finds a vanished machine sooner, and takes a
     * long pause (a GC, a frozen VM) for a loss.
     *
     * @param timeout the time, at least 2 s
     * @return this builder
     * @throws IllegalArgumentException if the time is under 2 s
     */
    public Builder failureTimeout(Duration timeout) {
      long seconds = timeout.toSeconds();
      if (seconds < 2) {
        throw new IllegalArgumentException("failureTimeout must be at least 2 s: " + timeout);
      }
      String interval = Long.toString(Math.max(1, seconds / 5));
      properties.put("hazelcast.max.no.heartbeat.seconds", Long.toString(seconds));
      properties.put("hazelcast.heartbeat.interval.seconds", interval);
      properties.put("hazelcast.client.heartbeat.timeout", Long.toString(seconds * 1000));
      properties.put(
          "hazelcast.client.heartbeat.interval", Long.toString(Math.max(1, seconds / 5) * 1000));
      return this;
    }

    /**
     * Sets how soon after a split the sides of a cluster look for each other to merge again, and
     * how often after that. Hazelcast's defaults are 300 s, then every 120 s.
     *
     * @param delay the time, at least 1 s
     * @return this builder
     * @throws IllegalArgumentException if the time is under 1 s
     */
    public Builder mergeDelay(Duration delay) {
      long seconds = delay.toSeconds();
      if (seconds < 1) {
        throw new IllegalArgumentException("mergeDelay must be at least 1 s: " + delay);
      }
      properties.put("hazelcast.merge.first.run.delay.seconds", Long.toString(seconds));
      properties.put("hazelcast.merge.next.run.delay.seconds", Long.toString(seconds));
      return this;
    }

    /**
     * Sets whether members also find each other by multicast, on a network that carries it.
     *
     * @param multicast true to turn multicast discovery on
     * @return this builder
     */
    public Builder multicast(boolean multicast) {
      this.multicast = multicast;
      return this;
    }

    /**
     * Sets a Hazelcast member config file (YAML or XML) for a member to start from, for what this
     * builder does not set, such as the Kubernetes discovery. The library's own settings are
     * applied over it; the file's join settings are kept when no {@link #members} are given.
     *
     * @param file the file
     * @return this builder
     * @throws IllegalArgumentException if the file is not readable
     */
    public Builder hazelcastConfig(Path file) {
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException("cannot read the Hazelcast config file " + file);
      }
      this.hazelcastConfig = file;
      return this;
    }

    /**
     * Restricts the tasks this member runs to those whose classes (the task's function, its
     * arguments, and what they hold) match the patterns, besides the JDK's value types and the
     * library's own ({@link dev.multiproc.function.ClassFilter#only}): a task of any other class fails with {@code
     * TaskTransferException} naming it, and nothing of it is built. The operator's allow-list.
     *
     * @param patterns class name patterns such as {@code com.example.**}
     * @return this builder
     * @throws IllegalArgumentException if a pattern is blank
     */
    public Builder runOnly(String... patterns) {
      List<String> checked = new ArrayList<>();
      for (String p : patterns) {
        if (p.isBlank()) {
          throw new IllegalArgumentException("a runOnly pattern must not be blank");
        }
        checked.add(p.strip());
      }
      runOnly.clear();
      runOnly.addAll(checked);
      return this;
    }

    /**
     * Sets whether this member loads the classes it lacks from the caller of each task: a class
     * or resource that neither the member's nor its workers' class path has is fetched from the
     * JVM that sent the task, on first use, and kept for that caller; so an application's jar
     * need be only on the caller. On by default. With it on, a member runs code that a caller
     * brings, as well as what is on its class path: give the cluster a {@link #key} (only key
     * holders send tasks) and, to restrict what runs, {@link #runOnly}.
     *
     * @param shipCode false to run only classes on the member's class path
     * @return this builder
     */
    public Builder shipCode(boolean shipCode) {
      this.shipCode = shipCode;
      return this;
    }

    /**
     * Returns the config.
     *
     * @return the config
     * @throws IllegalArgumentException if a client has no member address to connect to, or a
     *     client is given workers
     */
    public ClusterConfig build() {
      if (role == Role.CLIENT && members.isEmpty()) {
        throw new IllegalArgumentException("a client needs at least one member address");
      }
      if (role == Role.CLIENT && workers > 0) {
        throw new IllegalArgumentException(
            "a client runs no tasks: workers must be 0 for Role.CLIENT, not " + workers);
      }
      return new ClusterConfig(this);
    }
  }
}
