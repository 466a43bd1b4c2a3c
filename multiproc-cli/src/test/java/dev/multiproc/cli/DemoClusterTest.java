package dev.multiproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.internal.shm.ResourceTracker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@code multiproc demo --cluster} in this JVM, which starts 2 member JVMs on 127.0.0.1 and
 * joins them as a client, and checks what it prints, section by section, and that no member or
 * worker JVM is left afterwards. Slow (~15-30 s): real members, real workers.
 */
class DemoClusterTest {
  private static final Pattern MEMBER =
      Pattern.compile("   member (127\\.0\\.0\\.1:\\d+) \\(pid (\\d+)\\)");

  /** {@code pid 123}, {@code pid=123}, {@code pids [123, 124]}. */
  private static final Pattern PIDS = Pattern.compile("pid[ =](\\d+)|pids \\[([\\d, ]+)\\]");

  private static String output = "";
  private static int exitCode = -1;
  private static Set<Long> descendantsBefore = Set.of();

  @BeforeAll
  @Timeout(180)
  static void runDemo() {
    descendantsBefore = liveDescendants();
    PrintStream original = System.out;
    PrintStream originalErr = System.err;
    var bytes = new ByteArrayOutputStream();
    var capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    var errBytes = new ByteArrayOutputStream();
    System.setOut(capture);
    System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    try {
      exitCode = Main.commandLine().execute("demo", "--cluster");
    } finally {
      System.setOut(original);
      System.setErr(originalErr);
      originalErr.print(errBytes.toString(StandardCharsets.UTF_8));
      output = bytes.toString(StandardCharsets.UTF_8);
      original.print(output); // so a failing run can be read in the surefire report
    }
  }

  @AfterAll
  static void noMemberOrWorkerLeftBehind() {
    Set<Long> left = liveDescendants();
    left.removeAll(descendantsBefore);
    assertTrue(left.isEmpty(), () -> "processes left running: " + describe(left));
    // the pids the demo printed, members and workers, killed or stopped: none runs on
    Set<Long> printed =
        PIDS.matcher(output)
            .results()
            .map(r -> r.group(1) != null ? r.group(1) : r.group(2))
            .flatMap(Pattern.compile(", ")::splitAsStream)
            .map(Long::parseLong)
            .filter(pid -> pid != ProcessHandle.current().pid())
            .collect(Collectors.toSet());
    assertTrue(printed.size() >= 6, output); // 2 members and at least 4 workers
    Set<Long> alive =
        printed.stream()
            .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            .collect(Collectors.toSet());
    assertTrue(alive.isEmpty(), () -> "printed pids still running: " + describe(alive));
  }

  @Test
  void demo_exitsWithZero_afterStartingTwoMembersAndStoppingThem() {
    assertEquals(0, exitCode, output);
    List<MatchResult> members = members();
    assertEquals(2, members.size(), output);
    assertNotEquals(members.get(0).group(1), members.get(1).group(1), output);
    assertLine(
        "This JVM \\(pid "
            + ProcessHandle.current().pid()
            + "\\) joined as a client;"
            + " 2 members with 2 workers each are ready, [\\d,]+ ms after the start\\.");
    assertLine("Stopped in .* ms; member and worker JVMs left: none\\.");
    assertLine("Done in \\d+\\.\\d s: cluster start \\d+\\.\\d s, tour \\d+\\.\\d s\\..*");
  }

  @Test
  void sequentialVsParallel_tasksRanOnBothMembersInTheirWorkers() {
    assertLine("   Results match: true");
    assertLine("   Parallel, pool\\.map on 4 workers: +[\\d,]+ ms");
    Matcher task =
        Pattern.compile("     task \\d -> member (127\\.0\\.0\\.1:\\d+), worker pid (\\d+)")
            .matcher(output);
    Set<String> usedMembers = new HashSet<>();
    Set<Long> workers = new HashSet<>();
    int tasks = 0;
    while (task.find()) {
      tasks++;
      usedMembers.add(task.group(1));
      workers.add(Long.parseLong(task.group(2)));
    }
    assertEquals(DemoCommand.TASKS, tasks, output);
    assertEquals(
        members().stream().map(m -> m.group(1)).collect(Collectors.toSet()), usedMembers, output);
    Set<Long> notWorkers =
        members().stream().map(m -> Long.parseLong(m.group(2))).collect(Collectors.toSet());
    notWorkers.add(ProcessHandle.current().pid());
    assertTrue(workers.size() >= 2 && workers.stream().noneMatch(notWorkers::contains), output);
  }

