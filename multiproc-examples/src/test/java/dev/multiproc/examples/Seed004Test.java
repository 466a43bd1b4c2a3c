package dev.multiproc.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.examples.seed004.Executor;
import dev.multiproc.examples.testing.ExampleRun;
import dev.multiproc.testing.NoLeaksExtension;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seed 004's examples, run as a reader of the cheat sheet would check them. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class Seed004Test {
  private static final long ME = ProcessHandle.current().pid();

  @AfterEach
  void restoreSystemOut() {
    ExampleRun.restore();
  }

  @Test
  void creatingProcesses_fourWorkersInFourOtherProcesses() throws Exception {
    ExampleRun run = ExampleRun.of("004-creating-processes");
    run.await("four workers", out -> run.all("^Worker \\d, PID: (\\d+)$").size() == 4);
    assertEquals(Set.of("0", "1", "2", "3"), Set.copyOf(run.all("^Worker (\\d), PID")));
    Set<String> pids = Set.copyOf(run.all("^Worker \\d, PID: (\\d+)$"));
    assertEquals(4, pids.size(), run.out());
    assertFalse(pids.contains(Long.toString(ME)), run.out());
    assertEquals(Long.toString(ME), run.one("^Main process PID: (\\d+)$"));
  }

  @Test
  void processPool_printsBothTimesAndSameResults() throws Exception {
    ExampleRun run = ExampleRun.of("004-process-pool");
    // 8·10^7 multiply-adds take tens of milliseconds at least: a time that rounds to 0.00 s
    // means the loop did not run (or the clock is not read)
    assertTrue(Double.parseDouble(run.one("^Sequential: (\\d+\\.\\d\\d)s$")) > 0, run.out());
    assertTrue(Double.parseDouble(run.one("^Parallel: (\\d+\\.\\d\\d)s$")) > 0, run.out());
    run.awaitLines("Results match: true");
  }

  @Test
  void poolMethods_printPythonsResults() throws Exception {
    ExampleRun run = ExampleRun.of("004-pool-methods");
    run.awaitLines(
        "map: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]",
        "starmap: [3, 7, 11]",
        "apply_async: 100",
        "map_async: [0, 1, 4, 9, 16]");
  }

  @Test
  void queue_consumerGetsEveryItemInOrder() throws Exception {
    ExampleRun run = ExampleRun.of("004-queue");
    run.await("five consumed items", out -> run.all("^Consumed: (\\d+)$").size() == 5);
    assertEquals(List.of("0", "1", "2", "3", "4"), run.all("^Consumed: (\\d+)$"));
    assertEquals(List.of("0", "1", "2", "3", "4"), run.all("^Produced: (\\d+)$"));
  }

  @Test
  void pipe_messagesGoBothWays() throws Exception {
    ExampleRun run = ExampleRun.of("004-pipe");
    run.awaitLines(
        "Receiver got: Hello from sender", "Receiver got: [1, 2, 3]", "Sender received: Thanks!");
  }

  @Test
  void valueAndArray_lockedCounterReaches40000AndArrayIsDoubled() throws Exception {
    ExampleRun run = ExampleRun.of("004-value-array");
    run.awaitLines("Counter: 40000", "Array: [2.0, 4.0, 6.0, 8.0]");
  }

  @Test
  void synchronization_lockedCounterReaches40000() throws Exception {
    ExampleRun run = ExampleRun.of("004-synchronization");
    run.awaitLines("Counter: 40000");
  }

  @Test
  void daemon_runsInTheBackgroundUntilTerminated() throws Exception {
    ExampleRun run = ExampleRun.of("004-daemon");
    run.awaitLines("Main process exiting, daemon will be terminated", "Daemon exit code: -15");
    assertTrue(run.count("Background process running...") >= 1, run.out());
  }

  @Test
  void termination_terminateRunsTheShutdownHookAndKillEndsAStubbornChild() throws Exception {
    ExampleRun run = ExampleRun.of("004-termination");
    run.awaitLines(
        "Graceful shutdown",
        "LongRunning exit code: -15",
        "Stubborn still alive after terminate(): kill()",
        "Stubborn exit code: -9");
    assertTrue(run.count("Working...") >= 1, run.out());
    assertFalse(run.out().contains("LongRunning still alive"), run.out());
  }

  @Test
  void executor_asCompletedGivesEveryResultAndMapKeepsOrder() throws Exception {
    ExampleRun run = ExampleRun.of("004-executor");
    long expected = Executor.compute(10_000_000L);
    assertEquals(
        List.of(expected, expected, expected, expected),
        run.all("^Result: (-?\\d+)$").stream().map(Long::valueOf).toList());
    run.awaitLines(
        "All results: [" + expected + ", " + expected + ", " + expected + ", " + expected + "]");
  }

  @Test
  void threadsVsProcesses_printsThreeTimes() throws Exception {
    ExampleRun run = ExampleRun.of("004-threads-vs-processes");
    Set<String> kinds = new HashSet<>(run.all("^(Sequential|Threads|Processes): \\d+\\.\\d\\ds$"));
    assertEquals(Set.of("Sequential", "Threads", "Processes"), kinds, run.out());
  }

  @Test
  void manager_everyWorkerWroteToTheDictAndTheList() throws Exception {
    ExampleRun run = ExampleRun.of("004-manager");
    run.awaitLines("Dict: {0=0, 1=10, 2=20, 3=30}");
    List<String> list =
        new java.util.ArrayList<>(List.of(run.one("^List: \\[(.*)\\]$").split(", ")));
    list.sort(null);
    assertEquals(List.of("0", "1", "2", "3"), list, run.out());
  }
}
