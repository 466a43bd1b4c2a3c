package dev.multiproc.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.examples.testing.ExampleRun;
import dev.multiproc.testing.NoLeaksExtension;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seed 003's examples, run as a reader of the notebook would check them. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class Seed003Test {
  private static final String ME = Long.toString(ProcessHandle.current().pid());

  @AfterEach
  void restoreSystemOut() {
    ExampleRun.restore();
  }

  @Test
  void environment_printsThisPidAndCpuCount() throws Exception {
    ExampleRun run = ExampleRun.of("003-environment");
    assertEquals(ME, run.one("^Java process PID: (\\d+)$"));
    assertEquals(
        Runtime.getRuntime().availableProcessors(),
        Integer.parseInt(run.one("^CPU count: (\\d+)$")));
  }

  @Test
  void createProcess_childReportsItsPidAndThisAsParent() throws Exception {
    ExampleRun run = ExampleRun.of("003-create-process");
    run.awaitLines("Before start: is_alive=false, pid=None");
    // "is_alive" right after start is a race, in Python too: a child this short may already have
    // ended when the parent asks (a parent descheduled for ~15 ms on a busy machine sees false).
    // What is not a race: the pid is known at once, and it is the child's own.
    String childPid = run.one("^After start:  is_alive=(?:true|false), pid=(\\d+)$");
    run.awaitLines(
        "Worker 'alpha' running in PID " + childPid + " (parent PID: " + ME + ")",
        "After join:   is_alive=false, exitcode=0");
  }

  @Test
  void lifecycle_exitCodesZeroThenNoneThenMinus15() throws Exception {
    ExampleRun run = ExampleRun.of("003-lifecycle");
    run.awaitLines(
        "Created:  name=QuickWorker, alive=false, exitcode=None",
        "Started:  name=QuickWorker, alive=true, exitcode=None",
        "Finished: name=QuickWorker, alive=false, exitcode=0",
        "After timeout: alive=true, exitcode=None",
        "After terminate: alive=false, exitcode=-15");
  }

  @Test
  void separateMemory_everySquareComesBackFromAChild() throws Exception {
    ExampleRun run = ExampleRun.of("003-separate-memory");
    List<String> lines = run.all("^  (\\d\\^2 = \\d+) \\(computed by PID \\d+\\)$");
    assertEquals(Set.of("0^2 = 0", "1^2 = 1", "2^2 = 4", "3^2 = 9"), Set.copyOf(lines));
    assertEquals(4, lines.size());
    assertFalse(run.all("computed by PID (\\d+)").contains(ME), run.out());
  }

  @Test
  void namesAndDaemon_childrenKnowTheirNames() throws Exception {
    ExampleRun run = ExampleRun.of("003-names-daemon");
    run.await(
        "three named workers",
        out -> run.all("^  Process name=(\\S+), PID=\\d+, daemon=").size() == 3);
    assertEquals(
        Set.of("Worker-A", "Worker-B", "Daemon-Worker"),
        Set.copyOf(run.all("^  Process name=(\\S+), PID=\\d+, daemon=")));
    assertEquals("true", run.one("^  Process name=Daemon-Worker, PID=\\d+, daemon=(\\w+)$"));
    run.awaitLines("  p3 daemon=true, exitcode=0");
  }

  @Test
  void poolMap_squaresAndPowers() throws Exception {
    ExampleRun run = ExampleRun.of("003-pool-map");
    run.awaitLines(
        "Squared: [1, 4, 9, 16, 25, 36, 49, 64]",
        "  2^3 = 8",
        "  3^3 = 27",
        "  4^2 = 16",
        "  5^2 = 25",
        "  10^3 = 1000");
  }

  @Test
  void applyAsync_notReadyEarlyThenAllResults() throws Exception {
    ExampleRun run = ExampleRun.of("003-apply-async");
    // five 0.3 s tasks on two workers: the last ones cannot be ready 0.1 s after submitting
    assertEquals("false", run.one("^  Task 5: ready=(\\w+)$"), run.out());
    run.awaitLines("  1^2 = 1", "  2^2 = 4", "  3^2 = 9", "  4^2 = 16", "  5^2 = 25");
  }

  @Test
  void workerPids_allDifferFromMain() throws Exception {
    ExampleRun run = ExampleRun.of("003-worker-pids");
    run.awaitLines("All worker PIDs differ from main: true");
    int unique = Integer.parseInt(run.one("^Number of unique workers: (\\d)$"));
    assertTrue(unique >= 1 && unique <= 3, run.out());
  }

  @Test
  void sequentialVsParallel_printsTimesSpeedupAndMatchingResults() throws Exception {
    ExampleRun run = ExampleRun.of("003-sequential-vs-parallel");
    assertTrue(Double.parseDouble(run.one("^Parallel time: +(\\d+\\.\\d{3})s$")) > 0);
    run.one("^Sequential time: (\\d+\\.\\d{3})s$");
    run.one("^Speedup: +(\\d+\\.\\d\\d)x$");
    run.awaitLines("Results match:   true");
  }

  @Test
  void errorHandling_theTasksExceptionReachesTheCaller() throws Exception {
    ExampleRun run = ExampleRun.of("003-error-handling");
    run.awaitLines(
        "  Caught in parent: Cannot process zero!",
        "  Caught from future.get(): Cannot process zero!",
        "  future.successful(): false");
  }

  @Test
  void poolInitializer_eachWorkerInitializedOnceAndTasksSeeItsState() throws Exception {
    ExampleRun run = ExampleRun.of("003-pool-initializer");
    run.await(
        "the four results",
        out -> run.all("^  (worker_id=\\d+, PID=\\d+, input=\\d, result=\\d)$").size() == 4);
    List<String> initialized = run.all("^  Worker initialized: PID=(\\d+)");
    // a worker gets tasks only once its initializer returned: on a slow machine the first one
    // may run all four before the second is up, and the pool closes without it
    assertTrue(!initialized.isEmpty() && initialized.size() <= 2, run.out());
    assertEquals(initialized.size(), Set.copyOf(initialized).size(), "each once: " + run.out());
    List<String> results = run.all("^  (worker_id=\\d+, PID=\\d+, input=\\d, result=\\d)$");
    assertEquals(4, results.size(), run.out());
    for (String r : results) {
      String pid = r.replaceAll(".*PID=(\\d+),.*", "$1");
      int id = Integer.parseInt(r.replaceAll("worker_id=(\\d+),.*", "$1"));
      assertTrue(initialized.contains(pid), run.out());
      assertEquals(1000 + Long.parseLong(pid) % 100, id, run.out());
    }
  }
}
