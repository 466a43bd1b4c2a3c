package dev.multiproc.internal.spawn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The argument files of this process's workers: one per distinct set of JVM arguments, written
 * once into {@link SpawnDirectory#argFiles()} (private: the directory is 0700, each file 0600) and
 * named after its content's hash, so a pool's workers, and every spare, share one file. They go
 * with the spawn directory when this process ends.
 */
final class ArgFiles {
  /** Argument lists already written → their file; bounded, since each list may be long. */
  private static final Map<List<String>, Path> WRITTEN = new ConcurrentHashMap<>();

  private static final int MAX_REMEMBERED = 64;

  private ArgFiles() {}

  /**
   * Returns the argument file that holds {@code args}, writing it if this process has not yet.
   *
   * @param args the JVM's arguments
   * @return the file
   * @throws IOException if it cannot be written
   */
  static Path write(List<String> args) throws IOException {
    Path known = WRITTEN.get(args);
    if (known != null && Files.isRegularFile(known)) {
      return known;
    }
    byte[] bytes = ArgFile.render(args).getBytes(ArgFile.charset());
    Path dir = SpawnDirectory.get().argFiles();
    Path file = dir.resolve("jvm-" + sha256(bytes) + ".args");
    if (!Files.isRegularFile(file)) {
      Path tmp =
          Files.createTempFile(
              dir,
              "jvm-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    if (WRITTEN.size() >= MAX_REMEMBERED) {
      WRITTEN.clear();
    }
    WRITTEN.put(List.copyOf(args), file);
    return file;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
