package dev.multiproc.internal.spawn;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.spi.JavaSerializationCodec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;

/**
 * The JDK 25 AOT cache of worker JVMs (JEP 483, 514, 515): classes of the JDK and of the class path
 * already loaded and linked, lambda forms resolved and method profiles recorded, so a worker
 * connects back sooner (measured in {@code AotStartupBench}).
 *
 * <p>A cache is trained once per <em>key</em>: the JDK (its home, version and {@code lib/modules}),
 * the exact class path with the size and time of each jar (and of the jars their manifests'
 * {@code Class-Path} name), the worker's JVM flags and the {@code JAVA_TOOL_OPTIONS}-like variables.
 * The jar times matter: JDK 25 does not check that a class-path jar is still the one the cache was
 * built from, and would hand out the old classes of a rebuilt jar. Caches live in {@code
 * $XDG_CACHE_HOME/multiproc/aot/} or {@code ~/.cache/multiproc/aot/} (the system property {@value
 * #CACHE_DIR_PROPERTY} replaces {@code .../multiproc}), one {@code FAMILY-STAMPS.aot} file per key.
 *
 * <p>Training never delays the caller. The first launch that finds no cache starts, on a daemon
 * thread, a detached <em>trainer</em> JVM at low priority ({@code nice}) and goes on without a
 * cache. The trainer ({@link #main}) starts one real worker with the same command line plus {@code
 * -XX:AOTCacheOutput=TMP}, runs a no-op child process in it and waits for it to exit (the JVM
 * assembles the cache as it exits, ~1-2 s), then renames TMP into place atomically. It outlives a
 * short caller, so a program that runs for less than the training time still gets a cache next
 * time. A {@code .lock} file keeps concurrent callers from training the same key twice, a {@code
 * .failed} file stops retries for a day, and older caches of the same class path are removed.
 *
 * <p>No cache, hence no flags, when: the property {@value #ENABLED_PROPERTY} is {@code false}; the
 * class path holds a directory (such as {@code target/classes}: the AOT cache only takes jars) or
 * a missing entry; workers use the module path; the worker flags already choose a CDS or AOT mode
 * or its logging; or the cache file is not a JDK cache. A cache the JVM itself rejects (stale,
 * truncated) is ignored by the JVM, and the {@code -Xlog:aot=off -Xlog:cds=off} flags keep its
 * warnings out of the worker's stderr.
 */
final class AotCache {
  /** {@code false} turns the AOT cache off. */
  static final String ENABLED_PROPERTY = "multiproc.aot";

  /** The cache root, in place of {@code $XDG_CACHE_HOME/multiproc}; caches go to ROOT/aot. */
  static final String CACHE_DIR_PROPERTY = "multiproc.cache.dir";

  /** Set only in the trainer JVM: the file its worker writes the cache to. */
  static final String TRAIN_PROPERTY = "multiproc.aot.train";

  /** The first four bytes of a JDK CDS/AOT archive, in native byte order. */
  private static final int MAGIC = 0xf00baba2;

  private static final List<String> QUIET = List.of("-Xlog:aot=off", "-Xlog:cds=off");
  private static final List<String> JVM_ENV =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

  private static final System.Logger LOG = System.getLogger("dev.multiproc.aot");

  private static final java.nio.file.attribute.FileAttribute<?> PRIVATE_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private static final Duration LOCK_TTL = Duration.ofMinutes(10);
  private static final Duration FAILED_TTL = Duration.ofDays(1);
  private static final Duration UNUSED_TTL = Duration.ofDays(30);
  private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(3);

  /**
   * The stamps of the class-path entries themselves → the full stamps (manifest {@code Class-Path}
   * jars included), or empty when the class path cannot have a cache. The entries are checked at
   * each launch (a few {@code stat}s), the jars are opened only when one of them changed.
   */
  private static final Map<String, Optional<String>> STAMPS = new ConcurrentHashMap<>();

  /** Cache files this JVM has started a trainer for. */
  private static final Set<Path> TRAINING = ConcurrentHashMap.newKeySet();

  private AotCache() {}

  /**
   * Returns the flags to add to a worker's command line: the cache when there is one, else none
   * (and a trainer is started in the background if there could be one).
   *
   * @param options the worker's options
   * @param jvmArgs the worker's JVM flags so far (defaults, inherited, heap, properties, user
   *     flags): part of the key
   * @param classPath the worker's class path
   * @return the flags, possibly empty; when not empty the caller must drop {@code -Xshare:auto}
   */
  static List<String> flags(JvmOptions options, List<String> jvmArgs, String classPath) {
    Path file = cacheFile(options, jvmArgs, classPath);
    if (file == null) {
      return List.of();
    }
    String training = System.getProperty(TRAIN_PROPERTY);
    if (training != null) {
      // The trainer's own worker: record, but only for the key the trainer was started for.
      return Path.of(training).getFileName().toString().startsWith(file.getFileName() + ".")
          ? withQuiet("-XX:AOTCacheOutput=" + training)
          : List.of();
    }
    if (isCache(file)) {
      return withQuiet("-XX:AOTCache=" + file);
    }
    if (TRAINING.add(file)) {
      Thread.ofPlatform()
          .daemon()
          .name("multiproc-aot-trainer")
          .start(() -> startTrainer(file, options, classPath));
    }
    return List.of();
  }

