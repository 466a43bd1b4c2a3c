package dev.multiproc.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.UnaryOperator;

/**
 * A member in this JVM on a free loopback port, and a client of it: the cluster of tests that
 * need no member JVM of their own.
 *
 * @param member the member's context
 * @param client the client's context
 */
public record InProcessCluster(ClusterContext member, ClusterContext client)
    implements AutoCloseable {

  /**
   * Starts the member, then the client.
   *
   * @param name the cluster's name: unique to the test class and this JVM
   * @param memberOptions what the member's configuration adds (workers, a key, properties)
   * @param clientOptions what the client's configuration adds
   * @return the running pair
   * @throws IOException if no free port is found
   */
  public static InProcessCluster start(
      String name,
      UnaryOperator<ClusterConfig.Builder> memberOptions,
      UnaryOperator<ClusterConfig.Builder> clientOptions)
      throws IOException {
    int port;
    try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    ClusterContext member =
        Cluster.context(
            memberOptions
                .apply(
                    ClusterConfig.builder()
                        .clusterName(name)
                        .members(address)
                        .host("127.0.0.1")
                        .port(port))
                .build());
    try {
      ClusterContext client =
          Cluster.context(
              clientOptions
                  .apply(
                      ClusterConfig.builder()
                          .clusterName(name)
                          .members(address)
                          .role(ClusterConfig.Role.CLIENT))
                  .build());
      return new InProcessCluster(member, client);
    } catch (RuntimeException e) {
      member.close();
      throw e;
    }
  }

  /**
   * Starts a member and a client with the defaults.
   *
   * @param name the cluster's name
   * @return the running pair
   * @throws IOException if no free port is found
   */
  public static InProcessCluster start(String name) throws IOException {
    return start(name, b -> b, b -> b);
  }

  /** Closes the client, then the member. */
  @Override
  public void close() {
    try {
      client.close();
    } finally {
      member.close();
    }
  }
}
