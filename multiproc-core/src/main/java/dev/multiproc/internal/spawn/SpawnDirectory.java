package dev.multiproc.internal.spawn;

import dev.multiproc.internal.shm.ProcStat;
import dev.multiproc.internal.shm.ResourceTracker;
import dev.multiproc.internal.shm.SecureTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The parent's private (0700) directory for rendezvous sockets, and its random key, which every
 * worker must send back to prove it was started by this parent.
 *
 * <p>A socket file lives only while one worker connects (tens of milliseconds) and the directory
 * is removed at exit. The directory is registered with the resource tracker before it is made, so
 * a kill at any moment leaves it, and any socket file in it, to the tracker. A directory left by a
 * parent that was killed without a tracker is removed by the next parent that starts on this
 * machine ({@link #sweepStale}), since it is named after its owner's pid; the sweep never follows
 * a link, and only touches real directories of this user with mode 0700 ({@link SecureTree}).
 *
 * <p>It is made in {@code java.io.tmpdir}, unless that path is too long for a Unix socket address
 * (about 100 bytes): then in a short private place ({@link #base}). It also holds the workers'
 * argument files ({@link ArgFiles}), in a sub-directory.
 */
public final class SpawnDirectory {
  private static final String PREFIX = "multiproc-";

  /** The sub-directory of the workers' argument files. */
  private static final String ARG_FILES = "args";

  /**
   * The longest path of a directory whose sockets still fit a Unix socket address: 108 bytes
   * with the terminating NUL on Linux, less the longest socket name ({@code
   * /listener-<16 hex>.sock}, 31 bytes) and a margin.
   */
  static final int MAX_DIRECTORY_BYTES = 107 - 31 - 4;

  /** The longest name of the directory itself: {@code multiproc-<pid>-<16 hex>}. */
  private static final int NAME_BYTES = PREFIX.length() + 7 + 1 + 16;

  private static @Nullable SpawnDirectory instance;
  private static boolean removalRegistered;

  private final Path path;
  private final String key;
  private final AtomicLong counter = new AtomicLong();

  private SpawnDirectory(Path path, String key) {
    this.path = path;
    this.key = key;
  }

  /**
   * Returns this process's directory, creating it on first use.
   *
   * @return the directory
   * @throws IllegalStateException if the JVM is shutting down before it was made: no worker can
   *     be started then (nothing is made)
   * @throws java.io.UncheckedIOException if it cannot be made (tried again at the next call)
   */
  public static synchronized SpawnDirectory get() {
    if (instance == null) {
      // its removal at exit is registered first: in a JVM that is already shutting down this
      // throws, and nothing is made that nobody would remove
      if (!removalRegistered) {
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(SpawnDirectory::deleteAtExit, "multiproc-spawn-dir-cleanup"));
        removalRegistered = true;
      }
      instance = create();
    }
    return instance;
  }

  private static void deleteAtExit() {
    SpawnDirectory made;
    synchronized (SpawnDirectory.class) {
      made = instance;
    }
    if (made != null) {
      LiveWorkers.killStarting(); // the hooks run at once: none may find its files gone
      made.delete();
    }
  }

  private static SpawnDirectory create() {
    Path tmp =
        base(Path.of(System.getProperty("java.io.tmpdir")), System.getenv("XDG_RUNTIME_DIR"));
    sweepStale(tmp);
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String key = HexFormat.of().formatHex(bytes);
    for (int attempt = 0; ; attempt++) {
      byte[] name = new byte[8];
      random.nextBytes(name);
      Path dir =
          tmp.resolve(
              PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(name));
      ResourceTracker.register(dir); // before it exists: a kill from now on leaves nothing
      try {
        Files.createDirectory(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (FileAlreadyExistsException e) {
        ResourceTracker.unregister(dir);
        if (attempt < 3) {
          continue;
        }
        throw new UncheckedIOException("cannot create a private socket directory in " + tmp, e);
      } catch (IOException e) {
        ResourceTracker.unregister(dir);
        throw new UncheckedIOException("cannot create the private socket directory in " + tmp, e);
      }
      try {
        // made now, not at the first launch, so that it is there as long as the directory
        Files.createDirectory(dir.resolve(ARG_FILES));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + dir.resolve(ARG_FILES), e);
      }
      return new SpawnDirectory(dir, key);
    }
  }

  /**
   * Returns the key workers must present.
   *
   * @return the key, hex
   */
  public String key() {
    return key;
  }

  /**
   * Returns a fresh socket path in the directory.
   *
   * @return the path; no file exists there yet
   */
  public Path newSocketPath() {
    return path.resolve("w" + counter.incrementAndGet() + ".sock");
  }

  /**
   * Returns the directory.
   *
   * @return the directory
   */
  public Path path() {
    return path;
  }

  /**
   * Returns the sub-directory of the workers' argument files.
   *
   * @return the directory
   */
  Path argFiles() {
    return path.resolve(ARG_FILES);
  }

  /**
   * Returns where to make the directory: {@code tmp} ({@code java.io.tmpdir}) when the sockets in
   * it fit a Unix socket address (about 100 bytes), else the first short enough of {@code
   * $XDG_RUNTIME_DIR} (private to the user, made for sockets), {@code /tmp} and {@code /dev/shm}.
   *
   * @param tmp the configured temporary directory
   * @param runtimeDir {@code $XDG_RUNTIME_DIR}, or null
   * @return the directory to make ours in
   * @throws IllegalStateException if none is short enough and writable
   */
  static Path base(Path tmp, @Nullable String runtimeDir) {
    if (fits(tmp)) {
      return tmp;
    }
    List<Path> candidates = new ArrayList<>();
    if (runtimeDir != null && !runtimeDir.isEmpty() && Path.of(runtimeDir).isAbsolute()) {
      candidates.add(Path.of(runtimeDir));
    }
    candidates.add(Path.of("/tmp"));
    candidates.add(Path.of("/dev/shm"));
    for (Path candidate : candidates) {
      if (fits(candidate) && Files.isDirectory(candidate) && Files.isWritable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "java.io.tmpdir="
            + tmp
            + " is "
            + tmp.toString().getBytes(StandardCharsets.UTF_8).length
            + " bytes long: its sockets "
            + "would not fit a Unix socket address (108 bytes), and none of "
            + candidates
            + " is a writable directory; set -Djava.io.tmpdir to a directory of at most "
            + (MAX_DIRECTORY_BYTES - NAME_BYTES - 1)
            + " bytes");
  }

  private static boolean fits(Path dir) {
    return dir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length + 1 + NAME_BYTES
        <= MAX_DIRECTORY_BYTES;
  }

  private void delete() {
    if (SecureTree.deleteTree(path)) {
      ResourceTracker.unregister(path);
    }
  }

  /** Removes the directories of parents that no longer run, never following a link. */
  static void sweepStale(Path tmp) {
    SecureTree.forEachPrivate(
        tmp, SpawnDirectory::isStale, (parent, name, dir) -> SecureTree.deleteTree(parent, name));
  }

  /** Whether {@code name} is {@code multiproc-<pid>-...} of a pid that does not run. */
  private static boolean isStale(String name) {
    if (!name.startsWith(PREFIX)) {
      return false;
    }
    String rest = name.substring(PREFIX.length());
    int dash = rest.indexOf('-');
    if (dash <= 0) {
      return false;
    }
    try {
      long owner = Long.parseLong(rest.substring(0, dash));
      return ProcStat.read(owner).map(s -> !s.isRunning()).orElse(true);
    } catch (NumberFormatException e) {
      return false; // not one of ours (a family's resource directory, say)
    }
  }
}
