package dev.multiproc.examples.seed003;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.pool.Pool;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Seed 003, "Separate Process IDs": six tasks on a pool of three report the pid they ran in;
 * every pid differs from the main process's.
 *
 * <p>Differences: none. How many distinct workers serve six tiny tasks depends on timing, as in
 * Python: one to three.
 */
public final class WorkerPids {
  private WorkerPids() {}

  /**
   * Return the current process ID. Python: {@code get_pid(_)}.
   *
   * @param ignored the item (unused)
   * @return this process's pid
   */
  public static long getPid(int ignored) {
    return Time.getpid();
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    long mainPid = Time.getpid();
    System.out.println("Main process PID: " + mainPid);

    List<Long> pids;
    try (Pool pool = Multiprocessing.local().pool(3)) {
      pids = pool.map(WorkerPids::getPid, IntStream.range(0, 6).boxed().toList());
    }

    System.out.println("Worker PIDs:      " + pids);
    Set<Long> uniquePids = new TreeSet<>(pids);
    System.out.println("Unique workers:   " + uniquePids);
    System.out.println();
    System.out.println(
        "All worker PIDs differ from main: " + pids.stream().allMatch(pid -> pid != mainPid));
    System.out.println("Number of unique workers: " + uniquePids.size());
  }
}
