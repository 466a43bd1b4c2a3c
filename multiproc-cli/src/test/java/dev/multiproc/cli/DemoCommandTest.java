package dev.multiproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.internal.shm.ResourceTracker;
import dev.multiproc.internal.spawn.SpareWorkers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@code multiproc demo} in this JVM, on real worker processes, and checks what it prints.
 * The demo runs once; each test checks one section of its output.
 */
class DemoCommandTest {
  private static String output = "";
  private static String errors = "";
  private static int exitCode = -1;
  private static Set<Long> childrenBefore = Set.of();

  @BeforeAll
  @Timeout(60)
  static void runDemo() {
    childrenBefore = liveChildren();
    PrintStream original = System.out;
    PrintStream originalErr = System.err;
    var bytes = new ByteArrayOutputStream();
    var capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    var errBytes = new ByteArrayOutputStream();
    System.setOut(capture);
    System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    try {
      exitCode = Main.commandLine().execute("demo");
    } finally {
      System.setOut(original);
      System.setErr(originalErr);
      errors = errBytes.toString(StandardCharsets.UTF_8);
      originalErr.print(errors);
      capture.flush();
      output = bytes.toString(StandardCharsets.UTF_8);
      original.print(output); // so a failing run can be read in the surefire report
    }
  }

  @AfterAll
  static void noWorkerLeftBehind() throws InterruptedException {
    // The library keeps one spare worker warm for the next start; anything more is a leak.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Set<Long> leaked = newChildren();
    while (leaked.size() > 1 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      leaked = newChildren();
    }
    Set<Long> left = leaked;
    assertTrue(left.size() <= 1, () -> "worker processes left running: " + describe(left));
  }

  /* --------------- the run --------------- */

  @Test
  void demo_exitsWithZero() {
    assertEquals(0, exitCode, output);
  }

  @Test
  void demo_namesWorkerProcessesThatAreNotThisOne() {
    long me = ProcessHandle.current().pid();
    assertTrue(output.contains("This JVM is MainProcess (pid " + me + ")"), output);
    Matcher m = Pattern.compile("PoolWorker-\\d+ \\(pid (\\d+)\\)").matcher(output);
    Set<Long> workerPids =
        m.results().map(r -> Long.parseLong(r.group(1))).collect(Collectors.toSet());
    assertTrue(workerPids.size() >= 2, output);
    assertTrue(!workerPids.contains(me), output);
  }

  /* --------------- 1. sequential vs parallel --------------- */

  @Test
  void demo_showsMapProgressOnStderrOnly() {
    assertTrue(errors.contains("multiproc map: 8/8 items (100%)"), errors);
    assertTrue(errors.contains(", failed"), "the map that throws ends its line: " + errors);
    assertTrue(!output.contains("items/s"), output);
  }

  @Test
  void sequentialVsParallel_poolResultsEqualSequentialResults() {
    assertLine("   Results match: true");
    assertMatches("   Sequential, in this JVM: +[\\d,]+ ms");
    assertMatches("   Parallel, pool\\.map on \\d+ workers: +[\\d,]+ ms");
    assertMatches(
        "   Speedup over one worker: \\d+\\.\\d\\dx, with \\d+ workers on \\d+ processors?.*");
  }

  /* --------------- 2. child processes --------------- */

  @Test
  void childProcess_exitCodes() {
    assertMatches(
        "     \\[child\\] worker 'alpha' running in Worker-A \\(pid \\d+\\), parent pid "
            + ProcessHandle.current().pid());
    assertLine("   Joined:   name=Worker-A, isAlive=false, exitCode=0");
    assertLine("   SlowWorker after terminate() (SIGTERM) and join(): isAlive=false, exitCode=-15");
    assertLine(
        "   Quitter calls System.exit(3): exitCode=3 (only the child exits;"
            + " this JVM goes on)");
  }

  /* --------------- 3. and 4. callbacks, a task that throws --------------- */

  @Test
  void applyAsync_callbacksRun() {
    assertLine("   callback:       riskyTask(4) = 25.0");
    assertLine(
        "   error callback: riskyTask(0) failed:"
            + " IllegalArgumentException: Cannot process zero!");
  }

