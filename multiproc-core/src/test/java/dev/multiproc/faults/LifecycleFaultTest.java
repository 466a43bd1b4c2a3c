package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.pool.WorkerDiedException;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.testing.CapturedOutput;
import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.ProcessCensus;
import dev.multiproc.testing.ProcessStates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in the life of processes: what a task starts, callers killed at bad moments, frozen
 * workers, floods of output, signals to the caller. Each case kills or freezes real processes
 * and checks what is left.
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>task timeout</td><td>a task starts {@code sleep 120} and waits; its deadline
 *       passes</td><td>TaskTimeoutException; the sleep ends with the worker</td></tr>
 *   <tr><td>worker killed</td><td>SIGKILL of a worker whose task started a sleep</td>
 *       <td>WorkerDiedException; the sleep ends</td></tr>
 *   <tr><td>pool closed</td><td>a task starts a sleep and returns; {@code close()}</td>
 *       <td>the sleep ends with its worker</td></tr>
 *   <tr><td>child terminated / killed</td><td>a child process started a sleep</td>
 *       <td>the sleep ends with the child</td></tr>
 *   <tr><td>caller killed / caller exits</td><td>a pool task and a child each started a
 *       sleep</td><td>workers and sleeps end</td></tr>
 *   <tr><td>frozen, caller killed</td><td>SIGSTOP of an idle pool worker, a child and a spare,
 *       then SIGKILL of the caller</td><td>all three gone within 1 s</td></tr>
 *   <tr><td>caller killed in a worker's start-up</td><td>SIGKILL while the rendezvous socket
 *       exists</td><td>the worker, the socket file and the directories are removed</td></tr>
 *   <tr><td>caller killed while a spare warms up</td><td>SIGKILL at the spare's socket</td>
 *       <td>the same</td></tr>
 *   <tr><td>SIGTERM to the caller</td><td>a non-daemon child never ends</td><td>the caller
 *       exits within the bound; the child is terminated</td></tr>
 *   <tr><td>output flood</td><td>a child prints 400 MB without a newline to a caller with a
 *       48 MB heap</td><td>all of it relayed; a later line still arrives</td></tr>
 * </table>
 */
