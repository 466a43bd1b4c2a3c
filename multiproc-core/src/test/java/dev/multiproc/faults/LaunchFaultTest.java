package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.internal.spawn.WorkerLauncher;
import dev.multiproc.internal.spawn.WorkerMain;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.testing.JvmRun;
import dev.multiproc.testing.NoLeaksExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting workers where the library is not where {@code java.class.path} says, where the
 * temporary directory is too long for a socket path, on the module path, and when a worker does
 * not start: each with a real caller JVM ({@link LaunchCallerMain}) and real workers.
 */
@ExtendWith(NoLeaksExtension.class)
class LaunchFaultTest {
  private static final Duration WITHIN = Duration.ofMinutes(2);

  @TempDir static Path dir;

  private static Path coreClasses;
  private static Path testClasses;

  /** A directory with only {@link IsolatedBoot}: a class path without the library. */
  private static Path bootDir;

  /** A copy of the library's classes as a jar. */
  private static Path coreJar;

  /**
   * An application jar with the library and the caller nested in it, as {@code lib/core.jar} and
   * {@code lib/caller.jar}; the caller's jar lists its classes as a second artifact of the
   * library does ({@code multiproc-cluster}), so its workers can run its tasks only if that
   * artifact reaches them too.
   */
  private static Path appJar;

  @BeforeAll
  static void buildDeployments() throws Exception {
    coreClasses =
        Path.of(WorkerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    testClasses =
        Path.of(LaunchFaultTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    bootDir = Files.createDirectories(dir.resolve("boot"));
    Path pkg = Files.createDirectories(bootDir.resolve("dev/multiproc/faults"));
    try (Stream<Path> files = Files.list(testClasses.resolve("dev/multiproc/faults"))) {
      for (Path f :
          files.filter(f -> f.getFileName().toString().startsWith("IsolatedBoot")).toList()) {
        Files.copy(f, pkg.resolve(f.getFileName()));
      }
    }
    Map<String, byte[]> core = filesOf(coreClasses, p -> true);
    coreJar = dir.resolve("core-copy.jar");
    jar(core, coreJar);
    Map<String, byte[]> caller =
        filesOf(testClasses, p -> p.startsWith("dev/multiproc/faults/LaunchCallerMain"));
    caller.put(
        "META-INF/multiproc/multiproc-cluster.classes",
        String.join("\n", caller.keySet()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Path callerJar = dir.resolve("caller.jar");
    jar(caller, callerJar);
    appJar = dir.resolve("app.jar");
    try (OutputStream out = Files.newOutputStream(appJar);
        var zip = new ZipOutputStream(out)) {
      for (Path nested : List.of(coreJar, callerJar)) {
        zip.putNextEntry(new ZipEntry("lib/" + nested.getFileName()));
        Files.copy(nested, zip);
        zip.closeEntry();
      }
    }
  }

  private static List<String> flags(Path cache, String... more) {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED",
                "-Dmultiproc.spares=0",
                "-Dmultiproc.cache.dir=" + cache));
    flags.addAll(List.of(more));
    return flags;
  }

  private static JvmRun.Result run(List<String> command) throws Exception {
    return JvmRun.run(command, dir, WITHIN);
  }

  private static void assertRan(JvmRun.Result r, String library) {
    assertEquals(0, r.exitCode(), r::describe);
    String result = r.value("result").orElseThrow(() -> new AssertionError(r.describe()));
    assertTrue(result.startsWith("pool ran in pid "), r::describe);
    assertTrue(result.contains("library from " + library), r::describe);
    assertTrue(r.value("child").orElse("").startsWith("child ran in pid "), r::describe);
    assertEquals("0", r.value("childExit").orElse(""), r::describe);
  }

  /**
   * {@code mvn exec:java}, surefire's {@code forkCount=0}: the library and the caller's classes
   * come from a class loader of their own, and {@code java.class.path} holds no library.
   */
  @Test
  void a_caller_whose_library_comes_from_an_isolated_class_loader() throws Exception {
    JvmRun.Result r =
        run(
            JvmRun.java(
                flags(dir.resolve("cache-urls")),
                testClasses.toString(),
                IsolatedBoot.class.getName(),
                "urls",
                coreJar.toString(),
                testClasses.toString(),
                "run"));
    assertRan(r, "file:" + coreJar);
  }

  /**
   * A Spring Boot executable jar's nested jars, jshell's in-memory classes: the library's classes
   * exist only as bytes its class loader serves. Workers get a jar made of them, once, in the
   * cache directory; a second caller uses the same jar.
   */
  @Test
  void a_caller_whose_library_is_served_from_memory_gets_a_jar_made_once() throws Exception {
    Path cache = dir.resolve("cache-memory");
    List<String> command =
        JvmRun.java(
            flags(cache),
            bootDir.toString(),
            IsolatedBoot.class.getName(),
            "memory",
            appJar.toString(),
            "run");
    JvmRun.Result first = run(command);
    Path lib = cache.resolve("lib");
    assertRan(first, "file:" + lib + "/");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(lib)));
    Map<Path, FileTime> jars = jarsIn(lib);
    assertEquals(2, jars.size(), () -> "the library's jar and the second artifact's: " + jars);

    JvmRun.Result second = run(command);
    assertRan(second, "file:" + lib + "/");
    assertEquals(jars, jarsIn(lib), "the same jars, not made again");
  }

  private static Map<Path, FileTime> jarsIn(Path lib) throws IOException {
    Map<Path, FileTime> jars = new TreeMap<>();
    try (Stream<Path> files = Files.list(lib)) {
      for (Path f : files.toList()) {
        assertTrue(f.getFileName().toString().matches("[0-9a-f]{64}\\.jar"), f::toString);
        jars.put(f, Files.getLastModifiedTime(f));
      }
    }
    return jars;
  }

