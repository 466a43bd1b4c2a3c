package dev.multiproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.pool.Pool;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code multiproc node}: its options make the member's config, and the member it starts (in this
 * JVM, on 127.0.0.1) runs a client's tasks in its own worker JVMs, then leaves when stopped. Slow
 * (~10 s): a real Hazelcast member and a client.
 */
class ClusterNodeCommandTest {

  static long parentPid(Integer ignored) {
    return ProcessHandle.current().parent().orElseThrow().pid();
  }

  private static NodeCommand parse(String... args) {
    CommandLine cli = Main.commandLine();
    CommandLine.ParseResult result = cli.parseArgs(args);
    return result.subcommand().commandSpec().commandLine().getCommand();
  }

  @Test
  void optionsMakeTheMembersConfig() {
    ClusterConfig c =
        parse(
                "node",
                "--cluster",
                "analytics",
                "--members",
                "10.0.0.1:5701,10.0.0.2",
                "--port",
                "5702",
                "--workers",
                "3",
                "--host",
                "10.0.0.3")
            .config();
    assertEquals("analytics", c.clusterName());
    assertEquals(List.of("10.0.0.1:5701", "10.0.0.2:5701"), c.members());
    assertEquals(5702, c.port());
    assertEquals(3, c.workers());
    assertEquals("10.0.0.3", c.host());
    assertEquals(ClusterConfig.Role.MEMBER, c.role());
  }

  @Test
  void securityAndTimingOptionsMakeTheMembersConfig(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("cluster.key");
    Files.writeString(key, "0123456789abcdef0123\n");
    ClusterConfig c =
        parse(
                "node",
                "--members",
                "127.0.0.1:5701",
                "--key-file",
                key.toString(),
                "--failure-timeout",
                "15",
                "--merge-delay",
                "20",
                "--multicast",
                "--run-only",
                "com.example.**,org.example.Tasks",
                "--property",
                "multiproc.cluster.lock.quorum=1")
            .config();
    assertEquals("0123456789abcdef0123", new String(c.key(), StandardCharsets.UTF_8));
    assertEquals("15", c.properties().get("hazelcast.max.no.heartbeat.seconds"));
    assertEquals("20", c.properties().get("hazelcast.merge.first.run.delay.seconds"));
    assertEquals("1", c.properties().get("multiproc.cluster.lock.quorum"));
    assertTrue(c.multicast());
    assertEquals(List.of("com.example.**", "org.example.Tasks"), c.runOnly());
  }

  @Test
  void aClassPathEntryThatIsNotOnTheClassPath_isAUsageErrorThatSaysHowToStart() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> parse("node", "--classpath", "/nowhere/app.jar").config());
    assertTrue(
        e.getMessage()
            .startsWith(
                "--classpath entry /nowhere/app.jar is not on this JVM's"
                    + " class path: start the member with the multiproc launcher script"),
        e.getMessage());
    String first = System.getProperty("java.class.path").split(File.pathSeparator)[0];
    assertEquals(List.of(), parse("node", "--classpath", first).config().runOnly());
  }

  @Test
  @Timeout(120)
  void theNodeServesAClientsTasksUntilStopped() throws Exception {
    int port;
    try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String name = "mp-test-node-" + ProcessHandle.current().pid();
    String address = "127.0.0.1:" + port;
    var printed = new ByteArrayOutputStream();
    NodeCommand node =
        parse(
                "node",
                "--cluster",
                name,
                "--members",
                address,
                "--port",
                Integer.toString(port),
                "--host",
                "127.0.0.1",
                "--workers",
                "1")
            .printTo(new PrintStream(printed, true, StandardCharsets.UTF_8));
    var stop = new CountDownLatch(1);
    CompletableFuture<Integer> serving =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return node.serve(stop);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    try {
      ClusterConfig clientConfig =
          ClusterConfig.builder()
              .clusterName(name)
              .members(address)
              .role(ClusterConfig.Role.CLIENT)
              .build();
      try (ClusterContext client = Cluster.context(clientConfig);
          Pool pool = client.pool()) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pool.processes() < 1 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        // the task runs in a worker JVM that this JVM (the member) started
        assertEquals(
            ProcessHandle.current().pid(), pool.apply(ClusterNodeCommandTest::parentPid, 1));
      }
    } finally {
      stop.countDown();
    }
    assertEquals(0, serving.get(60, TimeUnit.SECONDS));
    String text = printed.toString(StandardCharsets.UTF_8);
    assertTrue(
        text.contains(
            "member 127.0.0.1:" + port + " of cluster " + name + " serving with 1 workers"),
        text);
  }
}
