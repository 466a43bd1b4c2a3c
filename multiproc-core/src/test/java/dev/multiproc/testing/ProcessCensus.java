package dev.multiproc.testing;

import dev.multiproc.internal.shm.ResourceTracker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Counts what a test may leak: this JVM's open file descriptors and threads, and the processes of
 * its family, grandchildren included.
 *
 * <p>A process of a family is found two ways: as a descendant of this JVM, and by the family mark
 * every worker JVM and everything it starts inherits in its environment ({@value
 * ResourceTracker#FAMILY_ENV}), which still finds a grandchild that its dead parent left to
 * {@code init}. Resource trackers, which outlive their family by design, are not counted.
 */
public final class ProcessCensus {
  private ProcessCensus() {}

  /**
   * What this JVM holds at one moment.
   *
   * @param fds open file descriptors
   * @param threads live threads (kernel tasks: platform threads and the JVM's own)
   * @param processes running processes of this JVM's family, grandchildren included
   */
  public record Snapshot(int fds, int threads, Set<Long> processes) {
    /**
     * Takes a snapshot now.
     *
     * @return the snapshot
     */
    public static Snapshot take() {
      return new Snapshot(
          ProcessCensus.openFds(), ProcessCensus.threads(), ProcessCensus.processes());
    }
  }

  /**
   * Returns how many file descriptors this JVM has open.
   *
   * @return the count of {@code /proc/self/fd}
   */
  public static int openFds() {
    return count(Path.of("/proc/self/fd"));
  }

  /**
   * Returns how many threads this JVM runs.
   *
   * @return the count of {@code /proc/self/task}
   */
  public static int threads() {
    return count(Path.of("/proc/self/task"));
  }

  /**
   * Returns the running processes of this JVM's family: its descendants and every process marked
   * with its family, except resource trackers.
   *
   * @return their pids
   */
  public static Set<Long> processes() {
    Set<Long> pids = new TreeSet<>(familyProcesses(ResourceTracker.directory()));
    ProcessHandle.current()
        .descendants()
        .filter(h -> !ResourceTracker.isTracker(h))
        .map(ProcessHandle::pid)
        .filter(ProcessStates::running)
        .forEach(pids::add);
    return pids;
  }

  /**
   * Returns the running processes whose environment marks them as members of the family whose
   * resource directory is {@code familyDirectory}: its workers and everything they started.
   *
   * @param familyDirectory a family's resource directory
   * @return their pids
   */
  public static Set<Long> familyProcesses(Path familyDirectory) {
    byte[] mark =
        (ResourceTracker.FAMILY_ENV + "=" + familyDirectory).getBytes(StandardCharsets.UTF_8);
    Set<Long> pids = new TreeSet<>();
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"))) {
      for (Path p : proc) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long pid = Long.parseLong(name);
        if (pid != ProcessHandle.current().pid()
            && hasEntry(p.resolve("environ"), mark)
            && ProcessStates.running(pid)) {
          pids.add(pid);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return pids;
  }

  /**
   * Waits until {@code pid} no longer runs (a zombie counts as ended).
   *
   * @param pid a process
   * @param within how long to wait
   * @return whether it ended in time
   * @throws InterruptedException if interrupted
   */
  public static boolean awaitGone(long pid, Duration within) throws InterruptedException {
    return awaitAllGone(Set.of(pid), within);
  }

  /**
   * Waits until none of {@code pids} runs.
   *
   * @param pids processes
   * @param within how long to wait
   * @return whether all ended in time
   * @throws InterruptedException if interrupted
   */
  public static boolean awaitAllGone(Collection<Long> pids, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      if (pids.stream().noneMatch(ProcessStates::running)) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
  }

  /**
   * Returns those of {@code pids} that still run, each with its command line, for a message.
   *
   * @param pids processes
   * @return a description of the running ones
   */
  public static String describeRunning(Collection<Long> pids) {
    Set<Long> running = new HashSet<>(pids);
    running.removeIf(pid -> !ProcessStates.running(pid));
    return running.stream()
        .map(
            pid ->
                pid + " " + ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("?"))
        .collect(Collectors.joining("; ", "[", "]"));
  }

  private static boolean hasEntry(Path environ, byte[] mark) {
    byte[] env;
    try {
      env = Files.readAllBytes(environ);
    } catch (IOException | SecurityException e) {
      return false; // gone, or another user's
    }
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start == mark.length
            && java.util.Arrays.equals(env, start, i, mark, 0, mark.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  private static int count(Path dir) {
    try (var entries = Files.list(dir)) {
      return (int) entries.count();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + dir, e);
    }
  }
}