  /**
   * Returns the cache file for a worker started with these options and flags, whether it exists
   * or not, or null when such a worker cannot use a cache.
   *
   * @param options the worker's options
   * @param jvmArgs the worker's JVM flags
   * @param classPath the worker's class path
   * @return the file, or null
   */
  static @Nullable Path cacheFile(JvmOptions options, List<String> jvmArgs, String classPath) {
    if (!Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"))
        || WorkerMain.class.getModule().isNamed()
        || !System.getProperty("jdk.module.path", "").isEmpty()
        || jvmArgs.stream().anyMatch(AotCache::conflicts)) {
      return null;
    }
    Path dir = cacheDir();
    if (classPath.isEmpty() || dir == null) {
      return null;
    }
    var direct = new StringBuilder();
    for (String entry : classPath.split(File.pathSeparator, -1)) {
      // An empty entry is the current directory; directories and missing entries refuse a cache.
      if (entry.isEmpty() || !stamp(Path.of(entry).toAbsolutePath().normalize(), direct)) {
        return null;
      }
    }
    Optional<String> stamps = STAMPS.computeIfAbsent(direct.toString(), k -> stamps(classPath));
    if (stamps.isEmpty()) {
      return null;
    }
    var family = new StringBuilder("cp=").append(classPath).append('\n');
    for (String p : List.of("java.home", "java.vm.version", "java.vm.name", "os.arch")) {
      family.append(p).append('=').append(System.getProperty(p)).append('\n');
    }
    for (String entry : classPath.split(File.pathSeparator)) {
      family.append("entry=").append(Path.of(entry).toAbsolutePath().normalize()).append('\n');
    }
    jvmArgs.forEach(a -> family.append("arg=").append(a).append('\n'));
    for (String variable : JVM_ENV) {
      String value = options.environment().getOrDefault(variable, System.getenv(variable));
      family.append(variable).append('=').append(value).append('\n');
    }
    return dir.resolve(sha256(family.toString()) + "-" + sha256(stamps.get()) + ".aot");
  }

  /** The directory caches go to, or null when there is no home or cache directory. */
  static @Nullable Path cacheDir() {
    Path root = cacheRoot();
    return root == null ? null : root.resolve("aot");
  }

  /**
   * Returns the library's cache directory: the property {@value #CACHE_DIR_PROPERTY}, else {@code
   * $XDG_CACHE_HOME/multiproc}, else {@code ~/.cache/multiproc}.
   *
   * @return the directory, absolute, or null when there is no home or cache directory
   */
  static @Nullable Path cacheRoot() {
    String root = System.getProperty(CACHE_DIR_PROPERTY);
    if (root == null || root.isEmpty()) {
      String xdg = System.getenv("XDG_CACHE_HOME");
      if (xdg != null && Path.of(xdg).isAbsolute()) {
        root = Path.of(xdg, "multiproc").toString();
      } else {
        String home = System.getProperty("user.home", "");
        if (home.isEmpty() || home.equals("?")) {
          return null;
        }
        root = Path.of(home, ".cache", "multiproc").toString();
      }
    }
    return Path.of(root).toAbsolutePath();
  }

  private static List<String> withQuiet(String flag) {
    var flags = new ArrayList<String>(3);
    flags.add(flag);
    flags.addAll(QUIET);
    return List.copyOf(flags);
  }

  /** Whether a worker flag already picks a CDS/AOT mode or its logging, which ours would fight. */
  private static boolean conflicts(String flag) {
    return flag.startsWith("-XX:AOT")
        || flag.startsWith("-XX:SharedArchiveFile")
        || flag.startsWith("-XX:SharedClassListFile")
        || flag.startsWith("-XX:DumpLoadedClassList")
        || flag.startsWith("-XX:ArchiveClassesAtExit")
        || flag.startsWith("-XX:+AutoCreateSharedArchive")
        || (flag.startsWith("-Xshare:") && !flag.equals("-Xshare:auto"))
        || flag.startsWith("-Xlog:aot")
        || flag.startsWith("-Xlog:cds");
  }

