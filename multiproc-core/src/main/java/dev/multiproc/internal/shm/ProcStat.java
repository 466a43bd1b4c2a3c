package dev.multiproc.internal.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process as {@code /proc/<pid>/stat} describes it: enough to tell a running process from a
 * zombie, and a process from a later one that reuses its pid (by its start time, in clock ticks
 * since boot).
 *
 * @param pid the process id
 * @param state its state letter ({@code R}, {@code S}, {@code T}, {@code Z} ...)
 * @param processGroup its process group id
 * @param session its session id (its own pid if it leads its session)
 * @param startTime when it started, in clock ticks since boot
 */
public record ProcStat(long pid, char state, long processGroup, long session, long startTime) {
  /** A start time that matches any process, for a pid whose start was not recorded. */
  public static final long ANY_START = -1;

  /**
   * Reads a process's stat.
   *
   * @param pid the process
   * @return its stat, or empty if there is no such process
   */
  public static Optional<ProcStat> read(long pid) {
    if (pid <= 0) {
      return Optional.empty();
    }
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    try {
      // the command name may hold spaces and parentheses: the fields start after the last ')'
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Optional.of(
          new ProcStat(
              pid,
              f[0].charAt(0),
              Long.parseLong(f[2]),
              Long.parseLong(f[3]),
              Long.parseLong(f[19])));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Returns this process's start time.
   *
   * @return the start time, in clock ticks since boot
   */
  public static long selfStartTime() {
    return read(ProcessHandle.current().pid()).map(ProcStat::startTime).orElse(ANY_START);
  }

  /**
   * Returns the start time of {@code pid}.
   *
   * @param pid a process
   * @return its start time, or {@link #ANY_START} if it is gone
   */
  public static long startTimeOf(long pid) {
    return read(pid).map(ProcStat::startTime).orElse(ANY_START);
  }

  /**
   * Whether {@code pid} runs (is not a zombie) and is the process that started at {@code
   * startTime}.
   *
   * @param pid a process id
   * @param startTime its recorded start, or {@link #ANY_START}
   * @return whether that very process still runs
   */
  public static boolean running(long pid, long startTime) {
    return read(pid).map(s -> s.isRunning() && s.isStartedAt(startTime)).orElse(false);
  }

  /**
   * Whether the process is not a zombie.
   *
   * @return whether it runs
   */
  public boolean isRunning() {
    return state != 'Z' && state != 'X' && state != 'x';
  }

  /**
   * Whether the process started at {@code time}.
   *
   * @param time a recorded start, or {@link #ANY_START}
   * @return whether it matches
   */
  public boolean isStartedAt(long time) {
    return time == ANY_START || time == startTime;
  }
}
