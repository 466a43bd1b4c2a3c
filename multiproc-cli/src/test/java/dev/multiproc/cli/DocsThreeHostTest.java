package dev.multiproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.multiproc.testing.NetNamespaces;
import dev.multiproc.testing.NoLeaksExtension;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three-host walkthrough of docs/cluster.md ("Starting members"), run as written: the test
 * reads the page's {@code sh} block and its {@code ClusterConfig} snippet, and runs each command on
 * its own "host", a network namespace on a bridge (three of them, one address each). The cluster
 * key is made with the page's command; the two members run the page's {@code ./multiproc node}
 * line through the real {@code multiproc} script; the third host runs the page's {@code java -cp
 * app.jar:libs/* com.example.App}, an application compiled here whose {@code ClusterConfig} is the
 * page's snippet, pasted in. Only the addresses (the namespaces' for 10.0.0.x) and {@code
 * --workers} (1, for a small machine) are changed. Needs root and {@code ip netns}; skipped
 * otherwise.
 *
 * <p>The install is laid out as the build lays it out: the script, and a {@code multiproc-cli.jar}
 * whose manifest names this JVM's class path (as the packaged jar names its lib/ folder), which
 * does not have the application's classes. The client's {@code libs/} holds the same jar.
 *
 * <p>It checks what the page promises: the application's results are right, both members ran its
 * tasks, the members' JVMs never had app.jar (their workers loaded its classes from the client), a
 * task of a class outside {@code --run-only com.example.**} is refused with {@code
 * TaskTransferException} naming it, and SIGTERM stops each member with its workers, leaving no
 * process, namespace, socket file or shared-memory segment.
 */
@ExtendWith(NoLeaksExtension.class)
class DocsThreeHostTest {
  private static final Path PAGE = Path.of("..", "docs", "cluster.md");
  private static final String SECTION = "## Starting members";
  private static final int INPUTS = 8;

  /** The application's main class: the docs' snippet goes where {@code SNIPPET} is. */
  private static final String APP =
      """
      package com.example;

      import dev.multiproc.cluster.Cluster;
      import dev.multiproc.cluster.ClusterConfig;
      import dev.multiproc.cluster.ClusterContext;
      import dev.multiproc.pool.Pool;
      import java.nio.file.Path;
      import java.util.List;
      import java.util.concurrent.ExecutionException;
      import java.util.concurrent.TimeUnit;
      import java.util.stream.IntStream;

      /** The team's application: maps a function of its own over a few inputs on the cluster. */
      public final class App {
        private App() {}

        /** A task: the square, and where it ran, as one line. */
        static String square(Integer x) throws InterruptedException {
          Thread.sleep(200); // a task that takes a moment, so that it is not all done on one member
          ProcessHandle worker = ProcessHandle.current();
          boolean onClassPath =
              ClassLoader.getSystemClassLoader().getResource("com/example/App.class") != null;
          return "RESULT " + x + " " + (x * x) + " member=" + worker.parent().orElseThrow().pid()
              + " worker=" + worker.pid() + " appOnClassPath=" + onClassPath
              + " loader=" + App.class.getClassLoader().getClass().getName()
              + " classPath=" + System.getProperty("java.class.path");
        }

        public static void main(String[] args) throws Exception {
          SNIPPET
        }

        static void run(ClusterContext cluster, Pool pool) throws Exception {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (cluster.memberCount() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
          }
          System.out.println("MEMBERS " + cluster.memberCount());
          List<Integer> inputs = IntStream.rangeClosed(1, INPUTS).boxed().toList();
          for (String line : pool.map(App::square, inputs)) {
            System.out.println(line);
          }
          try {
            System.out.println("OUTSIDE ran " + pool.applyAsync(org.other.Outside.twice(), 3)
                .get(60, TimeUnit.SECONDS));
          } catch (ExecutionException e) {
            System.out.println("OUTSIDE refused " + e.getCause().getClass().getName() + ": "
                + String.valueOf(e.getCause().getMessage()).replace('\\n', ' '));
          }
          System.out.println("DONE");
        }
      }
      """;

