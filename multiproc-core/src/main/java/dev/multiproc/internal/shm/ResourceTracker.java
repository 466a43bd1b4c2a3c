package dev.multiproc.internal.shm;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Removes the shared-memory segments, socket files and directories a family of processes
 * created, and ends the processes its workers' tasks started, however the family ends: normal
 * exit, exception, SIGTERM, or SIGKILL of any of its processes. Python's {@code
 * resource_tracker}.
 *
 * <p>A family is a root process and every process started from it (they inherit the family's
 * directory through the system property {@value #PROPERTY}, and the environment variable {@value
 * #FAMILY_ENV}, which whatever a task starts inherits too). Each member appends lines to its own
 * log in that private (0700) directory as it creates and removes resources and starts workers:
 * one {@code write} per event, no round trip ({@link FamilyLog}). The first registration starts
 * the tracker, a small JVM ({@link ResourceTrackerMain}) in a session of its own that outlives
 * the family: it ends the process group of each worker that ends (what its tasks left running),
 * and once the root and every process that wrote a log are gone, it ends what is left of the
 * family and removes what the logs still list, except segments some live process still maps
 * (they hold a shared {@code flock}), which it retries until they are free.
 *
 * <p>Not a single point of failure:
 * <ul>
 *   <li>its start is checked: it runs from a copy of its own classes in the family's directory
 *       (so no class path or class loader can keep it from starting), says it runs by writing
 *       its pid, and a tracker that exits before that is reported with its error output to the
 *       {@link System.Logger} {@code dev.multiproc.tracker}, and retried; after {@value #MAX_FAILED_STARTS} failures every later
 *       registration throws, naming the cause, rather than leave resources no one will remove;
 *   <li>a tracker that dies while its family runs is restarted by the process that started it,
 *       and the new one reads the same logs;
 *   <li>every tracker, when it starts, sweeps the temporary directory for families that are
 *       wholly gone and whose tracker is gone too, and does for them what their tracker would
 *       have ({@link FamilySweep}); it never follows a link and never touches a family with a
 *       live member.
 * </ul>
 */
public final class ResourceTracker {
  /** The system property that names the family's directory in child processes. */
  public static final String PROPERTY = "multiproc.resources";

  /** The environment variable that marks a worker JVM, and all it starts, with its family. */
  public static final String FAMILY_ENV = FamilyLog.FAMILY_ENV;

  /** Extra JVM flags for the tracker's JVM, separated by spaces. */
  public static final String FLAGS_PROPERTY = "multiproc.tracker.jvmFlags";

  private static final System.Logger LOG = System.getLogger("dev.multiproc.tracker");
  private static final int MAX_FAILED_STARTS = 3;

  /** A tracker that keeps dying is restarted at most this often per minute. */
  private static final int MAX_RESTARTS_PER_MINUTE = 5;

  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final Path NICE = Path.of("/usr/bin/nice");

  /** The tracker's classes: it must use no other class of the library. */
  private static final List<String> CLASSES =
      List.of(
          "ResourceTrackerMain",
          "FamilyLog",
          "FamilyCleanup",
          "FamilySweep",
          "SecureTree",
          "SecureTree$Visitor",
          "ProcStat",
          "Libc",
          "Libc$Result");

  private static final Path DIRECTORY = familyDirectory();

  /** Not a FileChannel: an interrupted writer would close a channel for the whole process. */
  private static @Nullable FileOutputStream log;

  private static @Nullable String failure;
  private static int failedStarts;
  private static final Deque<Long> restarts = new ArrayDeque<>();

  private ResourceTracker() {}

  private static Path familyDirectory() {
    String inherited = System.getProperty(PROPERTY);
    if (inherited != null && !inherited.isBlank()) {
      return Path.of(inherited);
    }
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    return Path.of(
        System.getProperty("java.io.tmpdir"),
        FamilyLog.PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random));
  }

  /**
   * Returns the family's directory, which child processes must inherit through {@value
   * #PROPERTY}; it exists only once something was registered.
   *
   * @return the directory
   */
  public static Path directory() {
    return DIRECTORY;
  }

  /**
   * Records that this process is about to create {@code path} (or has), to be removed when the
   * family ends: register first, so that a kill in between leaves nothing unknown.
   *
   * @param path a segment in {@code /dev/shm}, a socket file or a private directory
   * @throws IllegalStateException if the family's tracker could not be started
   * @throws UncheckedIOException if the log cannot be written
   */
  public static void register(Path path) {
    append("+" + path + "\n", true);
  }

  /**
   * Records that {@code path} was removed or handed over, so the tracker leaves it alone.
   *
   * @param path the path registered before
   */
  public static void unregister(Path path) {
    synchronized (ResourceTracker.class) {
      if (log == null) {
        return;
      }
    }
    append("-" + path + "\n", false);
  }

  /**
   * Records that {@code pid}, a worker just started, leads a process group of its own: the
   * tracker ends the group once the worker has ended, and with the family. Best effort: a worker
   * that already ended has nothing to record.
   *
   * @param pid the worker's pid
   */
  public static void registerGroup(long pid) {
    long start = ProcStat.startTimeOf(pid);
    if (start != ProcStat.ANY_START) {
      try {
        append("+" + FamilyLog.GROUP + pid + ":" + start + "\n", false);
      } catch (RuntimeException e) {
        // the worker runs all the same
      }
    }
  }

  private static synchronized void append(String line, boolean checked) {
    if (checked && failure != null) {
      throw new IllegalStateException(failure);
    }
    try {
      if (log == null) {
        log = openLog();
      }
      log.write(line.getBytes(StandardCharsets.UTF_8)); // one write(2), O_APPEND
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the resource log in " + DIRECTORY, e);
    }
  }

  private static FileOutputStream openLog() throws IOException {
    try {
      Files.createDirectory(
          DIRECTORY,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      // another member of the family made it
    }
    var out =
        new FileOutputStream(
            DIRECTORY.resolve(ProcessHandle.current().pid() + FamilyLog.LOG_SUFFIX).toFile(), true);
    out.write(("@" + ProcStat.selfStartTime() + "\n").getBytes(StandardCharsets.US_ASCII));
    try {
      Files.createFile(DIRECTORY.resolve("tracker"));
    } catch (FileAlreadyExistsException e) {
      return out; // its tracker runs already
    }
    try {
      copyClasses();
      startTracker();
    } catch (IOException | RuntimeException e) {
      out.close();
      failure = "the resource tracker cannot be started: " + e;
      throw new IllegalStateException(failure, e);
    }
    return out;
  }

  /* --------------- the tracker's JVM --------------- */

  private static Path classes() {
    return DIRECTORY.resolve("classes");
  }

  private static void copyClasses() throws IOException {
    String pkg = ResourceTracker.class.getPackageName().replace('.', '/');
    Path to = Files.createDirectories(classes().resolve(pkg));
    for (String name : CLASSES) {
      String resource = "/" + pkg + "/" + name + ".class";
      try (InputStream in = ResourceTracker.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("the resource tracker's class " + resource + " is missing");
        }
        Files.write(to.resolve(name + ".class"), in.readAllBytes());
      }
    }
  }

  private static void startTracker() throws IOException {
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      // its own session: a Ctrl-C or a kill of the caller's process group must not reach it
      cmd.add(SETSID.toString());
    }
    if (Files.isExecutable(NICE)) {
      // it waits, mostly: the family's own processes come first when they start up together
      cmd.addAll(List.of(NICE.toString(), "-n", "10"));
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xmx32m",
            "-Xss512k",
            "-XX:-UsePerfData",
            "-Xshare:auto",
            "--enable-native-access=ALL-UNNAMED"));
    String extra = System.getProperty(FLAGS_PROPERTY, "").strip();
    if (!extra.isEmpty()) {
      cmd.addAll(Arrays.asList(extra.split("\\s+")));
    }
    cmd.addAll(
        List.of(
            "-cp",
            classes().toString(),
            ResourceTrackerMain.class.getName(),
            DIRECTORY.toString(),
            Long.toString(rootPid()),
            Long.toString(rootStart())));
    ProcessBuilder builder =
        new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(
                ProcessBuilder.Redirect.appendTo(
                    DIRECTORY.resolve(FamilyLog.TRACKER_ERR).toFile()));
    builder.environment().remove(FAMILY_ENV); // it belongs to no family it could be ended with
    Process tracker = builder.start();
    tracker.onExit().thenRun(() -> ended(tracker));
  }

  /** The tracker this process started has exited: it never should while the family runs. */
  private static synchronized void ended(Process tracker) {
    int code = tracker.exitValue();
    boolean ran = readTrackerPid() == tracker.pid();
    String why;
    if (ran) {
      long now = System.nanoTime();
      restarts.addLast(now);
      while (now - restarts.getFirst() > 60_000_000_000L) {
        restarts.removeFirst();
      }
      if (restarts.size() > MAX_RESTARTS_PER_MINUTE) {
        failure =
            "the resource tracker of "
                + DIRECTORY
                + " died "
                + restarts.size()
                + " times in a minute (last exit code "
                + code
                + "); it is not started again, so "
                + "shared memory, socket files and processes this program leaves may stay";
        LOG.log(System.Logger.Level.ERROR, failure);
        return;
      }
      LOG.log(
          System.Logger.Level.WARNING,
          "the resource tracker pid="
              + tracker.pid()
              + " ended (exit code "
              + code
              + ") while its family runs; starting a new one");
    } else {
      failedStarts++;
      why =
          "the resource tracker could not start (exit code "
              + code
              + ", attempt "
              + failedStarts
              + " of "
              + MAX_FAILED_STARTS
              + "): "
              + trackerErrors();
      if (failedStarts >= MAX_FAILED_STARTS) {
        failure =
            why
                + "; shared memory and socket files would not be removed if this "
                + "program were killed, so no more are created";
        LOG.log(System.Logger.Level.ERROR, failure);
        return;
      }
      LOG.log(System.Logger.Level.WARNING, why + "; trying again");
    }
    try {
      startTracker();
    } catch (IOException | RuntimeException e) {
      failure = "the resource tracker cannot be started: " + e;
      LOG.log(System.Logger.Level.ERROR, failure, e);
    }
  }

  private static long readTrackerPid() {
    try {
      return Long.parseLong(Files.readString(DIRECTORY.resolve(FamilyLog.TRACKER_PID)).strip());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static String trackerErrors() {
    try {
      String err = Files.readString(DIRECTORY.resolve(FamilyLog.TRACKER_ERR)).strip();
      err = err.lines().filter(l -> !l.isBlank()).reduce((a, b) -> a + " | " + b).orElse("");
      return err.isEmpty()
          ? "no error output"
          : err.length() > 2000 ? err.substring(0, 2000) + " ..." : err;
    } catch (IOException e) {
      return "no error output";
    }
  }

  /** The family's root: the pid in the directory's name. */
  private static long rootPid() {
    long root = FamilySweep.rootOf(DIRECTORY.getFileName().toString());
    return root > 0 ? root : ProcessHandle.current().pid();
  }

  private static long rootStart() {
    long root = rootPid();
    return root == ProcessHandle.current().pid()
        ? ProcStat.selfStartTime()
        : ProcStat.startTimeOf(root);
  }

  /**
   * Whether {@code handle} is a resource tracker (which outlives its family by design).
   *
   * @param handle a process
   * @return true for a tracker JVM
   */
  public static boolean isTracker(ProcessHandle handle) {
    return handle
        .info()
        .commandLine()
        .map(c -> c.contains(ResourceTrackerMain.class.getName()))
        .orElse(false);
  }
}
