package dev.multiproc.internal.spawn;

import dev.multiproc.internal.shm.ProcStat;
import dev.multiproc.internal.shm.ResourceTracker;
import dev.multiproc.internal.shm.SecureTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

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
 */
public final class SpawnDirectory {
  private static final String PREFIX = "multiproc-";
  private static final SpawnDirectory INSTANCE = create();

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
   */
  public static SpawnDirectory get() {
    return INSTANCE;
  }

  private static SpawnDirectory create() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    sweepStale(tmp);
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String key = HexFormat.of().formatHex(bytes);
    for (int attempt = 0; ; attempt++) {
      byte[] name = new byte[8];
      random.nextBytes(name);
      Path dir = tmp.resolve(
          PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(name));
      ResourceTracker.register(dir); // before it exists: a kill from now on leaves nothing
      try {
        Files.createDirectory(dir,
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
      var spawnDirectory = new SpawnDirectory(dir, key);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(spawnDirectory::delete, "multiproc-spawn-dir-cleanup"));
      return spawnDirectory;
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

  private void delete() {
    if (SecureTree.deleteTree(path)) {
      ResourceTracker.unregister(path);
    }
  }

  /** Removes the directories of parents that no longer run, never following a link. */
  static void sweepStale(Path tmp) {
    SecureTree.forEachPrivate(tmp, SpawnDirectory::isStale,
        (parent, name, dir) -> SecureTree.deleteTree(parent, name));
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
