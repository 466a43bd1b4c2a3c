package dev.multiproc.internal.shm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;

/**
 * The sweep each new tracker makes of the temporary directory: it cleans up after families that
 * are wholly gone and whose own tracker is gone too (both killed, say), as that tracker would
 * have. A family is left alone while its root, any member that wrote a log, or its tracker runs;
 * and a directory is looked at only if it is a real directory of this user with mode {@code 0700}
 * ({@link SecureTree}), so a link named like one leads nowhere.
 */
final class FamilySweep {
  private FamilySweep() {}

  /**
   * Sweeps the families in {@code tmp} other than {@code own}.
   *
   * @param tmp the temporary directory
   * @param own this tracker's family directory, not swept
   */
  static void sweep(Path tmp, Path own) {
    String ownName = own.getFileName().toString();
    SecureTree.forEachPrivate(
        tmp,
        name -> name.startsWith(FamilyLog.PREFIX) && !name.equals(ownName),
        (parent, name, dir) -> sweepOne(tmp.resolve(name), parent, name, dir));
  }

  private static void sweepOne(
      Path path, SecureDirectoryStream<Path> parent, Path name, SecureDirectoryStream<Path> dir)
      throws IOException {
    long root = rootOf(name.toString());
    if (root <= 0) {
      return;
    }
    FamilyLog log = new FamilyLog();
    long tracker = -1;
    for (Path entry : dir) {
      Path file = entry.getFileName();
      String n = file.toString();
      if (n.equals(FamilyLog.TRACKER_PID)) {
        tracker = parsePid(SecureTree.read(dir, file));
      } else if (FamilyLog.writerOf(n) != 0) {
        log.add(n, SecureTree.read(dir, file));
      }
    }
    if (trackerRuns(tracker, path)
        || ProcStat.running(root, log.members().getOrDefault(root, ProcStat.ANY_START))
        || log.anyMemberRunning(-1)) {
      return; // not ours to touch
    }
    FamilyCleanup.endAll(log, path);
    boolean all = true;
    for (Path p : log.files()) {
      all &= FamilyCleanup.remove(p);
    }
    if (all) {
      SecureTree.deleteTree(parent, name); // else a later sweep tries again
    }
  }

  /** The root's pid in a directory name {@code multiproc-res-<pid>-<random>}. */
  static long rootOf(String name) {
    String rest = name.substring(FamilyLog.PREFIX.length());
    int dash = rest.indexOf('-');
    try {
      return dash > 0 ? Long.parseLong(rest.substring(0, dash)) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long parsePid(byte[] content) {
    try {
      return Long.parseLong(new String(content, StandardCharsets.US_ASCII).strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Whether {@code pid} is a running tracker of the family in {@code dir}. */
  static boolean trackerRuns(long pid, Path dir) {
    if (!ProcStat.running(pid, ProcStat.ANY_START)) {
      return false;
    }
    try {
      String cmd =
          new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
              StandardCharsets.UTF_8);
      return cmd.contains("ResourceTrackerMain") && cmd.contains(dir.toString());
    } catch (IOException e) {
      return false;
    }
  }
}
