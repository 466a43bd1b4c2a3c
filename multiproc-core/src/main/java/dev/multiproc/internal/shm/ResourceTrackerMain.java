package dev.multiproc.internal.shm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The resource tracker's own JVM (see {@link ResourceTracker}). It runs from a copy of its few
 * classes in the family's directory, so it starts whatever class path or class loader the
 * family's root has.
 *
 * <pre>
 *   start:  leave the caller's session; write tracker.pid; sweep families that died unattended
 *   while the family lives, every POLL_MS:
 *           read what the logs gained; end the process group of each worker that ended
 *           (what its tasks started); once the root is gone for GRACE_MS, end what is left of
 *           the family (a frozen or stuck member)
 *   then:   end every process of the family; remove its segments (retrying those a live
 *           process still maps), socket files and directories; delete the family's directory
 * </pre>
 *
 * <p>Every class it uses must be listed in {@link ResourceTracker}'s copy, and none of them may
 * use another class of the library.
 */
public final class ResourceTrackerMain {
  private static final long POLL_MS = 100;
  private static final long RETRY_MS = 500;

  /** How long members may outlive their root before the tracker ends them: they exit at once. */
  private static final long GRACE_MS = 1500;

  private ResourceTrackerMain() {}

  /**
   * Runs the tracker.
   *
   * @param args the family directory, the root's pid and the root's start time
   * @throws Exception if interrupted
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long root = Long.parseLong(args[1]);
    long rootStart = Long.parseLong(args[2]);
    long self = ProcessHandle.current().pid();
    if (ProcStat.read(self).map(s -> s.session() != self).orElse(true)) {
      // no setsid program put it in a session of its own; only then: the first native call
      // links the FFM machinery, which costs this JVM more than the rest of its start
      Libc.setsid();
    }
    announce(dir);
    try {
      FamilySweep.sweep(java.util.Objects.requireNonNull(dir.getParent()), dir);
    } catch (RuntimeException e) {
      System.err.println("multiproc resource tracker: the sweep failed: " + e);
    }
    FamilyLog log = new FamilyLog();
    long rootGone = -1;
    boolean endedStragglers = false;
    while (true) {
      refresh(log, dir);
      done(log, dir, FamilyCleanup.endOrphanedGroups(log));
      boolean rootRuns = ProcStat.running(root, rootStart);
      if (!rootRuns && !log.anyMemberRunning(self)) {
        break;
      }
      if (!rootRuns) {
        long now = System.nanoTime();
        if (rootGone < 0) {
          rootGone = now;
        } else if (!endedStragglers && now - rootGone > GRACE_MS * 1_000_000) {
          FamilyCleanup.endAll(log, dir); // members that cannot notice: stopped or stuck
          endedStragglers = true;
        }
      }
      Thread.sleep(POLL_MS);
    }
    refresh(log, dir);
    FamilyCleanup.endAll(log, dir);
    Set<Path> left = log.files();
    while (true) {
      left.removeIf(FamilyCleanup::remove);
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(RETRY_MS);
    }
    SecureTree.deleteTree(dir);
  }

  private static void refresh(FamilyLog log, Path dir) {
    try {
      log.refresh(dir);
    } catch (IOException e) {
      // the directory is gone: someone removed it; what was read stands
    }
  }

  /** Writes this JVM's pid to tracker.pid, atomically: it is running now. */
  private static void announce(Path dir) throws IOException {
    Path tmp = dir.resolve(FamilyLog.TRACKER_PID + ".tmp");
    Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
    Files.move(
        tmp,
        dir.resolve(FamilyLog.TRACKER_PID),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** Records groups dealt with, so that a tracker started after this one leaves them. */
  private static void done(FamilyLog log, Path dir, Iterable<Long> groups) {
    StringBuilder lines = new StringBuilder();
    for (long pgid : groups) {
      log.ended(pgid);
      lines.append('-').append(FamilyLog.GROUP).append(pgid).append('\n');
    }
    if (lines.isEmpty()) {
      return;
    }
    try (OutputStream out =
        Files.newOutputStream(
            dir.resolve(FamilyLog.DONE), StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // a later tracker may look at them again: it checks before it signals
    }
  }
}
