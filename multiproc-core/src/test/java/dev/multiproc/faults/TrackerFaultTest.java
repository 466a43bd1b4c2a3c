package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.ProcessCensus;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the resource tracker: killed, killed with its family, unable to start; and the sweep
 * a later program makes, which must remove what a dead family left and touch nothing else.
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>tracker killed</td><td>SIGKILL of the tracker, later of the caller</td>
 *       <td>a new tracker runs; the family's segments, socket files and directories go</td></tr>
 *   <tr><td>tracker and caller killed</td><td>the caller frozen, the tracker killed, the caller
 *       killed</td><td>the next program's tracker removes all of it</td></tr>
 *   <tr><td>sweep</td><td>dead families, a live one, symlinks, a directory that is not
 *       private</td><td>only the dead families' things are removed</td></tr>
 *   <tr><td>tracker cannot start</td><td>its JVM refuses its flags</td><td>a clear error
 *       that names the tracker and the cause</td></tr>
 * </table>
 */
@ExtendWith(NoLeaksExtension.class)
class TrackerFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration GONE = Duration.ofSeconds(15);
  private static final List<String> NO_SPARES = List.of("-Dmultiproc.spares=0");

  @TempDir Path tmp;

  /** What the "resources" caller made. */
  private record Resources(
      List<Path> files, Path spawnDirectory, Path familyDirectory, long child) {
    static Resources of(CallerJvm caller) throws InterruptedException {
      caller.awaitLine("ready", WAIT);
      List<Path> files = new ArrayList<>();
      caller.values("segment").forEach(s -> files.add(Path.of("/dev/shm", s)));
      Path socket = Path.of(caller.await("socket", WAIT));
      files.add(socket);
      long child = Long.parseLong(caller.await("child", WAIT));
      return new Resources(
          files,
          caller.spawnDirectory().orElseThrow(),
          caller.familyDirectory().orElseThrow(),
          child);
    }

    void assertAllExist() {
      for (Path f : files) {
        assertTrue(Files.exists(f, LinkOption.NOFOLLOW_LINKS), f + " was removed too early");
      }
      assertTrue(Files.isDirectory(spawnDirectory));
      assertTrue(Files.isDirectory(familyDirectory));
    }

    void assertAllGone() throws InterruptedException {
      for (Path f : files) {
        assertTrue(CallerJvm.awaitGone(f, GONE), f + " left");
      }
      assertTrue(CallerJvm.awaitGone(spawnDirectory, GONE), spawnDirectory + " left");
      assertTrue(CallerJvm.awaitGone(familyDirectory, GONE), familyDirectory + " left");
      assertTrue(ProcessCensus.awaitGone(child, GONE), "child " + child + " left");
    }
  }

  private static List<Long> awaitTrackers(Path family, List<Long> not) throws Exception {
    long deadline = System.nanoTime() + GONE.toNanos();
    while (System.nanoTime() < deadline) {
      List<Long> trackers = new ArrayList<>(CallerJvm.trackersOf(family));
      trackers.removeAll(not);
      if (!trackers.isEmpty()) {
        return trackers;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no " + (not.isEmpty() ? "" : "new ") + "tracker for " + family);
  }

  private static void awaitStopped(long pid) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      if (stat.charAt(stat.lastIndexOf(')') + 2) == 'T') {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError(pid + " did not stop");
  }

  private static void signal(String signal, long pid) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
  }

  /* --------------- a dead tracker --------------- */

  @Test
  void trackerKilled_isRestarted_andCleansUpAfterTheCallerIsKilled() throws Exception {
    try (CallerJvm caller = CallerJvm.start(tmp, NO_SPARES, "resources")) {
      Resources r = Resources.of(caller);
      List<Long> first = awaitTrackers(r.familyDirectory(), List.of());
      for (long t : first) {
        signal("KILL", t);
      }
      List<Long> second = awaitTrackers(r.familyDirectory(), first);
      r.assertAllExist();
      caller.kill();
      r.assertAllGone();
      assertTrue(ProcessCensus.awaitAllGone(second, GONE), "the new tracker did not end");
    }
  }

  @Test
  void trackerAndCallerKilled_theNextProgramsSweepRemovesTheFamily() throws Exception {
    try (CallerJvm caller = CallerJvm.start(tmp, NO_SPARES, "resources")) {
      Resources r = Resources.of(caller);
      List<Long> trackers = awaitTrackers(r.familyDirectory(), List.of());
      signal("STOP", caller.pid()); // so that it cannot start another tracker
      awaitStopped(caller.pid());
      for (long t : trackers) {
        signal("KILL", t);
      }
      assertTrue(ProcessCensus.awaitAllGone(trackers, GONE));
      caller.kill();
      assertTrue(ProcessCensus.awaitGone(r.child(), GONE), "child left");
      r.assertAllExist(); // nobody cleaned up
      try (CallerJvm next = CallerJvm.start(tmp, NO_SPARES, "touch")) {
        assertTrue(next.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        r.assertAllGone();
      }
    }
  }

  @Test
  void callerKilledWhileItsTrackerStarts_leavesNothing() throws Exception {
    try (CallerJvm caller = CallerJvm.start(tmp, NO_SPARES, "resources")) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (caller.familyDirectory().isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      Path family = caller.familyDirectory().orElseThrow();
      caller.kill(); // the tracker is being started, or just was
      // a tracker that was started cleans up; if none was, the next program's sweep does
      assertTrue(ProcessCensus.awaitAllGone(CallerJvm.trackersOf(family), GONE));
      try (CallerJvm next = CallerJvm.start(tmp, NO_SPARES, "touch")) {
        assertTrue(next.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
      }
      assertTrue(CallerJvm.awaitGone(family, GONE), family + " left");
      var spawn = caller.spawnDirectory();
      assertTrue(spawn.isEmpty() || CallerJvm.awaitGone(spawn.get(), GONE), "socket dir left");
      String prefix = "mp-" + caller.pid() + "-";
      long end = System.nanoTime() + GONE.toNanos();
      List<String> left;
      do {
        try (var shm = Files.list(Path.of("/dev/shm"))) {
          left =
              shm.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).toList();
        }
      } while (!left.isEmpty() && System.nanoTime() < end && sleep20());
      assertTrue(left.isEmpty(), "segments left: " + left);
    }
  }

  private static boolean sleep20() throws InterruptedException {
    Thread.sleep(20);
    return true;
  }

  /* --------------- the sweep --------------- */

  @Test
  void sweep_removesOnlyWhatDeadFamiliesLeft() throws Exception {
    long dead = (1L << 22) + 1; // above the kernel's largest possible pid limit: never runs
    String me = Long.toString(ProcessHandle.current().pid());
    String token = Long.toHexString(System.nanoTime());
    // a dead family: its root and its only member are gone
    Path deadShm = Path.of("/dev/shm", "mp-sweeptest-dead-" + token);
    Files.createFile(deadShm);
    Path deadFamily =
        family("multiproc-res-" + dead + "-aaaa", (dead + 1) + ".log", "@1\n+" + deadShm + "\n");
    // a family whose root is gone but one member (this JVM) lives
    Path liveShm = Path.of("/dev/shm", "mp-sweeptest-live-" + token);
    Files.createFile(liveShm);
    Path liveFamily =
        family(
            "multiproc-res-" + dead + "-bbbb",
            me + ".log",
            "@" + startTime() + "\n+" + liveShm + "\n");
    // a link named like a dead family, to another directory: never followed
    Path victim = Files.createDirectory(tmp.resolve("victim"));
    Path victimFile = Files.writeString(victim.resolve("precious.txt"), "keep");
    Files.writeString(victim.resolve((dead + 1) + ".log"), "+" + victimFile + "\n");
    Path link = Files.createSymbolicLink(tmp.resolve("multiproc-res-" + dead + "-cccc"), victim);
    // a dead family's directory that others may write to: not ours to trust
    Path openShm = Path.of("/dev/shm", "mp-sweeptest-open-" + token);
    Files.createFile(openShm);
    Path open =
        family("multiproc-res-" + dead + "-dddd", (dead + 1) + ".log", "+" + openShm + "\n");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    try {
      try (CallerJvm next = CallerJvm.start(tmp, NO_SPARES, "touch")) {
        assertTrue(next.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        // its tracker sweeps when it starts, and removes its own directory when it ends
        Path own = next.familyDirectory().orElse(null);
        assertTrue(own == null || CallerJvm.awaitGone(own, GONE), "its tracker did not end");
      }
      assertFalse(Files.exists(deadShm), "the dead family's segment was left");
      assertFalse(Files.exists(deadFamily), "the dead family's directory was left");
      assertTrue(Files.exists(liveShm), "a live member's segment was removed");
      assertTrue(Files.isDirectory(liveFamily), "a live family's directory was removed");
      assertTrue(Files.isSymbolicLink(link), "the link was removed");
      assertTrue(Files.exists(victimFile), "a file behind a link was removed");
      assertTrue(Files.exists(openShm), "a segment named in a directory not private was removed");
    } finally {
      for (Path p : List.of(deadShm, liveShm, openShm)) {
        Files.deleteIfExists(p);
      }
    }
  }

  private Path family(String name, String log, String content) throws Exception {
    Path dir =
        Files.createDirectory(
            tmp.resolve(name),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.writeString(dir.resolve(log), content);
    return dir;
  }

  private static long startTime() throws Exception {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[19]);
  }

  /* --------------- a tracker that cannot start --------------- */

  @Test
  void trackerThatCannotStart_isAClearError() throws Exception {
    try (CallerJvm caller =
        CallerJvm.start(
            tmp,
            List.of("-Dmultiproc.spares=0", "-Dmultiproc.tracker.jvmFlags=-XX:+NoSuchTrackerFlag"),
            "tracker-fails")) {
      assertTrue(caller.process().waitFor(60, TimeUnit.SECONDS));
      List<String> errors = caller.values("error");
      assertFalse(errors.isEmpty(), () -> "no error: " + caller.stdout() + caller.stderr());
      String message = errors.getFirst();
      assertTrue(
          message.contains("resource tracker") && message.contains("NoSuchTrackerFlag"), message);
    }
  }
}
