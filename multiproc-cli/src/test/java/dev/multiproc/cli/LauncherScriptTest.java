package dev.multiproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.pool.Pool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code multiproc} launcher script (src/main/sh/multiproc, which the build puts beside
 * multiproc-cli.jar), run with bash as an operator would: {@code multiproc node --classpath
 * app.jar ...} starts a member whose workers run a task that needs a class only app.jar has, and
 * the member ends with its workers when stopped. The install is laid out as the build lays it
 * out, with multiproc-cli.jar naming this JVM's class path in its manifest (as the packaged jar
 * names its lib/ folder).
 */
class LauncherScriptTest {
  private static final String GREETING = "hello from app.jar";

  /**
   * A task: calls the static {@code greet()} of the class named, looked up on the worker.
   *
   * @param className the class
   * @return what it returned
   */
  static String greetOf(String className) {
    try {
      return (String) Class.forName(className).getMethod("greet").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("no " + className + " on the worker", e);
    }
  }

  static long parentPid(Integer ignored) {
    return ProcessHandle.current().parent().orElseThrow().pid();
  }

  /** An application jar with one class, {@code app.Greeter}, that nothing else has. */
  private static Path appJar(Path dir) throws Exception {
    Path src = dir.resolve("app-src/app/Greeter.java");
    Files.createDirectories(src.getParent());
    Files.writeString(
        src,
        """
        package app;

        public final class Greeter {
          public static String greet() {
            return "%s";
          }
        }
        """
            .formatted(GREETING));
    Path classes = dir.resolve("app-classes");
    assertEquals(
        0,
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", classes.toString(), src.toString()));
    Path jarPath = dir.resolve("app.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (var jar = new JarOutputStream(Files.newOutputStream(jarPath), manifest)) {
      jar.putNextEntry(new JarEntry("app/Greeter.class"));
      jar.write(Files.readAllBytes(classes.resolve("app/Greeter.class")));
      jar.closeEntry();
    }
    return jarPath;
  }

  @Test
  @Timeout(180)
  void theScriptStartsAMemberWithTheAppJar_whoseWorkersRunItsCode_andStopsItWhole(@TempDir Path dir)
      throws Exception {
    Path script = LauncherInstall.install(dir);
    Path app = appJar(dir);
    assertThrows(ClassNotFoundException.class, () -> Class.forName("app.Greeter"));
    int port;
    try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String name = "mp-test-script-" + ProcessHandle.current().pid();
    String address = "127.0.0.1:" + port;
    var pb =
        new ProcessBuilder(
                "bash",
                script.toString(),
                "node",
                "--classpath",
                app.toString(),
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
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process node = pb.start();
    List<ProcessHandle> family = new ArrayList<>();
    try {
      String ready = "member " + address + " of cluster " + name + " serving with 1 workers";
      var in =
          new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
      String seen =
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      String l;
                      while ((l = in.readLine()) != null) {
                        if (l.startsWith(ready)) {
                          return l;
                        }
                      }
                      return "(the node ended before it was ready)";
                    } catch (java.io.IOException e) {
                      return e.toString();
                    }
                  })
              .get(90, TimeUnit.SECONDS);
      assertTrue(seen.startsWith(ready), seen);

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
        // the script's java replaced its shell: the worker is a child of the process started here
        assertEquals(node.pid(), pool.apply(LauncherScriptTest::parentPid, 1));
        assertEquals(GREETING, pool.apply(LauncherScriptTest::greetOf, "app.Greeter"));
      }
      family.add(node.toHandle());
      family.addAll(node.toHandle().descendants().toList());
      assertTrue(family.size() > 1, "no worker JVM under the node: " + family);
    } finally {
      node.destroy(); // SIGTERM, as an operator's kill or a service manager's stop
      if (!node.waitFor(60, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (family.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(
        List.of(),
        family.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList(),
        "left running after the node was stopped");
  }
}
