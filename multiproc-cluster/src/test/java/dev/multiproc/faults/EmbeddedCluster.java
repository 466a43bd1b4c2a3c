package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Test support: one cluster member embedded in the test JVM and a client of it in the same JVM,
 * so that every object can be tried from a member and from a client; and other JVMs that join as
 * clients ({@link #startClientJvm}). A client that goes away has its locks released within about
 * a second.
 */
final class EmbeddedCluster implements AutoCloseable {
  /** The member's view of a client that left: its locks go within a second or two. */
  private static final Map<String, String> QUICK_CLEANUP =
      Map.of(
          "hazelcast.client.cleanup.period.millis", "500",
          "hazelcast.client.cleanup.timeout.millis", "1000",
          "hazelcast.heartbeat.interval.seconds", "1",
          "hazelcast.max.no.heartbeat.seconds", "5");

  final String clusterName;
  final String memberAddress;
  final ClusterContext member;
  final ClusterContext client;

  private EmbeddedCluster(
      String clusterName, String memberAddress, ClusterContext member, ClusterContext client) {
    this.clusterName = clusterName;
    this.memberAddress = memberAddress;
    this.member = member;
    this.client = client;
  }

  static EmbeddedCluster start(Class<?> testClass) throws Exception {
    String name = "mp-test-" + testClass.getSimpleName() + "-" + ProcessHandle.current().pid();
    int port;
    try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    ClusterConfig.Builder b =
        ClusterConfig.builder().clusterName(name).members(address).host("127.0.0.1").port(port);
    QUICK_CLEANUP.forEach(b::property);
    ClusterContext member = Cluster.context(b.build());
    try {
      ClusterContext client =
          Cluster.context(
              ClusterConfig.builder()
                  .clusterName(name)
                  .members(address)
                  .role(ClusterConfig.Role.CLIENT)
                  .build());
      return new EmbeddedCluster(name, address, member, client);
    } catch (RuntimeException | Error e) {
      member.close();
      throw e;
    }
  }

  /** The context named by a test parameter: "member" or "client". */
  ClusterContext side(String which) {
    return switch (which) {
      case "member" -> member;
      case "client" -> client;
      default -> throw new IllegalArgumentException(which);
    };
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      member.close();
    }
  }

  /**
   * Starts {@code main} in a JVM of its own, with this JVM's class path, passing the cluster's
   * name and address first, then {@code args}.
   */
  Process startClientJvm(Class<?> main, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "--sun-misc-unsafe-memory-access=allow",
                "-Dhazelcast.logging.type=none",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName(),
                clusterName,
                memberAddress));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** Reads {@code process}'s output until a line equal to {@code line}; false if it ended first. */
  static boolean awaitLine(Process process, String line, long seconds) throws Exception {
    CompletableFuture<Boolean> seen =
        inThread(
            () -> {
              var in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
              String l;
              while ((l = in.readLine()) != null) {
                if (l.equals(line)) {
                  return true;
                }
              }
              return false;
            });
    return seen.get(seconds, TimeUnit.SECONDS);
  }

  /** Runs in a platform thread of its own (a blocked wait would starve a shared pool). */
  static <T> CompletableFuture<T> inThread(Callable<T> task) {
    var f = new CompletableFuture<T>();
    Thread.ofPlatform()
        .daemon()
        .name("cluster-fault-test")
        .start(
            () -> {
              try {
                f.complete(task.call());
              } catch (Throwable t) {
                f.completeExceptionally(t);
              }
            });
    return f;
  }

  /** Waits until {@code thread} is blocked, waiting (not running), or has ended. */
  static void awaitBlocked(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      Thread.State s = thread.getState();
      if (s == Thread.State.WAITING
          || s == Thread.State.TIMED_WAITING
          || s == Thread.State.TERMINATED) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, "the thread did not start waiting: " + s);
      Thread.onSpinWait();
    }
  }
}
