package dev.multiproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.Pool;
import dev.multiproc.testing.JvmRun;
import dev.multiproc.testing.NoLeaksExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a worker inherits from its caller's command line ({@link JvmOptions}'s table), each kind
 * seen by a real worker of a real caller JVM started with every inheritable kind of option: the
 * caller prints what it sees and what its worker sees ({@link InheritanceCallerMain}).
 */
@ExtendWith(NoLeaksExtension.class)
class WorkerInheritanceTest {
  private static final Duration WITHIN = Duration.ofSeconds(90);
  private static final String PROPERTY = "a b \"c\" \\ d # e";

  @TempDir static Path dir;

  /** A caller with every kind of option; its worker has the default JvmOptions. */
  private static JvmRun.Result everything;

  @BeforeAll
  static void runCallerWithEveryKind() throws Exception {
    everything = caller(everyKind());
  }

  /** The caller's flags: one or more of each inheritable kind, in both option syntaxes. */
  private static List<String> everyKind() throws IOException {
    Path agent = dir.resolve("agent.jar");
    if (!Files.exists(agent)) {
      var manifest = new Manifest();
      manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      manifest.getMainAttributes().putValue("Premain-Class", LaunchAgent.class.getName());
      try (OutputStream out = Files.newOutputStream(agent);
          var jar = new JarOutputStream(out, manifest)) {
        jar.flush();
      }
      Path patch = Files.createDirectories(dir.resolve("patch"));
      Files.writeString(patch.resolve("multiproc-patch.txt"), "patched");
    }
    return List.of(
        "-Dlaunch.test=" + PROPERTY,
        "--add-opens",
        "java.base/java.util=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-reads",
        "java.logging=ALL-UNNAMED",
        "--add-modules",
        "jdk.jcmd",
        "--limit-modules",
        "java.base,java.logging,java.instrument,jdk.jfr,jdk.jcmd",
        "--patch-module",
        "java.logging=" + dir.resolve("patch"),
        "--enable-native-access=ALL-UNNAMED,java.logging",
        "--sun-misc-unsafe-memory-access=allow",
        "-ea",
        "-Xmx300m",
        "-javaagent:" + agent + "=x");
  }

  private static JvmRun.Result caller(List<String> flags, String... args) throws Exception {
    List<String> jvm = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    jvm.addAll(flags);
    JvmRun.Result r =
        JvmRun.run(
            JvmRun.java(
                jvm,
                System.getProperty("java.class.path"),
                InheritanceCallerMain.class.getName(),
                args),
            dir,
            WITHIN);
    assertEquals(0, r.exitCode(), r::describe);
    assertTrue(r.value("worker.pid").isPresent(), r::describe);
    return r;
  }

  private static String worker(JvmRun.Result r, String key) {
    return r.value("worker." + key)
        .orElseThrow(() -> new AssertionError(key + ": " + r.describe()));
  }

  private static String caller(JvmRun.Result r, String key) {
    return r.value("caller." + key)
        .orElseThrow(() -> new AssertionError(key + ": " + r.describe()));
  }

  @Test
  void systemProperties_given_on_the_command_line_reach_the_worker_exactly() {
    assertEquals(PROPERTY, caller(everything, "property"), everything::describe);
    assertEquals(PROPERTY, worker(everything, "property"), everything::describe);
  }

  @Test
  void module_options_reach_the_worker() {
    for (String key :
        List.of("opens", "exports", "reads", "addModules", "limitModules", "patched")) {
      assertEquals("true", caller(everything, key), () -> key + ": " + everything.describe());
      assertEquals("true", worker(everything, key), () -> key + ": " + everything.describe());
    }
  }

  @Test
  void native_access_and_unsafe_memory_access_reach_the_worker() {
    assertEquals("true", worker(everything, "nativeAccess"), everything::describe);
    assertEquals("allow", worker(everything, "unsafe"), everything::describe);
  }

  @Test
  void assertions_reach_the_worker() {
    assertEquals("true", worker(everything, "assertions"), everything::describe);
  }

  @Test
  void the_callers_max_heap_is_the_workers() {
    long heap = Long.parseLong(worker(everything, "maxHeapMb"));
    assertTrue(heap > 250 && heap <= 300, () -> "heap " + heap + ": " + everything.describe());
  }

  @Test
  void java_agents_reach_the_worker_only_when_asked() throws Exception {
    assertEquals("loaded:x", caller(everything, "agent"), everything::describe);
    assertEquals("null", worker(everything, "agent"), everything::describe);
    JvmRun.Result asked = caller(everyKind(), "agents=true");
    assertEquals("loaded:x", worker(asked, "agent"), asked::describe);
  }

  @Test
  void withInherit_false_inherits_nothing() throws Exception {
    JvmRun.Result r = caller(everyKind(), "inherit=false");
    assertEquals("null", worker(r, "property"), r::describe);
    for (String key :
        List.of(
            "opens",
            "exports",
            "reads",
            "addModules",
            "limitModules",
            "patched",
            "nativeAccess",
            "assertions")) {
      assertEquals("false", worker(r, key), () -> key + ": " + r.describe());
    }
    assertEquals("null", worker(r, "unsafe"), r::describe);
    long heap = Long.parseLong(worker(r, "maxHeapMb"));
    assertTrue(heap > 300, () -> "the JDK's default heap, not the caller's: " + r.describe());
  }

  /**
   * Without a heap flag, a worker's heap is the caller's default over its processors (a full pool
   * together may grow as large as one JVM may by default), at least 256 MB; not the JDK's default
   * of a quarter of the machine for each worker.
   */
  @Test
  void without_a_heap_flag_a_worker_gets_its_share_of_the_callers_default() throws Exception {
    JvmRun.Result r = caller(List.of());
    long callerHeap = Long.parseLong(caller(r, "maxHeapMb"));
    int processors = Integer.parseInt(caller(r, "processors"));
    long expected = Math.max(Math.min(256, callerHeap), callerHeap / processors);
    long heap = Long.parseLong(worker(r, "maxHeapMb"));
    // the serial collector reports its heap less one survivor space
    assertTrue(
        heap >= expected * 85 / 100 && heap <= expected,
        () -> "worker heap " + heap + " MB, expected " + expected + ": " + r.describe());
  }

  /** The user's own heap size replaces the inherited one. */
  @Test
  void a_max_heap_of_the_options_wins_over_the_callers() throws Exception {
    JvmRun.Result r = caller(List.of("-Xmx300m"), "maxHeap=200m");
    long heap = Long.parseLong(worker(r, "maxHeapMb"));
    assertTrue(heap > 160 && heap <= 200, () -> "heap " + heap + ": " + r.describe());
  }

  /** Under surefire: the argLine's -Xmx512m reaches a worker of this JVM. */
  @Test
  void under_surefire_the_argLine_reaches_the_worker() {
    try (Pool pool = Multiprocessing.local().pool(1)) {
      long workerMb = pool.apply(WorkerInheritanceTest::maxHeapMb, 0);
      // the serial collector reports its heap less one survivor space
      assertTrue(workerMb > 400 && workerMb <= 512, () -> "worker heap " + workerMb + " MB");
    }
  }

  static long maxHeapMb(int ignored) {
    return Runtime.getRuntime().maxMemory() >> 20;
  }
}