  /** When no jar can be made, the error says that the worker cannot find the library. */
  @Test
  void a_library_that_cannot_reach_its_workers_is_named_in_the_error() throws Exception {
    JvmRun.Result r =
        run(
            JvmRun.java(
                flags(Path.of("/proc/multiproc-cannot-write-here")),
                bootDir.toString(),
                IsolatedBoot.class.getName(),
                "memory",
                appJar.toString(),
                "run"));
    assertNotEquals(0, r.exitCode(), r::describe);
    String err = r.stderr();
    assertTrue(err.contains("workers cannot get multiproc-core"), r::describe);
    assertTrue(err.contains("did not connect back: it exited with code 1"), r::describe);
    assertTrue(
        err.contains("Could not find or load main class " + WorkerMain.class.getName()),
        r::describe);
    assertTrue(
        err.contains("probably: the worker cannot find the library's own classes"), r::describe);
  }

  /** A worker the JVM refuses to start: its exit code, its stderr, its command, and why. */
  @Test
  void a_worker_that_does_not_start_says_why() {
    var options = JvmOptions.defaults().withJvmFlags("-XX:+MultiprocNoSuchFlag");
    IOException e = assertThrows(IOException.class, () -> WorkerLauncher.launch(options));
    String message = e.getMessage();
    assertTrue(message.contains("did not connect back: it exited with code 1"), message);
    assertTrue(message.contains("Unrecognized VM option 'MultiprocNoSuchFlag'"), message);
    assertTrue(message.contains("probably: the JVM refused an option"), message);
    assertTrue(
        message.matches(
            "(?s).*\ncommand: (\\S+ )*\\S*java @\\S+\\.args "
                + WorkerMain.class.getName().replace(".", "\\.")
                + " .*"),
        message);
    assertTrue(message.contains("\n    -XX:+MultiprocNoSuchFlag\n"), message);
  }

  /** A temporary directory too long for a Unix socket path: a short private one is used. */
  @Test
  void a_temporary_directory_too_long_for_a_socket_path() throws Exception {
    Path tmp = dir;
    while (tmp.toString().length() < 150) {
      tmp = tmp.resolve("long-temporary-directory");
    }
    Path longTmp = Files.createDirectories(tmp);
    assertTrue(longTmp.toString().length() >= 150);
    JvmRun.Result r =
        run(
            JvmRun.java(
                flags(dir.resolve("cache-tmp"), "-Djava.io.tmpdir=" + longTmp),
                System.getProperty("java.class.path"),
                LaunchCallerMain.class.getName(),
                "run"));
    assertRan(r, "file:" + coreClasses);
  }

  /**
   * On the module path, workers get native access for the library's module, so the JDK's
   * "restricted method" warning never shows, even for a worker that inherits nothing.
   */
  @Test
  void on_the_module_path_workers_enable_native_access_for_the_module() throws Exception {
    JvmRun.Result r =
        run(
            JvmRun.java(
                List.of(
                    "-XX:+UseSerialGC",
                    "-Dmultiproc.spares=0",
                    "-Dmultiproc.cache.dir=" + dir.resolve("cache-module"),
                    "--module-path",
                    coreClasses.toString(),
                    "--add-modules",
                    "dev.multiproc",
                    "--enable-native-access=dev.multiproc"),
                testClasses.toString(),
                LaunchCallerMain.class.getName(),
                "native"));
    assertEquals(0, r.exitCode(), r::describe);
    assertEquals("42", r.value("shared").orElse(""), r::describe);
    assertFalse(r.stderr().contains("restricted method"), r::describe);
  }

  /** Diagnostics reach the System.Logger (so SLF4J or JUL users route them), not System.err. */
  @Test
  void a_spare_that_cannot_start_is_logged_not_printed() throws Exception {
    Path log = dir.resolve("jul.log");
    Path config = dir.resolve("logging.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "handlers=java.util.logging.FileHandler",
            ".level=INFO",
            "java.util.logging.FileHandler.pattern=" + log,
            "java.util.logging.FileHandler.formatter=java.util.logging.SimpleFormatter",
            "java.util.logging.SimpleFormatter.format=%3$s %4$s %5$s%n"));
    JvmRun.Result r =
        run(
            JvmRun.java(
                List.of(
                    "-XX:+UseSerialGC",
                    "--enable-native-access=ALL-UNNAMED",
                    "-Dmultiproc.spares=1",
                    "-Dmultiproc.cache.dir=" + dir.resolve("cache-spare"),
                    "-Djava.util.logging.config.file=" + config,
                    "-Dlaunch.log=" + log),
                System.getProperty("java.class.path"),
                LaunchCallerMain.class.getName(),
                "spare-failure"));
    assertEquals(0, r.exitCode(), r::describe);
    String logged = Files.exists(log) ? Files.readString(log) : "";
    assertTrue(
        logged.startsWith("dev.multiproc.spawn WARNING could not start a spare worker JVM"),
        () -> "log: " + logged + "\n" + r.describe());
    assertEquals("", r.value("stderr").orElse("?"), r::describe);
  }

  /* --------------- helpers --------------- */

  private static Map<String, byte[]> filesOf(Path root, java.util.function.Predicate<String> take)
      throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        String name = root.relativize(f).toString().replace('\\', '/');
        if (take.test(name)) {
          files.put(name, Files.readAllBytes(f));
        }
      }
    }
    return files;
  }

  private static void jar(Map<String, byte[]> files, Path jar) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar);
        var jarOut = new JarOutputStream(out)) {
      for (var f : files.entrySet()) {
        jarOut.putNextEntry(new JarEntry(f.getKey()));
        jarOut.write(f.getValue());
        jarOut.closeEntry();
      }
    }
  }
}
