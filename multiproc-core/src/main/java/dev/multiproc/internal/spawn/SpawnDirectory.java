package dev.multiproc.internal.spawn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
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
 * is removed at exit. A directory left by a parent that was killed is removed by the next parent
 * that starts on this machine ({@link #sweepStale}), since it is named after its owner's pid.
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
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String key = HexFormat.of().formatHex(random);
    try {
      Path dir =
          Files.createTempDirectory(
              tmp,
              PREFIX + ProcessHandle.current().pid() + "-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      var spawnDirectory = new SpawnDirectory(dir, key);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(spawnDirectory::delete, "multiproc-spawn-dir-cleanup"));
      return spawnDirectory;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the private socket directory in " + tmp, e);
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
    deleteTree(path);
  }

  private static void deleteTree(Path dir) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // best effort at exit or sweep
    }
  }

  /** Removes the directories of parents that no longer run. */
  static void sweepStale(Path tmp) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
      for (Path dir : dirs) {
        String rest = dir.getFileName().toString().substring(PREFIX.length());
        int dash = rest.indexOf('-');
        if (dash <= 0) {
          continue;
        }
        try {
          long owner = Long.parseLong(rest.substring(0, dash));
          if (ProcessHandle.of(owner).isEmpty() && Files.isDirectory(dir)) {
            deleteTree(dir);
          }
        } catch (NumberFormatException e) {
          // not one of ours
        }
      }
    } catch (IOException e) {
      // best effort
    }
  }
}
