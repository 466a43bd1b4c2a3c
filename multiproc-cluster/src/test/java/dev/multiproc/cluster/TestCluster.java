package dev.multiproc.cluster;

import dev.multiproc.cluster.internal.LocalMembers;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Test support: cluster members in their own JVMs on 127.0.0.1 ({@link LocalMembers}, started
 * with this JVM's class path or another), and a client context connected to them. {@link
 * #close()} stops them all and fails if a member JVM or a worker of theirs had to be killed.
 */
public final class TestCluster {
  /** One member JVM. */
  public record Node(String address, int port, Process process) {
    long pid() {
      return process.pid();
    }
  }

  final String name;
  final List<Node> nodes;
  final ClusterContext client;
  private final LocalMembers members;

  private TestCluster(LocalMembers members, ClusterContext client) {
    this.members = members;
    this.name = members.clusterName();
    this.nodes =
        members.members().stream().map(m -> new Node(m.address(), m.port(), m.process())).toList();
    this.client = client;
  }

  /**
   * Starts {@code workers.length} members at once, the i-th with {@code workers[i]} workers, and
   * connects a client.
   *
   * @param testClass names the cluster
   * @param workers each member's workers
   * @return the running cluster
   * @throws Exception if a member does not start
   */
  public static TestCluster start(Class<?> testClass, int... workers) throws Exception {
    return start(testClass, System.getProperty("java.class.path"), workers);
  }

  /** As {@link #start(Class, int...)}, the members with the given class path. */
  static TestCluster start(Class<?> testClass, String classPath, int... workers) throws Exception {
    return start(testClass, classPath, List.of(), workers);
  }

  /** As {@link #start(Class, String, int...)}, the members with further JVM flags. */
  static TestCluster start(Class<?> testClass, String classPath, List<String> flags, int... workers)
      throws Exception {
    String name = "mp-test-" + testClass.getSimpleName() + "-" + ProcessHandle.current().pid();
    List<String> jvmFlags =
        new ArrayList<>(
            List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dhazelcast.logging.type=none"));
    jvmFlags.addAll(flags);
    LocalMembers members =
        LocalMembers.start(name, workers, classPath, jvmFlags, System.err::println);
    try {
      ClusterContext client = Cluster.context(members.clientConfig());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (client.memberCount() < workers.length) {
        if (System.nanoTime() > deadline) {
          client.close();
          throw new IllegalStateException(
              "the members did not form one cluster: "
                  + client.memberCount()
                  + " of "
                  + workers.length);
        }
        Thread.sleep(100);
      }
      return new TestCluster(members, client);
    } catch (Exception | Error e) {
      members.close();
      throw e;
    }
  }

  /**
   * Returns the client context connected to the members.
   *
   * @return the client
   */
  public ClusterContext client() {
    return client;
  }

  /** A client config for these members, for a second context or another JVM. */
  ClusterConfig clientConfig() {
    return members.clientConfig();
  }

  /** Kills a member JVM at once, as a crash would. */
  void kill(Node node) {
    members.members().stream().filter(m -> m.process() == node.process()).forEach(members::kill);
  }

  /**
   * Stops the client and the members, and checks that none of their JVMs had to be killed.
   *
   * @throws AssertionError if one had to be
   */
  public void close() {
    client.close();
    members.close();
    if (!members.killedAtClose().isEmpty()) {
      throw new AssertionError(
          "member JVMs or their workers did not end by themselves within"
              + " 20 s and were killed: "
              + members.killedAtClose());
    }
  }

  /**
   * Returns this JVM's class path without this module's test classes: a member started with it
   * lacks the application's classes, as a member without the team's jar would.
   */
  static String classPathWithoutTests() throws Exception {
    String testClasses =
        Path.of(TestCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !Path.of(e).toString().equals(testClasses))
        .collect(Collectors.joining(File.pathSeparator));
  }

  static Duration timeout() {
    return Duration.ofSeconds(60);
  }
}
