package dev.multiproc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What else ran on the machine during the benchmark: the CPU time of every process that is not
 * this JVM or one of its descendants, taken from {@code /proc/PID/stat} at the start and at the
 * end, summed by a short label of its command line. A process that started and ended in between
 * is not seen; its share shows only in {@link CpuMeter}'s total. Linux only.
 */
final class OtherProcesses {
  private static final double TICKS_PER_SECOND = 100.0;

  private final long nanos;

  /** pid → {ticks, label}. */
  private final Map<Long, Object[]> seen;

  private OtherProcesses(long nanos, Map<Long, Object[]> seen) {
    this.nanos = nanos;
    this.seen = seen;
  }

  /** Reads every other process's CPU time now. */
  static OtherProcesses now() {
    Set<Long> ours = new HashSet<>();
    ours.add(ProcessHandle.current().pid());
    ProcessHandle.current().descendants().forEach(h -> ours.add(h.pid()));
    Map<Long, Object[]> seen = new HashMap<>();
    try (DirectoryStream<Path> all = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : all) {
        long pid = Long.parseLong(p.getFileName().toString());
        if (ours.contains(pid)) {
          continue;
        }
        try {
          String stat = Files.readString(p.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
          seen.put(pid, new Object[] {ticks, label(p, stat)});
        } catch (IOException | RuntimeException e) {
          // it ended meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      // no /proc
    }
    return new OtherProcesses(System.nanoTime(), seen);
  }

  private static String label(Path proc, String stat) throws IOException {
    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    String[] args =
        new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
    if (comm.equals("java")) {
      for (int i = 1; i < args.length; i++) {
        String a = args[i];
        if (a.equals("-cp") || a.equals("-classpath") || a.equals("-jar")) {
          i++;
          if (a.equals("-jar") && i < args.length) {
            return "java -jar " + Path.of(args[i]).getFileName();
          }
        } else if (!a.startsWith("-") && !a.startsWith("@")) {
          return "java " + a.substring(a.lastIndexOf('.') + 1);
        }
      }
    }
    return comm;
  }

  /**
   * Returns the busiest other commands since {@code start}, such as {@code "java ForkedBooter
   * 0.9, mvn 0.3"} (in cores), or an empty string.
   */
  String busiestSince(OtherProcesses start, int top) {
    double seconds = (nanos - start.nanos) / 1e9;
    if (seconds <= 0) {
      return "";
    }
    Map<String, Long> byLabel = new HashMap<>();
    for (var e : seen.entrySet()) {
      Object[] before = start.seen.get(e.getKey());
      long was = before == null ? 0 : (Long) before[0];
      long used = (Long) e.getValue()[0] - was;
      if (used > 0) {
        byLabel.merge((String) e.getValue()[1], used, Long::sum);
      }
    }
    List<String> parts =
        byLabel.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(top)
            .filter(e -> e.getValue() / TICKS_PER_SECOND / seconds >= 0.01)
            .map(
                e ->
                    String.format(
                        Locale.ROOT,
                        "%s %.2f",
                        e.getKey(),
                        e.getValue() / TICKS_PER_SECOND / seconds))
            .collect(Collectors.toList());
    return String.join(", ", parts);
  }
}
