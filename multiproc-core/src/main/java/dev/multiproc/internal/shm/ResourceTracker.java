package dev.multiproc.internal.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Removes the shared-memory segments and socket files a family of processes created, however the
 * family ends: normal exit, exception, SIGTERM, or SIGKILL of any of its processes. Python's
 * {@code resource_tracker}.
 *
 * <p>A family is a root process and every process started from it (they inherit the family's
 * directory through the system property {@value #PROPERTY}). Each member appends {@code +path}
 * and {@code -path} lines to its own log in that private (0700) directory as it creates and
 * removes resources: one {@code write} per event, no round trip. The first registration starts
 * the tracker, a small JVM ({@link ResourceTrackerMain}) that outlives the family: once the root
 * and every process that wrote a log are gone, it removes what the logs still list, except
 * segments some live process still maps (they hold a shared {@code flock}), which it retries
 * until they are free.
 */
public final class ResourceTracker {
  /** The system property that names the family's directory in child processes. */
  public static final String PROPERTY = "multiproc.resources";
  private static final String PREFIX = "multiproc-res-";
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private static final Path DIRECTORY = familyDirectory();
  /** Not a FileChannel: an interrupted writer would close a channel for the whole process. */
  private static FileOutputStream log;

  private ResourceTracker() {}

  private static Path familyDirectory() {
    String inherited = System.getProperty(PROPERTY);
    if (inherited != null && !inherited.isBlank()) {
      return Path.of(inherited);
    }
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    return Path.of(System.getProperty("java.io.tmpdir"),
        PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random));
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
   * Records that this process created {@code path}, to be removed when the family ends.
   *
   * @param path a segment in {@code /dev/shm} or a socket file
   */
  public static void register(Path path) {
    append("+" + path + "\n");
  }

  /**
   * Records that {@code path} was removed or handed over, so the tracker leaves it alone.
   *
   * @param path the path registered before
   */
  public static void unregister(Path path) {
    if (log != null) {
      append("-" + path + "\n");
    }
  }

  private static synchronized void append(String line) {
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
      Files.createDirectory(DIRECTORY,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      // another member of the family made it
    }
    var out = new FileOutputStream(
        DIRECTORY.resolve(ProcessHandle.current().pid() + ".log").toFile(), true);
    try {
      Files.createFile(DIRECTORY.resolve("tracker"));
      startTracker();
    } catch (FileAlreadyExistsException e) {
      // its tracker runs already
    }
    return out;
  }

  private static void startTracker() throws IOException {
    long root = rootPid();
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      // its own session: a Ctrl-C or a kill of the caller's process group must not reach it
      cmd.add(SETSID.toString());
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx32m", "-Xss512k",
        "-XX:-UsePerfData", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED"));
    String classPath = System.getProperty("java.class.path", "");
    String modulePath = System.getProperty("jdk.module.path", "");
    if (!classPath.isEmpty()) {
      cmd.add("-cp");
      cmd.add(classPath);
    }
    if (!modulePath.isEmpty()) {
      cmd.add("--module-path");
      cmd.add(modulePath);
    }
    if (ResourceTracker.class.getModule().isNamed()) {
      cmd.add("--enable-native-access=" + ResourceTracker.class.getModule().getName());
      cmd.add("-m");
      cmd.add(ResourceTracker.class.getModule().getName() + "/"
          + ResourceTrackerMain.class.getName());
    } else {
      cmd.add(ResourceTrackerMain.class.getName());
    }
    cmd.add(DIRECTORY.toString());
    cmd.add(Long.toString(root));
    new ProcessBuilder(cmd)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /** The family's root: the pid in the directory's name. */
  private static long rootPid() {
    String dir = DIRECTORY.getFileName().toString();
    try {
      String rest = dir.substring(PREFIX.length());
      return Long.parseLong(rest.substring(0, rest.indexOf('-')));
    } catch (RuntimeException e) {
      return ProcessHandle.current().pid();
    }
  }

  /**
   * Whether {@code handle} is a resource tracker (which outlives its family by design).
   *
   * @param handle a process
   * @return true for a tracker JVM
   */
  public static boolean isTracker(ProcessHandle handle) {
    return handle.info().commandLine()
        .map(c -> c.contains(ResourceTrackerMain.class.getName()))
        .orElse(false);
  }
}
