package dev.multiproc.internal.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a process family's logs say is still to be cleaned up, read as the logs grow.
 *
 * <p>Each member appends to {@code <pid>.log} in the family's directory, one line per event:
 * <pre>
 *   @&lt;start&gt;              the writer's start time (first line), so a reused pid is not taken for it
 *   +/dev/shm/x / -/dev/shm/x   a segment, socket file or directory created / removed
 *   +pgid:&lt;pid&gt;:&lt;start&gt;      a worker started as the leader of process group pid
 * </pre>
 * The tracker appends {@code -pgid:<pid>} to {@value #DONE} once it has ended a group. A path or
 * group is outstanding while it was added more often than removed, in whatever order the logs are
 * read.
 */
final class FamilyLog {
  /** The name prefix of a family's directory in the temporary directory. */
  static final String PREFIX = "multiproc-res-";

  /** The environment variable that marks the processes of a family. */
  static final String FAMILY_ENV = "MULTIPROC_FAMILY";

  /** A member's log: {@code <pid>.log}. */
  static final String LOG_SUFFIX = ".log";

  /** The tracker's own record of the groups it ended. */
  static final String DONE = "tracker.done";

  /** The pid of the family's running tracker, written once it runs. */
  static final String TRACKER_PID = "tracker.pid";

  /** The tracker's stderr. */
  static final String TRACKER_ERR = "tracker.err";

  static final String GROUP = "pgid:";

  private final Map<String, Integer> counts = new LinkedHashMap<>();
  private final Map<Long, Long> groupStarts = new HashMap<>();
  private final Map<Long, Long> members = new LinkedHashMap<>();
  private final Map<String, Long> offsets = new HashMap<>();
  private boolean refreshed;

  /**
   * Reads what was appended to the logs in {@code dir} since the last call (the tracker's record
   * only the first time: after that, the tracker that writes it keeps it by {@link #ended}).
   *
   * @param dir the family's directory
   * @throws IOException if it cannot be listed
   */
  void refresh(Path dir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        long writer = writerOf(name);
        if (writer == 0 || (writer == -1 && refreshed)) {
          continue; // the tracker's own record is read once, when it starts: then it keeps it
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
          long from = offsets.getOrDefault(name, 0L);
          long size = ch.size();
          if (size <= from) {
            continue;
          }
          ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - from, 1 << 24));
          ch.read(buf, from);
          int end = lastNewline(buf.array(), buf.position());
          if (end > 0) {
            add(writer, new String(buf.array(), 0, end, StandardCharsets.UTF_8));
            offsets.put(name, from + end);
          }
        } catch (IOException e) {
          // removed meanwhile
        }
      }
    }
    refreshed = true;
  }

  /**
   * Adds the whole content of one file of a family's directory.
   *
   * @param name the file's name
   * @param content its bytes
   */
  void add(String name, byte[] content) {
    long writer = writerOf(name);
    if (writer != 0) {
      add(
          writer,
          new String(content, 0, lastNewline(content, content.length), StandardCharsets.UTF_8));
    }
  }

  /** The writer of a file: a member's pid, -1 for the tracker's record, 0 for neither. */
  static long writerOf(String name) {
    if (name.equals(DONE)) {
      return -1;
    }
    if (!name.endsWith(LOG_SUFFIX)) {
      return 0;
    }
    try {
      return Long.parseLong(name.substring(0, name.length() - LOG_SUFFIX.length()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int lastNewline(byte[] b, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (b[i] == '\n') {
        return i + 1;
      }
    }
    return 0;
  }

  private void add(long writer, String lines) {
    if (writer > 0) {
      members.putIfAbsent(writer, ProcStat.ANY_START);
    }
    for (String line : lines.split("\n")) {
      if (line.length() < 2) {
        continue;
      }
      char op = line.charAt(0);
      String what = line.substring(1);
      try {
        if (op == '@' && writer > 0) {
          members.put(writer, Long.parseLong(what));
        } else if (op == '+' || op == '-') {
          String key = what;
          if (what.startsWith(GROUP)) {
            String[] f = what.substring(GROUP.length()).split(":");
            long pgid = Long.parseLong(f[0]);
            key = GROUP + pgid;
            if (f.length > 1) {
              groupStarts.put(pgid, Long.parseLong(f[1]));
            }
          } else if (!what.startsWith("/")) {
            continue;
          }
          counts.merge(key, op == '+' ? 1 : -1, FamilyLog::sum);
          if (what.startsWith(GROUP) && !counts.containsKey(key)) {
            groupStarts.remove(Long.parseLong(key.substring(GROUP.length())));
          }
        }
      } catch (RuntimeException e) {
        // a line cut short by a kill: ignore it
      }
    }
  }

  /**
   * Returns the files and directories still registered.
   *
   * @return their paths
   */
  Set<Path> files() {
    Set<Path> files = new LinkedHashSet<>();
    counts.forEach(
        (k, n) -> {
          if (n > 0 && k.startsWith("/")) {
            files.add(Path.of(k));
          }
        });
    return files;
  }

  /**
   * Returns the worker process groups not yet ended, each with its leader's start time.
   *
   * @return process group id → leader's start time
   */
  Map<Long, Long> groups() {
    Map<Long, Long> groups = new LinkedHashMap<>();
    counts.forEach(
        (k, n) -> {
          if (n > 0 && k.startsWith(GROUP)) {
            long pgid = Long.parseLong(k.substring(GROUP.length()));
            groups.put(pgid, groupStarts.getOrDefault(pgid, ProcStat.ANY_START));
          }
        });
    return groups;
  }

  /**
   * Records that a group was ended (or is not ours to end), so it is not looked at again.
   *
   * @param pgid the group
   */
  void ended(long pgid) {
    counts.merge(GROUP + pgid, -1, FamilyLog::sum);
    if (!counts.containsKey(GROUP + pgid)) {
      groupStarts.remove(pgid);
    }
  }

  /** Adds two counts; a count that reaches 0 drops its entry, so the map holds what is open. */
  private static @Nullable Integer sum(Integer a, Integer b) {
    int n = a + b;
    return n == 0 ? null : n;
  }

  /**
   * Returns the members that wrote a log, with their start times where known.
   *
   * @return pid → start time
   */
  Map<Long, Long> members() {
    return members;
  }

  /**
   * Whether a member that wrote a log, other than {@code except}, still runs.
   *
   * @param except a pid not to count
   * @return whether one runs
   */
  boolean anyMemberRunning(long except) {
    for (Map.Entry<Long, Long> m : members.entrySet()) {
      if (m.getKey() != except && ProcStat.running(m.getKey(), m.getValue())) {
        return true;
      }
    }
    return false;
  }
}