  @Test
  void callbacksAndATaskThatThrows_behaveAsLocally() {
    assertLine("   callback:       riskyTask\\(4\\) = 25\\.0");
    assertLine(
        "   error callback: riskyTask\\(0\\) failed:"
            + " IllegalArgumentException: Cannot process zero!");
    assertLine(
        "   pool\\.map\\(riskyTask, \\[5, 2, 0, 1\\]\\) threw"
            + " IllegalArgumentException: Cannot process zero!");
    assertLine("     \\|     at dev\\.multiproc\\.cli\\.DemoTasks\\.riskyTask\\(.*");
  }

  @Test
  void workerKilledMidTask_onlyThatTaskFails() {
    assertLine(
        "   task 3: WorkerDiedException: worker ended while running a task: pid=\\d+,"
            + " worker=ClusterWorker@127\\.0\\.0\\.1:\\d+-\\d+, status=Killed\\[signal=9\\].*");
    for (int i = 0; i < 3; i++) {
      assertLine(
          "   task "
              + i
              + ": finished normally on member 127\\.0\\.0\\.1:\\d+,"
              + " worker pid \\d+");
    }
    assertLine(
        "   The pool carries on: pool\\.map\\(square, \\[1, 2, 3, 4\\]\\)"
            + " = \\[1, 4, 9, 16\\]");
  }

  @Test
  void perTaskTimeout_failsTheTaskAndThePoolGoesOn() {
    assertLine("   After [\\d,]+ ms: TaskTimeoutException: .*on member 127\\.0\\.0\\.1:\\d+.*");
    assertLine(
        "   The pool goes on: square\\(7\\) = 49, computed on member 127\\.0\\.0\\.1:\\d+,"
            + " worker pid \\d+");
  }

  @Test
  void sharing_processesOnTheMembersUseTheQueueThePipeAndTheCounter() {
    assertLine("   Producer put squares on a queue; this JVM got \\[1, 4, 9, 16, 25\\]");
    assertLine("   recv\\(\\): \"hello through a pipe from Greeter\"");
    assertLine(
        "   2 processes x 300 x 'v\\.set\\(v\\.get\\(\\) \\+ 1\\)' holding v\\.getLock\\(\\): 600"
            + " \\(none lost\\)");
    assertLine(
        "   2 processes x 300 x 'v\\.set\\(v\\.get\\(\\) \\+ 1\\)' without the lock  :"
            + " [\\d,]+ \\(.*\\)");
  }

  @Test
  void memberKilledMidMap_mapFailsNamingItAndThePoolGoesOnWithTheOther() {
    List<MatchResult> members = members();
    String victim = members.get(1).group(1);
    String survivor = members.get(0).group(1);
    assertLine(
        ".* kill -9 member "
            + Pattern.quote(victim)
            + " \\(pid "
            + members.get(1).group(2)
            + "\\) 300 ms in");
    assertLine(
        "   [\\d,]+ ms after the kill, pool\\.map threw MemberLostException; member\\(\\) = "
            + Pattern.quote(victim));
    assertLine("   Its \\d worker JVMs \\(pids \\[.*\\]\\) saw their member die and ended .*");
    assertLine(
        "   The pool goes on with 1 member: pool\\.map\\(square, \\[1, 2, 3, 4\\]\\) ="
            + " \\[1, 4, 9, 16\\], on member "
            + Pattern.quote(survivor));
  }

  private static List<MatchResult> members() {
    return MEMBER.matcher(output).results().toList();
  }

  private static void assertLine(String regex) {
    Pattern p = Pattern.compile(regex);
    assertTrue(
        output.lines().anyMatch(l -> p.matcher(l).matches()),
        () -> "no line matching \"" + regex + "\" in:\n" + output);
  }

  private static Set<Long> liveDescendants() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(h -> !ResourceTracker.isTracker(h)) // outlives its process family by design
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