  /** A class of the application outside {@code com.example.**}. */
  private static final String OUTSIDE =
      """
      package org.other;

      import dev.multiproc.function.SerializableFunction;

      /** Tasks outside the packages the members run. */
      public final class Outside {
        private Outside() {}

        public static SerializableFunction<Integer, Integer> twice() {
          return x -> x * 2;
        }
      }
      """;

  /** The commands of the page's {@code sh} block, and its {@code ClusterConfig} snippet. */
  private record Walkthrough(String makeKey, String node, String app, String javaSnippet) {}

  /** Reads the walkthrough from the page; fails saying what is missing if its shape changed. */
  private static Walkthrough read(Path page) throws IOException {
    String text = Files.readString(page);
    int at = text.indexOf(SECTION);
    assertTrue(at >= 0, "no section \"" + SECTION + "\" in " + page);
    String section = text.substring(at + SECTION.length());
    int next = section.indexOf("\n## ");
    section = next < 0 ? section : section.substring(0, next);
    String sh = block(section, "sh");
    String java = block(section.substring(section.indexOf(sh) + sh.length()), "java");

    List<String> commands = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sh.split("\n")) {
      String l = line.strip();
      if (l.startsWith("#") || (l.isEmpty() && current.isEmpty())) {
        continue;
      }
      int comment = l.indexOf(" #");
      if (comment >= 0) {
        l = l.substring(0, comment).strip();
      }
      if (l.endsWith("\\")) {
        current.append(l, 0, l.length() - 1).append(' ');
      } else {
        commands.add((current + l).strip());
        current.setLength(0);
      }
    }
    assertEquals(
        3,
        commands.size(),
        "the page's sh block should hold 3 commands: key, node, app" + commands);
    assertTrue(commands.get(0).contains("cluster.key"), "not the key command: " + commands.get(0));
    assertTrue(commands.get(1).startsWith("./multiproc node "), "not a member: " + commands.get(1));
    assertTrue(
        commands.get(2).startsWith("java ") && commands.get(2).endsWith(" com.example.App"),
        "not the app: " + commands.get(2));
    assertTrue(
        java.strip().startsWith("ClusterConfig config = ClusterConfig.builder()")
            && java.strip().endsWith("{ ... }"),
        "not the client's ClusterConfig and try line: " + java);
    return new Walkthrough(commands.get(0), commands.get(1), commands.get(2), java.strip());
  }

  /** The first fenced block of the language in the text. */
  private static String block(String text, String language) {
    String fence = "```" + language + "\n";
    int start = text.indexOf(fence);
    assertTrue(start >= 0, "no ```" + language + " block in the section");
    int end = text.indexOf("```", start + fence.length());
    return text.substring(start + fence.length(), end);
  }

  @Test
  @Timeout(240)
  void theDocsWalkthrough_runsAsWritten_onThreeHosts(@TempDir Path dir) throws Exception {
    String why = NetNamespaces.unavailable();
    assumeTrue(why == null, () -> "skipped: the three hosts are network namespaces: " + why);
    Walkthrough docs = read(PAGE);
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName("com.example.App"),
        "the members' class path (this JVM's) must not have the application");

    NetNamespaces net = NetNamespaces.create();
    List<Host> members = new ArrayList<>();
    Set<Long> memberFamily = new HashSet<>();
    try {
      Map<String, String> address = new LinkedHashMap<>();
      for (String h : List.of("1", "2", "3")) {
        address.put("10.0.0." + h, net.addHost("h" + h));
      }
      Path h1 = Files.createDirectories(dir.resolve("h1"));
      Path h2 = Files.createDirectories(dir.resolve("h2"));
      Path h3 = Files.createDirectories(dir.resolve("h3"));
      LauncherInstall.install(h1);
      LauncherInstall.install(h2);
      appInstall(h3, substitute(docs.javaSnippet(), address));

      // once: the cluster key, copied to every host with mode 600
      Process key = shell(net, "h1", h1, docs.makeKey());
      assertEquals(0, key.waitFor(), "the key command failed: " + docs.makeKey());
      Path keyFile = h1.resolve("cluster.key");
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)),
          "the key command's file mode");
      for (Path h : List.of(h2, h3)) {
        Files.copy(keyFile, h.resolve("cluster.key"), StandardCopyOption.COPY_ATTRIBUTES);
      }

      String node = substitute(docs.node(), address).replaceAll("--workers \\d+", "--workers 1");
      String second =
          node.replace("--host " + address.get("10.0.0.1"), "--host " + address.get("10.0.0.2"));
      assertFalse(node.equals(second), "the member command has no --host 10.0.0.1: " + node);
      members.add(new Host("h1", shell(net, "h1", h1, "exec " + node)));
      members.get(0).await("member " + address.get("10.0.0.1") + ":5701 of cluster analytics", 90);
      members.add(new Host("h2", shell(net, "h2", h2, "exec " + second)));
      members.get(1).await("member " + address.get("10.0.0.2") + ":5701 of cluster analytics", 90);
      for (Host m : members) {
        m.process.descendants().forEach(p -> memberFamily.add(p.pid()));
        memberFamily.add(m.process.pid());
      }

      Host app = new Host("h3", shell(net, "h3", h3, "exec " + docs.app()));
      assertTrue(app.process.waitFor(120, TimeUnit.SECONDS), "the app did not end in 120 s");
      app.drained();
      for (Host m : members) {
        m.process.descendants().forEach(p -> memberFamily.add(p.pid()));
      }
      assertEquals(0, app.process.exitValue(), "the app failed:\n" + app.output());
      checkApp(app.lines(), members, app.output());
      for (long pid : memberFamily) {
        ProcessHandle.of(pid)
            .flatMap(p -> p.info().commandLine())
            .ifPresent(c -> assertFalse(c.contains("app.jar"), "a member's JVM has app.jar: " + c));
      }

      // a member stops on SIGTERM: it leaves the cluster and stops its workers
      members.forEach(m -> m.process.destroy());
      for (Host m : members) {
        assertTrue(
            m.process.waitFor(60, TimeUnit.SECONDS),
            "member " + m.name + " did not stop within 60 s of SIGTERM");
      }
      awaitGone(memberFamily);
    } finally {
      for (Host m : members) {
        m.process.descendants().forEach(ProcessHandle::destroyForcibly);
        m.process.destroyForcibly();
      }
      net.close();
    }
    assertEquals(List.of(), net.remaining(), "namespaces or links left behind");
  }

  /** Checks the application's output: results, members, class path, refusal. */
  private static void checkApp(List<String> lines, List<Host> members, String output) {
    assertTrue(lines.contains("MEMBERS 2"), "the client did not see 2 members:\n" + output);
    List<String> results = lines.stream().filter(l -> l.startsWith("RESULT ")).toList();
    assertEquals(INPUTS, results.size(), output);
    Set<Long> ranOn = new HashSet<>();
    for (int i = 0; i < INPUTS; i++) {
      String[] f = results.get(i).split(" ");
      int x = i + 1;
      assertEquals(List.of(Integer.toString(x), Integer.toString(x * x)), List.of(f[1], f[2]));
      ranOn.add(Long.parseLong(field(f, "member=")));
      assertEquals("false", field(f, "appOnClassPath="), results.get(i));
      assertFalse(field(f, "classPath=").contains("app.jar"), results.get(i));
      assertFalse(
          field(f, "loader=").startsWith("jdk.internal.loader."),
          "a worker loaded the app from its own class path: " + results.get(i));
    }
    Set<Long> memberPids = members.stream().map(m -> m.process.pid()).collect(Collectors.toSet());
    assertEquals(memberPids, ranOn, "the members whose workers ran the tasks");
    String outside =
        lines.stream().filter(l -> l.startsWith("OUTSIDE ")).findFirst().orElse("(none)");
    assertTrue(
        outside.startsWith("OUTSIDE refused dev.multiproc.pool.TaskTransferException: ")
            && outside.contains("org.other.Outside"),
        "a task outside --run-only com.example.** was not refused naming it: " + outside);
    assertTrue(lines.contains("DONE"), output);
  }

  private static String field(String[] fields, String name) {
    return Arrays.stream(fields)
        .filter(f -> f.startsWith(name))
        .map(f -> f.substring(name.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + String.join(" ", fields)));
  }

  private static void awaitGone(Set<Long> pids) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<Long> alive = pids.stream().filter(p -> ProcessHandle.of(p).isPresent()).toList();
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      alive = pids.stream().filter(p -> ProcessHandle.of(p).isPresent()).toList();
    }
    assertEquals(List.of(), alive, "left running after SIGTERM to the members");
  }

  /** The page's text with the namespaces' addresses for 10.0.0.x. */
  private static String substitute(String text, Map<String, String> address) {
    String s = text;
    for (var e : address.entrySet()) {
      s = s.replace(e.getKey(), e.getValue());
    }
    return s;
  }

  /** Runs a command line with sh on a host, in its directory, JAVA_HOME and java as on a host. */
  private static Process shell(NetNamespaces net, String host, Path cwd, String line)
      throws IOException {
    List<String> command = new ArrayList<>(net.on(host));
    command.addAll(List.of("sh", "-c", line));
    var pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
    String javaHome = System.getProperty("java.home");
    pb.environment().put("JAVA_HOME", javaHome);
    pb.environment()
        .put("PATH", Path.of(javaHome, "bin") + File.pathSeparator + System.getenv("PATH"));
    return pb.start();
  }

  /**
   * The client host: app.jar (com.example.App with the page's snippet, and org.other.Outside) and
   * libs/ with the library.
   */
  private static void appInstall(Path dir, String snippet) throws IOException {
    String body =
        snippet.replace("{ ... }", "{\n    run(cluster, pool);\n  }").replace("\n", "\n    ");
    Path src = dir.resolve("src");
    Path app = src.resolve("com/example/App.java");
    Path outside = src.resolve("org/other/Outside.java");
    Files.createDirectories(app.getParent());
    Files.createDirectories(outside.getParent());
    Files.writeString(
        app, APP.replace("SNIPPET", body).replace("INPUTS", Integer.toString(INPUTS)));
    Files.writeString(outside, OUTSIDE);
    Path classes = dir.resolve("classes");
    assertEquals(
        0,
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-cp",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString(),
                app.toString(),
                outside.toString()),
        "the app with the page's ClusterConfig snippet does not compile:\n" + snippet);
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (var jar = new JarOutputStream(Files.newOutputStream(dir.resolve("app.jar")), manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        jar.write(Files.readAllBytes(f));
        jar.closeEntry();
      }
    }
    LauncherInstall.standInJar(
        Files.createDirectories(dir.resolve("libs")).resolve("multiproc-cli.jar"));
  }

  /** A process on a host, its output read as it comes (and echoed, prefixed by the host). */
  private static final class Host {
    final String name;
    final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    Host(String name, Process process) {
      this.name = name;
      this.process = process;
      this.reader =
          Thread.ofPlatform()
              .daemon()
              .name("output of " + name)
              .start(
                  () -> {
                    try (var in =
                        new BufferedReader(
                            new InputStreamReader(
                                process.getInputStream(), StandardCharsets.UTF_8))) {
                      String l;
                      while ((l = in.readLine()) != null) {
                        System.err.println("[" + name + "] " + l);
                        synchronized (lines) {
                          lines.add(l);
                          lines.notifyAll();
                        }
                      }
                    } catch (IOException e) {
                      // the process ended
                    } finally {
                      synchronized (lines) {
                        lines.add(null);
                        lines.notifyAll();
                      }
                    }
                  });
    }

    /** Waits until a line starts with {@code prefix}; fails if the process ends first. */
    void await(String prefix, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      synchronized (lines) {
        while (true) {
          for (String l : lines) {
            if (l == null) {
              fail(name + " ended before it printed \"" + prefix + "\":\n" + output());
            } else if (l.startsWith(prefix)) {
              return;
            }
          }
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0) {
            fail(name + " did not print \"" + prefix + "\" in " + seconds + " s:\n" + output());
          }
          lines.wait(left);
        }
      }
    }

    /** Waits until the output ended. */
    void drained() throws InterruptedException {
      reader.join(TimeUnit.SECONDS.toMillis(30));
    }

    List<String> lines() {
      synchronized (lines) {
        return lines.stream().filter(l -> l != null).toList();
      }
    }

    String output() {
      return String.join("\n", lines());
    }
  }
}
