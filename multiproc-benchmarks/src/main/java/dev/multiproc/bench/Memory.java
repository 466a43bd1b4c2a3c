package dev.multiproc.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The memory figures of the side-by-side run: the caller's heap and its workers' resident sets. */
final class Memory {
  private static final double MB = 1024.0 * 1024.0;

  private Memory() {}

  /**
   * Returns the heap this JVM uses after a full collection: what it holds, not its garbage.
   *
   * @return megabytes
   */
  static double heapUsedMb() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MB;
  }

  /**
   * Returns the largest resident set ({@code VmRSS}) of the processes {@code pids}.
   *
   * @param pids the processes
   * @return megabytes
   * @throws IllegalStateException if there is none, or one has ended
   */
  static double largestRssMb(List<Long> pids) {
    if (pids.isEmpty()) {
      throw new IllegalStateException("no worker to measure");
    }
    double largest = 0;
    for (long pid : pids) {
      largest = Math.max(largest, rssKb(pid) / 1024.0);
    }
    return largest;
  }

  /** The {@code VmRSS} line of {@code /proc/<pid>/status}, in kB. */
  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
      throw new IllegalStateException("no VmRSS line for pid " + pid);
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("worker " + pid + " ended before its memory was read", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
