package dev.multiproc.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.testing.NoLeaksExtension;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each task runs the code of its own caller: two callers, in JVMs of their own, hold different
 * versions of one class ({@code shipped.Task}, whose task returns {@code x + 1} in one and {@code
 * x + 2} in the other), which the member lacks; their tasks run on the member's one worker, in
 * either order and interleaved, and each gets its own version's result.
 */
@Timeout(240)
@ExtendWith(NoLeaksExtension.class)
class ShippedClassVersionsTest {
  @TempDir static Path dir;

  private static String clusterName;
  private static String address;
  private static ClusterContext member;

  private final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void startMember() throws Exception {
    compile("v1", "Integer", "x + 1", "");
    compile("v2", "Integer", "x + 2", "");
    // results of a class of the caller's own, which the member decodes
    compile(
        "r1",
        "Box",
        "new Box(x + 1)",
        "public record Box(int value) implements java.io.Serializable {}");
    compile(
        "r2",
        "Box",
        "new Box(\"x\" + (x + 2))",
        "public record Box(String value) implements java.io.Serializable {}");
    clusterName = "mp-test-ShippedClassVersionsTest-" + ProcessHandle.current().pid();
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
    ready.get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopMember() {
    if (member != null) {
      member.close();
    }
  }

  @AfterEach
  void stopCallers() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Compiles {@code shipped.Task}, whose task returns {@code result} of type {@code type}, with
   * {@code more} in its body, into {@code dir/version}.
   */
  private static void compile(String version, String type, String result, String more)
      throws Exception {
    Path src = dir.resolve(version + "-src/shipped/Task.java");
    Files.createDirectories(src.getParent());
    Files.writeString(
        src,
        """
        package shipped;

        public final class Task {
          %s

          public static dev.multiproc.function.SerializableFunction<Integer, %s> task() {
            return x -> %s;
          }
        }
        """
            .formatted(more, type, result));
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-d",
                dir.resolve(version).toString(),
                "-cp",
                System.getProperty("java.class.path"),
                src.toString());
    assertEquals(0, rc, "javac failed for " + src);
  }

  /** A caller JVM with one version of the class: it runs its task once more per {@link #run}. */
  private final class Caller {
    private final String version;
    private final Process process;
    private final BufferedReader out;
    private final PrintStream in;

    Caller(String version) throws Exception {
      this.version = version;
      this.process =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "--enable-native-access=ALL-UNNAMED",
                  "--sun-misc-unsafe-memory-access=allow",
                  "-Xmx128m",
                  "-XX:TieredStopAtLevel=1",
                  "-Dhazelcast.logging.type=none",
                  "-cp",
                  System.getProperty("java.class.path") + File.pathSeparator + dir.resolve(version),
                  ShippingCallerMain.class.getName(),
                  clusterName,
                  address,
                  "shipped.Task")
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      started.add(process);
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
      String uuid = line();
      assertTrue(uuid.startsWith("uuid "), "the caller of " + version + " said " + uuid);
    }

    /** The next line the caller prints, within 90 s. */
    private String line() throws Exception {
      String l = CompletableFuture.supplyAsync(this::readLine).get(90, TimeUnit.SECONDS);
      assertTrue(l != null, "the caller of " + version + " ended early");
      return l;
    }

    private String readLine() {
      try {
        return out.readLine();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    /** The result of the task the caller ran first. */
    String first() throws Exception {
      return line();
    }

    /** Runs the task once more and returns what the caller printed. */
    String run() throws Exception {
      in.println("run");
      return line();
    }

    void leave() throws Exception {
      in.close();
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the caller of " + version + " stayed");
      assertEquals(0, process.exitValue(), "the caller of " + version + " failed");
    }
  }

  @Test
  void twoVersionsOfOneClass_eachCallersTaskRunsItsOwn() throws Exception {
    Caller one = new Caller("v1");
    assertEquals("ran 21", one.first(), "the first caller's task");
    Caller two = new Caller("v2");
    assertEquals("ran 22", two.first(), "the second caller's task, after the first's");
    assertEquals("ran 21", one.run(), "the first caller's task, after the second's");
    assertEquals("ran 22", two.run(), "the second caller's task again");
    assertEquals("ran 21", one.run(), "the first caller's task again");
    one.leave();
    two.leave();
  }

  @Test
  void twoVersionsOfOneResultClass_eachCallerGetsItsOwn() throws Exception {
    Caller one = new Caller("r1");
    assertEquals("ran Box[value=21]", one.first(), "the first caller's result");
    Caller two = new Caller("r2");
    assertEquals("ran Box[value=x22]", two.first(), "the second caller's result");
    assertEquals("ran Box[value=21]", one.run(), "the first caller's result, after the second's");
    one.leave();
    two.leave();
  }

  @Test
  void twoVersionsOfOneClass_theOtherOrder() throws Exception {
    Caller two = new Caller("v2");
    assertEquals("ran 22", two.first(), "the first caller's task");
    Caller one = new Caller("v1");
    assertEquals("ran 21", one.first(), "the second caller's task, after the first's");
    assertEquals("ran 22", two.run(), "the first caller's task, after the second's");
    two.leave();
    assertEquals("ran 21", one.run(), "the second caller's task, once the first left");
    one.leave();
  }
}