@ExtendWith(NoLeaksExtension.class)
class LifecycleFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** How long a process may take to end once it must: generous for a busy machine. */
  private static final Duration GONE = Duration.ofSeconds(10);

  /** Orphaned workers exit within 1 s, frozen or not. */
  private static final Duration ORPHAN = Duration.ofSeconds(1);

  private static final List<String> NO_SPARES = List.of("-Dmultiproc.spares=0");

  private final Context ctx = Multiprocessing.local();

  @TempDir Path tmp;

  private static long find(String text, String key) {
    Matcher m = Pattern.compile(key + "=(\\d+)").matcher(text);
    assertTrue(m.find(), () -> "no " + key + " in: " + text);
    return Long.parseLong(m.group(1));
  }

  private static void assertGone(long pid, Duration within, String what)
      throws InterruptedException {
    assertTrue(
        ProcessCensus.awaitGone(pid, within),
        () ->
            what
                + " still runs "
                + within.toMillis()
                + " ms later: "
                + ProcessCensus.describeRunning(List.of(pid)));
  }

  /* --------------- what a task starts ends with its worker --------------- */

  @Test
  void taskTimeout_endsTheProcessesTheTaskStarted() throws Exception {
    try (var output = new CapturedOutput();
        Pool pool = ctx.pool(PoolOptions.of(1).withTaskTimeout(Duration.ofSeconds(3)))) {
      AsyncResult<Long> r = pool.applyAsync(LifecycleTasks::startSleepAndWait, "timeoutSleep");
      assertTrue(output.awaitOut(s -> s.contains("timeoutSleep="), WAIT), output::out);
      long sleep = find(output.out(), "timeoutSleep");
      var e = assertThrows(ExecutionException.class, () -> r.get(WAIT));
      assertInstanceOf(TaskTimeoutException.class, e.getCause());
      assertGone(sleep, GONE, "the sleep a timed-out task started");
    }
  }

  @Test
  void workerKilledFromOutside_endsTheProcessesItsTaskStarted() throws Exception {
    try (var output = new CapturedOutput();
        Pool pool = ctx.pool(1)) {
      long worker = pool.apply(LifecycleTasks::pid, 0);
      AsyncResult<Long> r = pool.applyAsync(LifecycleTasks::startSleepAndWait, "killedSleep");
      assertTrue(output.awaitOut(s -> s.contains("killedSleep="), WAIT), output::out);
      long sleep = find(output.out(), "killedSleep");
      ProcessHandle.of(worker).orElseThrow().destroyForcibly();
      var e = assertThrows(ExecutionException.class, () -> r.get(WAIT));
      assertInstanceOf(WorkerDiedException.class, e.getCause());
      assertGone(sleep, GONE, "the sleep of a task whose worker was killed");
    }
  }

  @Test
  void poolClose_endsTheProcessesATaskLeftRunning() throws Exception {
    long sleep;
    try (Pool pool = ctx.pool(1)) {
      sleep = pool.apply(LifecycleTasks::startSleep, 0);
      assertTrue(ProcessStates.running(sleep));
    }
    assertGone(sleep, GONE, "the sleep a task left running when its pool closed");
  }

  @Test
  void childTerminatedOrKilled_endsItsGrandchildren() throws Exception {
    for (boolean kill : new boolean[] {false, true}) {
      try (var output = new CapturedOutput()) {
        ChildProcess child = ctx.process(LifecycleTasks::childStartsSleep, "grandchild").start();
        assertTrue(output.awaitOut(s -> s.contains("grandchild="), WAIT), output::out);
        long sleep = find(output.out(), "grandchild");
        if (kill) {
          child.kill();
        } else {
          child.terminate();
        }
        assertTrue(child.join(WAIT));
        assertEquals(kill ? -9 : -15, child.exitCode().orElseThrow());
        assertGone(
            sleep, GONE, "the grandchild of a " + (kill ? "killed" : "terminated") + " child");
      }
    }
  }

  /* --------------- the caller dies or exits --------------- */

  @Test
  void callerKilled_endsWorkersAndWhatTheirTasksStarted() throws Exception {
    try (CallerJvm caller = CallerJvm.start(tmp, NO_SPARES, "grandchildren", "wait")) {
      long worker = Long.parseLong(caller.await("poolWorker", WAIT));
      long poolSleep = Long.parseLong(caller.await("poolSleep", WAIT));
      long child = Long.parseLong(caller.await("child", WAIT));
      long childSleep = Long.parseLong(caller.await("childSleep", WAIT));
      caller.kill();
      assertGone(worker, ORPHAN, "the pool worker of a killed caller");
      assertGone(child, ORPHAN, "the child of a killed caller");
      assertGone(poolSleep, GONE, "the sleep a pool task of a killed caller started");
      assertGone(childSleep, GONE, "the sleep a child of a killed caller started");
    }
  }

  @Test
  void callerExits_endsWorkersAndWhatTheirTasksStarted() throws Exception {
    try (CallerJvm caller = CallerJvm.start(tmp, NO_SPARES, "grandchildren", "exit")) {
      long poolSleep = Long.parseLong(caller.await("poolSleep", WAIT));
      long childSleep = Long.parseLong(caller.await("childSleep", WAIT));
      caller.tell("exit");
      assertTrue(
          caller.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the caller did not exit");
      assertGone(poolSleep, GONE, "the sleep a pool task left when its caller exited");
      assertGone(childSleep, GONE, "the sleep of a daemon child when its caller exited");
    }
  }

  @Test
  void callerKilled_frozenWorkerSpareAndChildEndWithinOneSecond() throws Exception {
    try (CallerJvm caller = CallerJvm.start(tmp, List.of(), "frozen")) {
      long worker = Long.parseLong(caller.await("poolWorker", WAIT));
      long child = Long.parseLong(caller.await("child", WAIT));
      long spare = Long.parseLong(caller.await("spare", WAIT));
      for (long pid : List.of(worker, child, spare)) {
        new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
        awaitStopped(pid);
      }
      caller.kill();
      assertGone(worker, ORPHAN, "a frozen idle pool worker of a killed caller");
      assertGone(child, ORPHAN, "a frozen child of a killed caller");
      assertGone(spare, ORPHAN, "a frozen spare of a killed caller");
    }
  }

  @Test
  void callerKilledInAWorkersStartUp_leavesNothing() throws Exception {
    Path pause = tmp.resolve("pause");
    try (CallerJvm caller = CallerJvm.start(tmp, NO_SPARES, "starting", pause.toString())) {
      caller.awaitLine("starting", WAIT);
      Path socket = awaitSocket(caller);
      long worker = awaitFile(pause) ? workerOf(caller) : -1;
      caller.kill();
      Path spawn = socket.getParent();
      assertTrue(CallerJvm.awaitGone(socket, GONE), "socket file " + socket + " left");
      assertTrue(CallerJvm.awaitGone(spawn, GONE), "socket directory " + spawn + " left");
      if (worker > 0) {
        assertGone(worker, ORPHAN, "a worker in start-up whose caller was killed");
      }
      assertFamilyDirectoryGone(caller);
    }
  }

  @Test
  void callerKilledWhileASpareWarmsUp_leavesNothing() throws Exception {
    try (CallerJvm caller = CallerJvm.start(tmp, List.of(), "spare-warming")) {
      Path socket = awaitSocket(caller);
      caller.kill();
      assertTrue(CallerJvm.awaitGone(socket, GONE), "socket file " + socket + " left");
      assertTrue(CallerJvm.awaitGone(socket.getParent(), GONE), "socket directory left");
      assertFamilyDirectoryGone(caller);
    }
  }

  /**
   * A program whose own shutdown hook takes a while ends right after its first use of the library:
   * the library's hook has removed the workers' socket directory while the spare it began still
   * starts. Whether the spare's JVM was not yet launched ("at-once": it is not launched at all) or
   * already up and warming ("spare-started": it finds no socket and ends), nothing is printed on
   * the program's stderr. Before, the first printed an {@code ExceptionInInitializerError}
   * ("Shutdown in progress") and the second a {@code SocketException}.
   */
  @Test
  void callerExitsWhileItsSpareStarts_theSparePrintsNothing() throws Exception {
    for (String when : List.of("at-once", "spare-started")) {
      try (CallerJvm caller = CallerJvm.start(tmp, List.of(), "exit-slowly", when)) {
        assertTrue(caller.process().waitFor(60, TimeUnit.SECONDS), when + ": the caller hangs");
        assertEquals(0, caller.process().exitValue(), when + ": " + caller.stderr());
        assertTrue(
            caller.awaitStderrClosed(GONE), when + ": a JVM of it still runs: " + caller.stderr());
        assertEquals("", caller.stderr(), when + ": printed on the program's stderr");
        assertFamilyDirectoryGone(caller);
      }
    }
  }

  /* --------------- first contact --------------- */

  /**
   * A program's first pool, created right after its first use of the library, starts its own
   * two JVMs first: its spare starts only once they are up (on 2 cores a spare beside them made
   * the first result ~15% later). And with no recording running, the pool touched no JFR event
   * class (their first use sets up the JDK's event machinery: ~140 ms of CPU), while a recording
   * started later still gets its events.
   */
  @Test
  void firstPool_startsItsJvmsBeforeTheSpare_andLeavesJfrAloneUntilARecordingStarts()
      throws Exception {
    Path classes = tmp.resolve("classes.log");
    try (CallerJvm caller =
        CallerJvm.start(tmp, List.of("-Xlog:class+load:file=" + classes), "first-pool")) {
      assertTrue(caller.process().waitFor(60, TimeUnit.SECONDS), "the caller hangs");
      assertEquals(0, caller.process().exitValue(), caller.stderr());
      List<String> workers = caller.values("worker");
      List<String> spares = caller.values("spare");
      assertEquals(2, workers.size(), "the first pool's workers, kept: " + caller.stdout());
      assertEquals(1, spares.size(), "the spare: " + caller.stdout());
      long spareStart = Long.parseLong(spares.get(0).split(":")[1]);
      for (String w : workers) {
        assertTrue(
            Long.parseLong(w.split(":")[1]) < spareStart,
            "the spare started before the pool's worker " + w + ": " + caller.stdout());
      }
      assertTrue(
          Integer.parseInt(caller.await("taskEnded", WAIT)) >= 1,
          "a recording started after the first pool got no task events: " + caller.stdout());
    }
    List<String> loaded = Files.readAllLines(classes);
    int recordingAt = indexOf(loaded, "jdk.jfr.Recording ");
    assertTrue(recordingAt > 0, "the log of loaded classes has no recording");
    for (String line : loaded.subList(0, recordingAt)) {
      assertFalse(
          line.contains("dev.multiproc.internal.jfr.Task")
              || line.contains("dev.multiproc.internal.jfr.Worker")
              || line.contains("jdk.jfr.internal."),
          "loaded before any recording started: " + line);
    }
  }

  private static int indexOf(List<String> lines, String part) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(part)) {
        return i;
      }
    }
    return -1;
  }

  /* --------------- signals to the caller --------------- */

  @Test
  void sigtermToCaller_withANonDaemonChildThatNeverEnds_exitsWithinTheBound() throws Exception {
    for (String main : List.of("waits", "returns")) {
      try (CallerJvm caller = CallerJvm.start(tmp, NO_SPARES, "sigterm", main)) {
        long child = Long.parseLong(caller.await("child", WAIT));
        caller.awaitLine("ready", WAIT);
        if (main.equals("returns")) {
          awaitThread(caller.pid(), "multiproc-children-at-exit");
        }
        caller.process().destroy(); // SIGTERM
        assertTrue(
            caller.process().waitFor(10, TimeUnit.SECONDS),
            "main " + main + ": the caller hangs 10 s after SIGTERM; stderr: " + caller.stderr());
        assertGone(child, GONE, "main " + main + ": the non-daemon child after SIGTERM");
      }
    }
  }

  /* --------------- output --------------- */

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void outputFlood_withoutNewline_isRelayedWithBoundedMemory_andLaterLinesArrive()
      throws Exception {
    try (CallerJvm caller =
        CallerJvm.start(tmp, List.of("-Xmx48m", "-Dmultiproc.spares=0"), "flood", "400")) {
      String result = caller.await("relayed", Duration.ofMinutes(2));
      assertTrue(result.contains("after=true"), () -> result + "; stderr: " + caller.stderr());
      long relayed = Long.parseLong(result.substring(0, result.indexOf(' ')));
      assertTrue(relayed >= 400L << 20, result);
      assertTrue(caller.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertFalse(caller.stderr().contains("OutOfMemoryError"), caller.stderr());
    }
  }

  /* --------------- helpers --------------- */

  private static Path awaitSocket(CallerJvm caller) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      var dir = caller.spawnDirectory();
      if (dir.isPresent()) {
        try (var files = Files.list(dir.get())) {
          var socket =
              files.filter(f -> f.getFileName().toString().matches("w\\d+\\.sock")).findFirst();
          if (socket.isPresent()) {
            return socket.get();
          }
        } catch (java.io.IOException e) {
          // not there yet
        }
      }
      Thread.sleep(2);
    }
    throw new AssertionError("no rendezvous socket appeared; stderr: " + caller.stderr());
  }

  private static boolean awaitFile(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  private static long workerOf(CallerJvm caller) {
    return ProcessHandle.of(caller.pid())
        .orElseThrow()
        .children()
        .filter(h -> h.info().commandLine().map(c -> c.contains("WorkerMain")).orElse(false))
        .mapToLong(ProcessHandle::pid)
        .findFirst()
        .orElse(-1);
  }

  private static void assertFamilyDirectoryGone(CallerJvm caller) throws InterruptedException {
    var family = caller.familyDirectory();
    if (family.isPresent()) {
      assertTrue(
          CallerJvm.awaitGone(family.get(), GONE), "family directory " + family.get() + " left");
    }
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

  private static void awaitThread(long pid, String name) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
        // the kernel keeps the first 15 bytes of a thread's name
        String prefix = name.substring(0, Math.min(15, name.length()));
        boolean found =
            tasks.anyMatch(
                t -> {
                  try {
                    return Files.readString(t.resolve("comm")).strip().equals(prefix);
                  } catch (java.io.IOException e) {
                    return false;
                  }
                });
        if (found) {
          return;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no thread " + name + " in " + pid);
  }
}
