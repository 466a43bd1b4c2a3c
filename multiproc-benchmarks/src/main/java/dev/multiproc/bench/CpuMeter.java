package dev.multiproc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much CPU other processes on the machine used while a benchmark ran: all busy CPU time
 * ({@code /proc/stat}) minus that of this JVM and its descendants (live ones from {@code
 * /proc/PID/stat}, reaped ones from this JVM's {@code cutime}/{@code cstime}). On a 2-core machine
 * that other sessions share, this is what says whether a parallel figure can be trusted. Linux
 * only; elsewhere it reports nothing.
 */
final class CpuMeter {
  /** Linux's USER_HZ: the unit of the tick counts in {@code /proc}. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final long nanos;
  private final long busyTicks;
  private final long ownTicks;

  private CpuMeter(long nanos, long busyTicks, long ownTicks) {
    this.nanos = nanos;
    this.busyTicks = busyTicks;
    this.ownTicks = ownTicks;
  }

  /** Takes a reading now; its ticks are -1 where {@code /proc} cannot be read. */
  static CpuMeter now() {
    long own = ticks(ProcessHandle.current().pid());
    if (own >= 0) {
      for (ProcessHandle d : ProcessHandle.current().descendants().toList()) {
        own += Math.max(0, ticks(d.pid())); // one that just ended is in our cutime soon
      }
    }
    return new CpuMeter(System.nanoTime(), busyTicks(), own);
  }

  /**
   * Returns the CPUs that other processes kept busy on average since {@code start}, such as 0.4
   * (0.4 of one core), or NaN when it cannot be told.
   */
  double otherCoresSince(CpuMeter start) {
    if (busyTicks < 0 || start.busyTicks < 0 || ownTicks < 0 || start.ownTicks < 0) {
      return Double.NaN;
    }
    double seconds = (nanos - start.nanos) / 1e9;
    if (seconds <= 0) {
      return Double.NaN;
    }
    long other = (busyTicks - start.busyTicks) - (ownTicks - start.ownTicks);
    return Math.max(0, other / TICKS_PER_SECOND / seconds);
  }

  /** All busy ticks of all CPUs: the first line of {@code /proc/stat} without idle and iowait. */
  private static long busyTicks() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat")).getFirst();
      String[] f = line.trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(f[i]);
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** utime + stime + cutime + cstime of a process, or -1. */
  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after "pid (comm) ": state ppid ... field 14 utime is f[11]
      return Long.parseLong(f[11])
          + Long.parseLong(f[12])
          + Long.parseLong(f[13])
          + Long.parseLong(f[14]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
