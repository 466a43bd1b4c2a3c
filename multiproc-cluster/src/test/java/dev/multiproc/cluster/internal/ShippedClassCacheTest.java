package dev.multiproc.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member's cache of the class bytes its callers shipped, shared by content among them, holds
 * only what a caller it still serves uses: callers in JVMs of their own, clients of a member in
 * this JVM, each with classes the member lacks (compiled here: a task and the record it returns,
 * which the member decodes through that caller's loader), run a task of them and leave.
 */
@Timeout(180)
class ShippedClassCacheTest {
  @TempDir static Path dir;

  private static String clusterName;
  private static String address;
  private static ClusterContext member;
  private static MemberWork work;

  /** The SHA-256 of the result record's class file of each package. */
  private static String v1;

  private static String v2;

  @BeforeAll
  static void startMember() throws Exception {
    v1 = compile("one", 1);
    v2 = compile("two", 2);
    clusterName = "mp-test-ShippedClassCacheTest-" + ProcessHandle.current().pid();
    int port;
    try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    address = "127.0.0.1:" + port;
    member =
        Cluster.context(
            ClusterConfig.builder()
                .clusterName(clusterName)
                .members(address)
                .host("127.0.0.1")
                .port(port)
                .workers(1)
                .build());
    @SuppressWarnings("unchecked")
    var ready =
        (CompletableFuture<MemberWork>) member.hazelcast().getUserContext().get(MemberWork.KEY);
    work = ready.get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopMember() {
    if (member != null) {
      member.close();
    }
  }

  /**
   * Compiles, in package {@code pkg}, a task class whose task returns {@code x + n} in a record of
   * its own; returns the hash of the record's class file.
   */
  private static String compile(String pkg, int n) throws Exception {
    Path src = dir.resolve(pkg + "-src/" + pkg + "/Task.java");
    Files.createDirectories(src.getParent());
    Files.writeString(
        src,
        """
        package %s;

        public final class Task {
          public record Box(int value) implements java.io.Serializable {}

          public static dev.multiproc.function.SerializableFunction<Integer, Box> task() {
            return x -> new Box(x + %d);
          }
        }
        """
            .formatted(pkg, n));
    Path out = dir.resolve(pkg);
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-d",
                out.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                src.toString());
    assertEquals(0, rc, "javac failed for " + src);
    byte[] bytes = Files.readAllBytes(out.resolve(pkg + "/Task$Box.class"));
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** A caller JVM that ran its task and stays until {@link #leave()}. */
  private record Caller(Process process, String uuid) {
    void leave() throws Exception {
      process.getOutputStream().close();
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the caller did not leave");
      assertEquals(0, process.exitValue(), "the caller failed");
    }
  }

  private static Caller start(String pkg, int n, List<Process> started) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-Dhazelcast.logging.type=none",
                "-cp",
                System.getProperty("java.class.path") + File.pathSeparator + dir.resolve(pkg),
                ShippingCallerMain.class.getName(),
                clusterName,
                address,
                pkg + ".Task")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    started.add(p);
    var lines =
        CompletableFuture.supplyAsync(
            () -> {
              var in =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
              List<String> got = new ArrayList<>();
              try {
                String l;
                while (got.size() < 2 && (l = in.readLine()) != null) {
                  got.add(l);
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              return got;
            });
    List<String> got = lines.get(90, TimeUnit.SECONDS);
    assertEquals(2, got.size(), "the caller ended early: " + got);
    assertEquals("ran Box[value=" + (20 + n) + "]", got.get(1), "the task of " + pkg);
    return new Caller(p, got.get(0).substring("uuid ".length()));
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, what + " (waited 30 s): " + cached());
      Thread.sleep(20);
    }
  }

  private static Set<String> cached() {
    return ShippedClassLoader.cachedHashes();
  }

  @Test
  void theBytesOfCallersThatLeft_leaveTheCache_theSharedOnesWithTheirLastUser() throws Exception {
    List<Process> started = new ArrayList<>();
    try {
      // two callers ship the same classes, a third others
      Caller a = start("one", 1, started);
      Caller b = start("one", 1, started);
      Caller c = start("two", 2, started);
      assertTrue(cached().containsAll(List.of(v1, v2)), "both versions cached: " + cached());

      c.leave();
      await(() -> !work.callersWithClasses().contains(c.uuid()), "the member kept caller c");
      await(() -> !cached().contains(v2), "package two, used by caller c only, stayed cached");
      a.leave();
      await(() -> !work.callersWithClasses().contains(a.uuid()), "the member kept caller a");
      assertTrue(cached().contains(v1), "package one went while b still uses it: " + cached());

      b.leave();
      await(() -> cached().isEmpty(), "the cache kept bytes no caller uses");
    } finally {
      for (Process p : started) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
