package dev.multiproc.internal.shm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The resource tracker's own JVM (see {@link ResourceTracker}): waits for the family to end,
 * then removes what its logs still list, never a segment a live process still maps.
 */
public final class ResourceTrackerMain {
  private static final long POLL_MS = 200;
  private static final long RETRY_MS = 500;

  private ResourceTrackerMain() {}

  /**
   * Runs the tracker.
   *
   * @param args the family directory and the root pid
   * @throws Exception if interrupted
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long root = Long.parseLong(args[1]);
    while (familyAlive(dir, root)) {
      Thread.sleep(POLL_MS);
    }
    Set<Path> left = outstanding(dir);
    while (true) {
      left.removeIf(ResourceTrackerMain::remove);
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(RETRY_MS);
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }

  private static boolean familyAlive(Path dir, long root) throws IOException {
    if (ProcessHandle.of(root).map(ProcessHandle::isAlive).orElse(false)) {
      return true;
    }
    try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "*.log")) {
      for (Path log : logs) {
        String name = log.getFileName().toString();
        long pid = Long.parseLong(name.substring(0, name.length() - 4));
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Paths registered and not unregistered, in every member's log. */
  static Set<Path> outstanding(Path dir) throws IOException {
    Set<Path> left = new LinkedHashSet<>();
    try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "*.log")) {
      for (Path log : logs) {
        List<String> lines = Files.readAllLines(log);
        for (String line : lines) {
          if (line.length() < 2) {
            continue;
          }
          Path p = Path.of(line.substring(1));
          if (line.charAt(0) == '+') {
            left.add(p);
          } else if (line.charAt(0) == '-') {
            left.remove(p);
          }
        }
      }
    }
    return left;
  }

  /** Removes {@code path} unless a live process still maps it; true when it is gone. */
  static boolean remove(Path path) {
    if (!path.startsWith(Segment.DIRECTORY)) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // leave it: nothing else to do
      }
      return true;
    }
    Libc.Result open = Libc.open(path.toString(), Libc.O_RDWR, 0);
    if (open.failed()) {
      return true; // already gone
    }
    int fd = (int) open.value();
    try {
      Libc.Result lock = Libc.flock(fd, Libc.LOCK_EX | Libc.LOCK_NB);
      if (lock.failed()) {
        return false; // still mapped by a live process
      }
      Libc.unlink(path.toString());
      return true;
    } finally {
      Libc.close(fd);
    }
  }
}
