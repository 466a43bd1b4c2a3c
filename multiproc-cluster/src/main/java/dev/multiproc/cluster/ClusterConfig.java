package dev.multiproc.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

  private ClusterConfig(Builder b) {
    this.clusterName = b.clusterName;
    this.members = List.copyOf(b.members);
    this.port = b.port;
    this.host = b.host;
    this.role = b.role;
    this.workers = b.workers;
    this.properties = Map.copyOf(b.properties);
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

  @Override
  public String toString() {
    return "ClusterConfig[cluster=" + clusterName + ", members=" + members + ", port=" + port
        + ", host=" + host + ", role=" + role + ", workers=" + workers + "]";
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
