package dev.multiproc.internal.spawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.internal.shm.ResourceTracker;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.testing.NoLeaksExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT cache of worker JVMs. Under Maven the class path holds {@code target/classes}, which the
 * AOT cache refuses; so the tests that need a cache swap {@code java.class.path} for a jar of the
 * library's classes while they run. All caches go to a temporary {@code multiproc.cache.dir}.
 */
@ExtendWith(NoLeaksExtension.class)
class AotCacheTest {
  private static final int MAGIC = 0xf00baba2;

  @TempDir static Path shared;
  private static Path coreJar;

  @TempDir Path cacheRoot;
  private String savedClassPath;

  @BeforeAll
  static void jarTheLibrary() throws Exception {
    Path classes =
        Path.of(WorkerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    coreJar = shared.resolve("core.jar");
    if (Files.isDirectory(classes)) {
      jar(classes, coreJar);
    } else {
      Files.copy(classes, coreJar);
    }
  }

  @BeforeEach
  void useTempCache() {
    savedClassPath = System.getProperty("java.class.path");
    System.setProperty(AotCache.CACHE_DIR_PROPERTY, cacheRoot.toString());
  }

  @AfterEach
  void restore() {
    System.setProperty("java.class.path", savedClassPath);
    System.clearProperty(AotCache.CACHE_DIR_PROPERTY);
    System.clearProperty(AotCache.ENABLED_PROPERTY);
  }

  @Test
  void no_flags_when_the_class_path_holds_a_directory() throws IOException {
    Path dir = Files.createDirectories(cacheRoot.resolve("classes"));
    Files.writeString(dir.resolve("x.txt"), "x");
    System.setProperty("java.class.path", coreJar + java.io.File.pathSeparator + dir);
    assertNull(cacheFile(JvmOptions.defaults()));
    assertEquals(List.of(), flags(JvmOptions.defaults()));
    assertFalse(Files.exists(cacheRoot.resolve("aot")), "no trainer was started");
  }

  @Test
  void no_flags_under_the_maven_class_path() {
    assertNull(cacheFile(JvmOptions.defaults()), "target/classes is a directory");
  }

  @Test
  void key_changes_with_class_path_jar_and_flags() throws IOException {
    Path other = cacheRoot.resolve("other.jar");
    Files.copy(coreJar, other);
    System.setProperty("java.class.path", coreJar.toString());
    Path file = cacheFile(JvmOptions.defaults());
    assertNotNull(file);
    assertEquals(cacheRoot.resolve("aot"), file.getParent());
    assertEquals(file, cacheFile(JvmOptions.defaults()), "the key is stable");

    assertNotEquals(file, cacheFile(JvmOptions.defaults().withMaxHeap("256m")));
    assertNotEquals(file, cacheFile(JvmOptions.defaults().withJvmFlags("-XX:+UseParallelGC")));

    System.setProperty("java.class.path", other.toString());
    assertNotEquals(file, cacheFile(JvmOptions.defaults()), "another class path");
    System.setProperty("java.class.path", coreJar + java.io.File.pathSeparator + other);
    assertNotEquals(file, cacheFile(JvmOptions.defaults()), "a longer class path");

    // A rebuilt jar: same family (the older cache is swept), new stamps.
    System.setProperty("java.class.path", other.toString());
    Path before = cacheFile(JvmOptions.defaults());
    Files.setLastModifiedTime(other, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    Path after = cacheFile(JvmOptions.defaults());
    assertNotEquals(before, after);
    assertEquals(family(before), family(after));
  }

  @Test
  void disabled_by_property_or_by_a_cds_flag_of_the_user() throws IOException {
    System.setProperty("java.class.path", coreJar.toString());
    writeValidLooking(cacheFile(JvmOptions.defaults()));
    assertFalse(flags(JvmOptions.defaults()).isEmpty());

    System.setProperty(AotCache.ENABLED_PROPERTY, "false");
    assertNull(cacheFile(JvmOptions.defaults()));
    assertEquals(List.of(), flags(JvmOptions.defaults()));
    assertTrue(command(JvmOptions.defaults()).contains("-Xshare:auto"));
    System.clearProperty(AotCache.ENABLED_PROPERTY);

    for (String flag : List.of("-Xshare:off", "-XX:SharedArchiveFile=x.jsa", "-Xlog:aot")) {
      assertNull(cacheFile(JvmOptions.defaults().withJvmFlags(flag)), flag);
    }
  }

  /** A file that passes our check but that the JVM rejects: the JVM must ignore it, silently. */
  @Test
  void a_corrupt_cache_does_not_break_a_worker_start() throws Exception {
    System.setProperty("java.class.path", coreJar.toString());
    Path file = cacheFile(JvmOptions.defaults());
    writeValidLooking(file);
    List<String> cmd = command(JvmOptions.defaults());
    assertTrue(cmd.contains("-XX:AOTCache=" + file), () -> "command: " + cmd);
    assertFalse(cmd.contains("-Xshare:auto"), "the JVM refuses -Xshare with -XX:AOTCache");

    String stderr =
        capturingStderr(
            () -> {
              Worker w = WorkerLauncher.launch(JvmOptions.defaults());
              assertTrue(w.isAlive());
              w.release();
              w.onExit().get();
              return w;
            });
    assertFalse(
        stderr.contains("aot") || stderr.contains("AOT") || stderr.contains("CDS"),
        () -> "the JVM's cache warnings leaked: " + stderr);
  }

  /**
   * End to end: garbage in place of the cache is not used, a trainer replaces it in the
   * background, and the next worker starts with the trained cache.
   */
  @Test
  @Timeout(120)
  void a_trainer_replaces_garbage_with_a_cache_that_workers_use() throws Exception {
    System.setProperty("java.class.path", coreJar.toString());
    Path file = cacheFile(JvmOptions.defaults());
    Files.createDirectories(file.getParent());
    byte[] garbage = new byte[4096];
    new Random(1).nextBytes(garbage);
    Files.write(file, garbage);
    Path stale = file.resolveSibling(family(file) + "-000000000000000000000000.aot");
    Files.write(stale, garbage);

    assertFalse(AotCache.isCache(file));
    assertEquals(List.of(), flags(JvmOptions.defaults()), "garbage is not handed to the JVM");
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    Path lock = file.resolveSibling(file.getFileName() + ".lock");
    while ((!AotCache.isCache(file) || Files.exists(lock)) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(AotCache.isCache(file), () -> "no cache was trained; files: " + list(file));
    assertFalse(Files.exists(stale), "an older cache of the same class path is removed");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList(), "no temporary, lock or failure file is left");
    }

    String stderr =
        capturingStderr(
            () -> {
              Worker w = WorkerLauncher.launch(JvmOptions.defaults());
              List<String> args = argumentsOf(w.process());
              assertTrue(args.contains("-XX:AOTCache=" + file), () -> "worker arguments: " + args);
              w.release();
              w.onExit().get();
              return w;
            });
    assertEquals("", stderr);
  }

  /* --------------- helpers --------------- */

  private static Path cacheFile(JvmOptions options) {
    return AotCache.cacheFile(options, jvmArgs(options), classPath());
  }

  private static List<String> flags(JvmOptions options) {
    return AotCache.flags(options, jvmArgs(options), classPath());
  }

  /** The worker's class path: the library is on it, so the class path as it is. */
  private static String classPath() {
    return LibraryPath.workerClassPath(System.getProperty("java.class.path"));
  }

  /** The JVM flags JvmCommand hands to AotCache.flags, that is, without the cache's own. */
  private static List<String> jvmArgs(JvmOptions options) {
    String saved = System.getProperty(AotCache.ENABLED_PROPERTY);
    System.setProperty(AotCache.ENABLED_PROPERTY, "false");
    try {
      List<String> cmd = command(options);
      // the family's resource directory is added after the cache is chosen: not part of its key
      return cmd.subList(0, cmd.indexOf("-cp")).stream()
          .filter(a -> !a.startsWith("-D" + ResourceTracker.PROPERTY + "="))
          .toList();
    } finally {
      if (saved == null) {
        System.clearProperty(AotCache.ENABLED_PROPERTY);
      } else {
        System.setProperty(AotCache.ENABLED_PROPERTY, saved);
      }
    }
  }

  /** What a worker's argument file holds. */
  private static List<String> command(JvmOptions options) {
    return JvmCommand.jvmArgs(options);
  }

  /** A worker's JVM arguments: those of its argument file. */
  private static List<String> argumentsOf(Process worker) throws IOException {
    List<String> args = worker.info().arguments().map(List::of).orElse(List.of());
    for (String arg : args) {
      if (arg.startsWith("@")) {
        return ArgFile.parse(Files.readString(Path.of(arg.substring(1)), ArgFile.charset()));
      }
    }
    return args;
  }

  private static String family(Path cache) {
    String name = cache.getFileName().toString();
    return name.substring(0, name.indexOf('-'));
  }

  private static void writeValidLooking(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    ByteBuffer b = ByteBuffer.allocate(100_000).order(ByteOrder.nativeOrder());
    b.putInt(MAGIC);
    for (int i = 4; i < b.capacity(); i++) {
      b.put((byte) (i * 31));
    }
    Files.write(file, b.array());
    assertTrue(AotCache.isCache(file));
  }

  /** What {@code body}'s worker wrote on standard error, once its output pumps have ended. */
  private static String capturingStderr(Callable<Worker> body) throws Exception {
    PrintStream saved = System.err;
    var captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Worker w = body.call();
      for (Thread pump : w.pumps()) { // they copy what the worker wrote last, up to its end
        assertTrue(pump.join(Duration.ofSeconds(30)), "an output pump did not end: " + pump);
      }
    } finally {
      System.setErr(saved);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static String list(Path file) {
    try (Stream<Path> files = Files.list(file.getParent())) {
      return files.map(p -> p.getFileName().toString()).toList().toString();
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static void jar(Path classes, Path jar) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar);
        var jarOut = new JarOutputStream(out);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, jarOut);
        jarOut.closeEntry();
      }
    }
  }
}
