package dev.multiproc.internal.shm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the resource tracker (and a later program's sweep) does to end a family: end the
 * processes its workers left, and remove its files. Runs in the tracker's JVM.
 *
 * <p>Process groups: each worker leads a group of its own, which the processes its tasks start
 * join. A group is ended with {@code kill(-pgid, SIGKILL)}, which reaches a stopped process too.
 * Its id is the leader's pid, so before it is signalled the tracker makes sure the number was not
 * given to another process since: while any member of a group lives, the kernel gives its number
 * to no new process, so a live process with that pid that is not the recorded leader (another
 * start time) means the group is gone, and it is left alone.
 */
final class FamilyCleanup {
  private static final Path SHM = Path.of("/dev/shm");

  private FamilyCleanup() {}

  /**
   * Ends the groups whose leader, a worker, no longer runs: what its tasks started and left.
   *
   * @param log the family's log
   * @return the groups dealt with, which need no more looking at
   */
  static List<Long> endOrphanedGroups(FamilyLog log) {
    List<Long> done = new ArrayList<>();
    for (Map.Entry<Long, Long> g : log.groups().entrySet()) {
      long pgid = g.getKey();
      Optional<ProcStat> leader = ProcStat.read(pgid);
      if (leader.isPresent()
          && leader.get().isStartedAt(g.getValue())
          && leader.get().isRunning()) {
        continue; // the worker runs
      }
      if (leader.isEmpty() || leader.get().isStartedAt(g.getValue())) {
        killGroup(pgid);
      }
      done.add(pgid);
    }
    return done;
  }

  /**
   * Ends every process of a family that has ended (or whose root has): each worker's group,
   * leader included, then every process marked with the family in its environment.
   *
   * @param log the family's log
   * @param dir the family's directory
   */
  static void endAll(FamilyLog log, Path dir) {
    for (Map.Entry<Long, Long> g : log.groups().entrySet()) {
      long pgid = g.getKey();
      Optional<ProcStat> leader = ProcStat.read(pgid);
      if (leader.isEmpty() || leader.get().isStartedAt(g.getValue())) {
        killGroup(pgid);
      }
    }
    for (long pid : marked(dir)) {
      Libc.kill((int) pid, Libc.SIGKILL);
    }
  }

  private static void killGroup(long pgid) {
    if (pgid > 1) {
      Libc.kill((int) -pgid, Libc.SIGKILL);
    }
  }

  /**
   * Returns the processes whose environment marks them as members of the family of {@code dir}:
   * its workers and everything they started, wherever the kernel re-parented it.
   *
   * @param dir the family's directory
   * @return their pids, not this process
   */
  static List<Long> marked(Path dir) {
    byte[] mark = (FamilyLog.FAMILY_ENV + "=" + dir).getBytes(StandardCharsets.UTF_8);
    long self = ProcessHandle.current().pid();
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"))) {
      for (Path p : proc) {
        long pid;
        try {
          pid = Long.parseLong(p.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid != self && hasEntry(p.resolve("environ"), mark)) {
          pids.add(pid);
        }
      }
    } catch (IOException e) {
      // no /proc: nothing found
    }
    return pids;
  }

  private static boolean hasEntry(Path environ, byte[] mark) {
    byte[] env;
    try {
      env = Files.readAllBytes(environ);
    } catch (IOException | RuntimeException e) {
      return false; // gone, or another user's
    }
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start == mark.length && Arrays.equals(env, start, i, mark, 0, mark.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  /**
   * Removes a registered path: a segment unless a live process still maps it (they hold a
   * shared {@code flock} on it), a socket file, or a private directory with what is in it. Links
   * are never followed: a link found where a resource was is not ours, and is left alone.
   *
   * @param path the path
   * @return true when nothing more is to be done for it; false to try again later
   */
  static boolean remove(Path path) {
    if (path.getParent() != null && path.getParent().equals(SHM)) {
      Libc.Result open = Libc.open(path.toString(), Libc.O_RDWR | Libc.O_NOFOLLOW, 0);
      if (open.failed()) {
        return true; // gone, or a link that is not ours
      }
      int fd = (int) open.value();
      try {
        if (Libc.flock(fd, Libc.LOCK_EX | Libc.LOCK_NB).failed()) {
          return false; // still mapped by a live process
        }
        Libc.unlink(path.toString());
        return true;
      } finally {
        Libc.close(fd);
      }
    }
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException e) {
      return true; // cannot be examined: nothing we can do
    }
    if (a.isSymbolicLink()) {
      return true;
    }
    if (a.isDirectory()) {
      SecureTree.deleteTree(path);
      return true;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // leave it
    }
    return true;
  }
}
