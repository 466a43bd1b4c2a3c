package dev.multiproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.pool.Pool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
    ClusterConfig c = parse("node", "--cluster", "analytics", "--members",
        "10.0.0.1:5701,10.0.0.2", "--port", "5702", "--workers", "3", "--host", "10.0.0.3")
        .config();
    assertEquals("analytics", c.clusterName());
    assertEquals(List.of("10.0.0.1:5701", "10.0.0.2:5701"), c.members());
    assertEquals(5702, c.port());
    assertEquals(3, c.workers());
    assertEquals("10.0.0.3", c.host());
    assertEquals(ClusterConfig.Role.MEMBER, c.role());
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
    NodeCommand node = parse("node", "--cluster", name, "--members", address, "--port",
        Integer.toString(port), "--host", "127.0.0.1", "--workers", "1")
        .printTo(new PrintStream(printed, true, StandardCharsets.UTF_8));
    var stop = new CountDownLatch(1);
    CompletableFuture<Integer> serving = CompletableFuture.supplyAsync(() -> {
      try {
        return node.serve(stop);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      ClusterConfig clientConfig = ClusterConfig.builder().clusterName(name).members(address)
          .role(ClusterConfig.Role.CLIENT).build();
      try (ClusterContext client = Cluster.context(clientConfig);
          Pool pool = client.pool()) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pool.processes() < 1 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        // the task runs in a worker JVM that this JVM (the member) started
        assertEquals(ProcessHandle.current().pid(),
            pool.apply(ClusterNodeCommandTest::parentPid, 1));
      }
    } finally {
      stop.countDown();
    }
    assertEquals(0, serving.get(60, TimeUnit.SECONDS));
    String text = printed.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("member 127.0.0.1:" + port + " of cluster " + name
        + " serving with 1 workers"), text);
  }

}
