package dev.multiproc.examples.seed001;

import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 001, §8.3 "Memory Management and Resource Cleanup": three memory-intensive tasks on a pool
 * of 2 in try-with-resources, with this process's peak memory before and after.
 *
 * <p>Differences: Python's {@code resource.getrusage(RUSAGE_SELF).ru_maxrss} (peak resident
 * memory in kB, on Linux) is read here from {@code VmHWM} in {@code /proc/self/status}, which is
 * the same number. As in Python it is this process's: the lists are built in the workers, so it
 * hardly changes. Try-with-resources closes the pool (the tutorial's "BAD" manual {@code close()}
 * and {@code join()} are what it does for you).
 */
public final class MemoryManagement {
  private MemoryManagement() {}

  /**
   * Task that uses significant memory. Python: {@code memory_intensive_task(size)}.
   *
   * @param size how many numbers to list
   * @return their sum
   */
  public static long memoryIntensiveTask(int size) {
    // Create large list
    List<Integer> largeList = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      largeList.add(i);
    }
    // Process it
    return largeList.stream().mapToLong(Integer::longValue).sum();
  }

  /**
   * Returns this process's peak resident memory. Python: {@code ru_maxrss}.
   *
   * @return kilobytes
   */
  public static long maxRss() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("VmHWM:"))
          .map(l -> l.replaceAll("\\D", ""))
          .mapToLong(Long::parseLong)
          .findFirst()
          .orElse(-1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs the example. Python: {@code demonstrate_memory_management()}.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.out.println("Initial memory usage: " + maxRss());

    // GOOD: Use try-with-resources for automatic cleanup
    List<Long> results;
    try (Pool pool = Multiprocessing.local().pool(2)) {
      List<Integer> tasks = List.of(1_000_000, 1_000_000, 1_000_000);
      results = pool.map(MemoryManagement::memoryIntensiveTask, tasks);
    } // Pool automatically cleans up here: its workers have exited

    System.out.println("After processing: " + maxRss());
    System.out.println("Results: " + results);
  }
}