  /**
   * Returns the path, size and time of each class-path jar and of the jars their manifests name,
   * or empty when an entry is a directory or missing (the AOT cache takes jars only).
   */
  private static Optional<String> stamps(String classPath) {
    var sb = new StringBuilder();
    Path modules = Path.of(System.getProperty("java.home"), "lib", "modules");
    if (!stamp(modules, sb)) {
      return Optional.empty();
    }
    var seen = new LinkedHashSet<Path>();
    var pending = new ArrayList<Path>();
    for (String entry : classPath.split(File.pathSeparator, -1)) {
      if (entry.isEmpty()) {
        return Optional.empty(); // the current directory
      }
      pending.add(Path.of(entry).toAbsolutePath().normalize());
    }
    while (!pending.isEmpty() && seen.size() < 10_000) {
      Path jar = pending.removeFirst();
      if (!seen.add(jar)) {
        continue;
      }
      if (!stamp(jar, sb)) {
        return Optional.empty();
      }
      try (var file = new JarFile(jar.toFile(), false)) {
        Manifest manifest = file.getManifest();
        String refs =
            manifest == null
                ? null
                : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        for (String ref : refs == null ? new String[0] : refs.trim().split("\\s+")) {
          Path target = manifestEntry(jar, ref);
          if (target == null) {
            continue;
          }
          if (Files.isDirectory(target)) {
            return Optional.empty();
          }
          if (Files.isRegularFile(target)) {
            pending.add(target);
          }
        }
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
    return Optional.of(sb.toString());
  }

  private static @Nullable Path manifestEntry(Path jar, String ref) {
    if (ref.isEmpty()) {
      return null;
    }
    try {
      URI uri = jar.toAbsolutePath().toUri().resolve(ref); // relative to the jar's directory
      return "file".equals(uri.getScheme()) ? Path.of(uri).normalize() : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean stamp(Path file, StringBuilder sb) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        return false;
      }
      sb.append(file)
          .append('\0')
          .append(a.size())
          .append('\0')
          .append(a.lastModifiedTime().toMillis())
          .append('\n');
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether {@code file} is there and starts like a JDK archive. */
  static boolean isCache(Path file) {
    try (FileChannel ch = FileChannel.open(file)) {
      ByteBuffer head = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
      while (head.hasRemaining() && ch.read(head) >= 0) {
        // read the magic
      }
      return !head.hasRemaining() && head.getInt(0) == MAGIC;
    } catch (IOException e) {
      return false;
    }
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /* --------------- the caller's side: start a trainer --------------- */

  private static void startTrainer(Path file, JvmOptions options, String classPath) {
    Path dir = java.util.Objects.requireNonNull(file.getParent(), "the cache file's directory");
    String name = file.getFileName().toString();
    Path lock = dir.resolve(name + ".lock");
    try {
      Files.createDirectories(dir);
      Path failed = dir.resolve(name + ".failed");
      if (Files.exists(failed) && age(failed).compareTo(FAILED_TTL) < 0) {
        return;
      }
      if (!lock(lock)) {
        return; // another JVM trains it
      }
    } catch (IOException | RuntimeException e) {
      return;
    }
    Path argFile = dir.resolve(name + ".args");
    try {
      LOG.log(
          System.Logger.Level.DEBUG,
          () ->
              "training the AOT cache of worker JVMs in the "
                  + "background, into "
                  + file
                  + " (-D"
                  + ENABLED_PROPERTY
                  + "=false turns this off)");
      Path tmp = dir.resolve(name + "." + ProcessHandle.current().pid() + ".tmp");
      // in an argument file, as a worker's: the class path may be longer than a command line
      // allows; next to the lock, since the trainer may outlive this process and its files
      Files.deleteIfExists(argFile);
      Files.writeString(
          Files.createFile(argFile, PRIVATE_FILE),
          ArgFile.render(
              List.of(
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-XX:-UsePerfData",
                  "-Xshare:auto",
                  "-Xmx64m",
                  "--enable-native-access=ALL-UNNAMED",
                  "-Dmultiproc.spares=0",
                  "-D" + TRAIN_PROPERTY + "=" + tmp,
                  "-D" + CACHE_DIR_PROPERTY + "=" + dir.getParent(),
                  "-cp",
                  classPath)),
          ArgFile.charset());
      var cmd = new ArrayList<String>();
      if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
        cmd.addAll(List.of("/usr/bin/nice", "-n", "10"));
      }
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(List.of("@" + argFile, AotCache.class.getName(), name));
      Process trainer =
          new ProcessBuilder(cmd)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      // The options go through stdin, not argv: their environment may hold secrets.
      try (OutputStream in = trainer.getOutputStream()) {
        in.write(
            new JavaSerializationCodec(ClassFilter.defaults())
                .encode(new Training(options, CallerOptions.current())));
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not start the AOT trainer of " + file, e);
      deleteQuietly(argFile);
      deleteQuietly(lock);
    }
  }

  /**
   * What a trainer is told on its stdin: the worker's options and the caller's inherited
   * settings, so that it starts its worker exactly as the caller would.
   *
   * @param options the worker's options
   * @param caller the caller's settings
   */
  record Training(JvmOptions options, CallerOptions caller) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  private static boolean lock(Path lock) throws IOException {
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        Files.writeString(
            lock,
            Long.toString(ProcessHandle.current().pid()),
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        if (age(lock).compareTo(LOCK_TTL) < 0) {
          return false;
        }
        deleteQuietly(lock); // left by a trainer that was killed
      }
    }
    return false;
  }

  private static Duration age(Path file) throws IOException {
    return Duration.between(Files.getLastModifiedTime(file).toInstant(), Instant.now());
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // nothing more to do
    }
  }

  /* --------------- the trainer JVM --------------- */

  /**
   * The trainer JVM: trains the cache named by {@code args[0]} for a worker started with the
   * {@link JvmOptions} read from stdin, and moves it into place. Started by {@link #flags}.
   *
   * @param args the cache file name
   * @throws Exception if the options cannot be read
   */
  public static void main(String[] args) throws Exception {
    Path tmp = Path.of(System.getProperty(TRAIN_PROPERTY));
    Path dir = java.util.Objects.requireNonNull(tmp.getParent(), "the training file's directory");
    String name = args[0];
    deleteQuietly(dir.resolve(name + ".args")); // the launcher has read it
    Training training;
    try (InputStream in = System.in) {
      training =
          (Training) new JavaSerializationCodec(ClassFilter.defaults()).decode(in.readAllBytes());
    }
    JvmOptions options = training.options();
    CallerOptions.replace(training.caller());
    boolean trained = false;
    try {
      ChildProcess worker =
          new ChildProcess(new TrainingRun()).name("multiproc-aot-training").jvm(options);
      worker.start();
      if (!worker.join(TRAINING_TIMEOUT)) {
        worker.kill();
      } else if (worker.exitCode().orElse(-1) == 0 && isCache(tmp)) {
        Files.move(
            tmp,
            dir.resolve(name),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        trained = true;
        sweep(dir, name);
      }
    } finally {
      if (!trained) {
        Files.writeString(dir.resolve(name + ".failed"), "");
      }
      deleteQuietly(tmp);
      deleteQuietly(Path.of(tmp + ".config"));
      deleteQuietly(dir.resolve(name + ".lock"));
    }
    System.exit(trained ? 0 : 1);
  }

  /**
   * The training worker's target: a named class rather than a serializable lambda, which would let
   * a deserialized lambda reach the private {@code trainingRun()}.
   */
  private static final class TrainingRun implements dev.multiproc.function.SerializableRunnable {
    @java.io.Serial private static final long serialVersionUID = 1L;

    @Override
    public void runChecked() {
      trainingRun();
    }
  }

  /**
   * What the training worker runs: touch what a pool worker and a spare's native warm-up use as
   * well, then return.
   */
  private static void trainingRun() {
    WorkerMain.prepareNativeAccess();
    var codec = new JavaSerializationCodec(ClassFilter.defaults());
    codec.decode(codec.encode(List.of("warm", 1, 2L)));
    ClassLoader loader = AotCache.class.getClassLoader();
    for (String c :
        List.of(
            "internal.pool.PoolWorkerLoop",
            "spi.PoolTask",
            "spi.TaskFailure",
            "spi.TaskFailure$Kind")) {
      try {
        Class.forName("dev.multiproc." + c, true, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        // the cache just won't hold it
      }
    }
    // the rest of the library loaded, not run: a child that starts a manager server, opens a
    // queue or takes a lock then finds those classes in the cache instead of in the jar
    try (InputStream listing =
        loader.getResourceAsStream(LibraryJar.listingName("multiproc-core"))) {
      if (listing != null) {
        for (String file : new String(listing.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (file.endsWith(".class") && !file.endsWith("module-info.class")) {
            String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
            try {
              Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
              // the cache just won't hold it
            }
          }
        }
      }
    } catch (IOException e) {
      // the cache holds what was loaded so far
    }
  }

  /** Removes older caches of the same class path, and leftovers older than their time to live. */
  private static void sweep(Path dir, String keep) {
    String family = keep.substring(0, keep.indexOf('-') + 1);
    Instant now = Instant.now();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String n = f.getFileName().toString();
        FileTime time = Files.getLastModifiedTime(f);
        Duration age = Duration.between(time.toInstant(), now);
        boolean olderBuild = n.startsWith(family) && n.endsWith(".aot") && !n.equals(keep);
        boolean unused = n.endsWith(".aot") && age.compareTo(UNUSED_TTL) > 0;
        boolean leftover = !n.endsWith(".aot") && age.compareTo(FAILED_TTL) > 0;
        if (olderBuild || unused || leftover) {
          deleteQuietly(f);
        }
      }
    } catch (IOException e) {
      // the next trainer sweeps again
    }
  }
}
