package dev.multiproc.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Test support: cluster members in their own JVMs on 127.0.0.1, started with this JVM's class
 * path, each running {@link dev.multiproc.cluster.internal.NodeMain}; and a client context
 * connected to them. {@link #close()} stops them all and waits until no member JVM or worker of
 * theirs is left.
 */
public final class TestCluster {
  /** Quick failure detection, so that a killed member is noticed in seconds. */
  static final Map<String, String> FAST_DETECTION = Map.of(
      "hazelcast.heartbeat.interval.seconds", "1",
      "hazelcast.max.no.heartbeat.seconds", "10",
      "hazelcast.merge.first.run.delay.seconds", "5");

  /** One member JVM. */
  record Node(Process process, String address, int port) {
    long pid() {
      return process.pid();
    }
  }

  final String name;
  final List<Node> nodes = new ArrayList<>();
  final List<ProcessHandle> everything = new ArrayList<>();
  ClusterContext client;

  private TestCluster(String name) {
    this.name = name;
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
  static TestCluster start(Class<?> testClass, String classPath, int... workers)
      throws Exception {
    var cluster = new TestCluster("mp-test-" + testClass.getSimpleName() + "-"
        + ProcessHandle.current().pid());
    try {
      int[] ports = new int[workers.length];
      List<String> addresses = new ArrayList<>();
      for (int i = 0; i < workers.length; i++) {
        ports[i] = freePort();
        addresses.add("127.0.0.1:" + ports[i]);
      }
      List<CompletableFuture<Node>> starting = new ArrayList<>();
      for (int i = 0; i < workers.length; i++) {
        starting.add(
            cluster.launch(ports[i], workers[i], String.join(",", addresses), classPath));
      }
      for (var s : starting) {
        cluster.nodes.add(s.get(90, TimeUnit.SECONDS));
      }
      ClusterConfig.Builder b = ClusterConfig.builder()
          .clusterName(cluster.name)
          .members(addresses)
          .role(ClusterConfig.Role.CLIENT)
          .property("hazelcast.client.heartbeat.interval", "1000")
          .property("hazelcast.client.heartbeat.timeout", "10000");
      cluster.client = Cluster.context(b.build());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (cluster.client.memberCount() < workers.length) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the members did not form one cluster: "
              + cluster.client.memberCount() + " of " + workers.length);
        }
        Thread.sleep(100);
      }
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private CompletableFuture<Node> launch(int port, int workers, String members, String classPath)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED",
        "-Xmx256m",
        "-XX:TieredStopAtLevel=1",
        "--sun-misc-unsafe-memory-access=allow",
        "-Dhazelcast.logging.type=none",
        "-cp", classPath,
        "dev.multiproc.cluster.internal.NodeMain",
        "--cluster", name,
        "--members", members,
        "--host", "127.0.0.1",
        "--port", Integer.toString(port),
        "--workers", Integer.toString(workers),
        "--stdin-lifeline"));
    FAST_DETECTION.forEach((k, v) -> command.addAll(List.of("--property", k + "=" + v)));
    Process p = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    synchronized (everything) {
      everything.add(p.toHandle());
    }
    var ready = new CompletableFuture<Node>();
    Thread.ofPlatform().daemon().name("member-" + port + "-stdout").start(() -> {
      try (var in = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("READY ")) {
            ready.complete(new Node(p, line.substring(6).strip(), port));
          } else {
            System.err.println("[member " + port + "] " + line);
          }
        }
      } catch (IOException e) {
        // the member ended
      }
      ready.completeExceptionally(new IllegalStateException(
          "member on port " + port + " ended before it was ready"));
    });
    return ready;
  }

  /** The member JVM and the workers it started now, for the leak check. */
  void remember(Node node) {
    synchronized (everything) {
      node.process().descendants().forEach(everything::add);
    }
  }

  /** Kills a member JVM at once, as a crash would. */
  void kill(Node node) {
    remember(node);
    node.process().destroyForcibly();
  }

  /**
   * Returns the client context connected to the members.
   *
   * @return the client
   */
  public ClusterContext client() {
    return client;
  }

  /**
   * Stops the client and the members, and checks that none of their JVMs is left.
   *
   * @throws Exception if one had to be killed
   */
  public void close() throws Exception {
    if (client != null) {
      client.close();
    }
    for (Node n : nodes) {
      remember(n);
      try {
        n.process().getOutputStream().close(); // the lifeline: the member leaves and exits
      } catch (IOException e) {
        // already gone
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<ProcessHandle> all;
    synchronized (everything) {
      all = new ArrayList<>(everything);
    }
    for (ProcessHandle h : all) {
      long left = Math.max(1, deadline - System.nanoTime());
      try {
        h.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        h.destroyForcibly();
      }
    }
    List<ProcessHandle> alive = all.stream().filter(ProcessHandle::isAlive).toList();
    for (ProcessHandle h : alive) {
      h.onExit().get(10, TimeUnit.SECONDS);
    }
    if (!alive.isEmpty()) {
      throw new AssertionError("member JVMs or their workers had to be killed: "
          + alive.stream().map(ProcessHandle::pid).toList());
    }
  }

  static Duration timeout() {
    return Duration.ofSeconds(60);
  }
}