  @Test
  void map_taskThatThrows_callerGetsItsExceptionAndRemoteTraceback() {
    assertLine(
        "   pool.map(riskyTask, [5, 2, 0, 1]) threw"
            + " IllegalArgumentException: Cannot process zero!");
    assertLine("     | java.lang.IllegalArgumentException: Cannot process zero!");
    assertMatches("     \\|     at dev\\.multiproc\\.cli\\.DemoTasks\\.riskyTask\\(.*");
  }

  /* --------------- 5. and 6. a killed worker, a timeout --------------- */

  @Test
  void workerKilledMidTask_taskFailsAndPoolCarriesOn() {
    Matcher kill = Pattern.compile("   kill -9 (PoolWorker-\\d+) \\(pid (\\d+)\\)").matcher(output);
    assertTrue(kill.find(), output);
    assertMatches(
        "   task \\d: WorkerDiedException: worker ended while running a task: pid="
            + kill.group(2)
            + ", worker="
            + kill.group(1)
            + ", status=Killed\\[signal=9\\].*");
    if (Runtime.getRuntime().availableProcessors() > 1) { // one task per worker
      assertMatches("   task \\d: finished normally in PoolWorker-\\d+ \\(pid \\d+\\)");
    }
    assertLine("   The pool carries on: pool.map(square, [1, 2, 3, 4]) = [1, 4, 9, 16]");
    Matcher now =
        Pattern.compile("   Workers now: (.*); new: (PoolWorker-\\d+ \\(pid \\d+\\))")
            .matcher(output);
    assertTrue(now.find(), output);
    assertTrue(!now.group(1).contains("pid " + kill.group(2) + ")"), output);
  }

  @Test
  void taskTimeout_taskFailsAndPoolGoesOn() {
    assertMatches(
        "   After [\\d,]+ ms: TaskTimeoutException: task ran longer than its timeout"
            + " and its worker was killed: timeout=PT0\\.5S, pid=\\d+");
    assertMatches(
        "   The pool goes on: square\\(7\\) = 49, computed by PoolWorker-\\d+ \\(pid \\d+\\)");
  }

  /* --------------- helpers --------------- */

  @Test
  void section7_sharesAQueueAPipeAndACounterAcrossProcesses() {
    assertLine("   Producer put squares on a queue; this JVM got [1, 4, 9, 16, 25]");
    assertLine("   recv(): \"hello through a pipe from Greeter\"");
    assertLine(
        "   2 processes x 200,000 x 'v.set(v.get() + 1)' holding v.getLock(): 400,000"
            + " (none lost)");
    assertMatches(
        "   2 processes x 200,000 x 'v\\.set\\(v\\.get\\(\\) \\+ 1\\)' without the lock  :"
            + " [\\d,]+ \\(.*\\)");
  }

  private static void assertLine(String line) {
    List<String> lines = output.lines().toList();
    assertTrue(lines.contains(line), () -> "no line \"" + line + "\" in:\n" + output);
  }

  private static void assertMatches(String regex) {
    Pattern p = Pattern.compile(regex);
    assertTrue(
        output.lines().anyMatch(l -> p.matcher(l).matches()),
        () -> "no line matching \"" + regex + "\" in:\n" + output);
  }

  private static Set<Long> newChildren() {
    Set<Long> children = liveChildren();
    children.removeAll(childrenBefore);
    // workers the demo's closed pools left for the next pool: idle, and gone within 60 s
    children.removeAll(SpareWorkers.get().keptPids());
    return children;
  }

  private static Set<Long> liveChildren() {
    return ProcessHandle.current()
        .children()
        .filter(ProcessHandle::isAlive)
        .filter(h -> !ResourceTracker.isTracker(h)) // outlives this JVM by design
        .map(ProcessHandle::pid)
        .collect(Collectors.toCollection(HashSet::new));
  }

  private static String describe(Set<Long> pids) {
    return pids.stream()
        .map(
            pid ->
                pid + " " + ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse(""))
        .collect(Collectors.joining("; "));
  }
}
