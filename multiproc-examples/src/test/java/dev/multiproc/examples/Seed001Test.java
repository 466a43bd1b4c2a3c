package dev.multiproc.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.multiproc.examples.seed001.RaceCondition;
import dev.multiproc.examples.testing.ExampleRun;
import dev.multiproc.testing.NoLeaksExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seed 001's examples, run as a reader of the tutorial would check them. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class Seed001Test {
  private static final String ME = Long.toString(ProcessHandle.current().pid());

  @AfterEach
  void restoreSystemOut() {
    ExampleRun.restore();
  }

  /**
   * A lost update is a race, not a certainty: three workers that overlap lose some, but a worker
   * descheduled for longer than the others' ten increments (~11 ms, on a busy 2-core machine)
   * overlaps no one. So the unsafe run must lose updates in one of {@value #RACE_TRIES} runs,
   * while the locked run must lose none in every run.
   */
  private static final int RACE_TRIES = 3;

  @Test
  void raceCondition_losesUpdatesWithoutTheLockAndNoneWithIt() throws Exception {
    StringBuilder outputs = new StringBuilder();
    for (int i = 0; i < RACE_TRIES; i++) {
      ExampleRun run = ExampleRun.of("001-race-condition");
      List<Integer> actual =
          run.all("^Expected: 30, Actual: (\\d+)$").stream().map(Integer::valueOf).toList();
      assertEquals(2, actual.size(), run.out());
      assertEquals(30, actual.get(1), run.out());
      run.await("six workers finished", out -> run.all("^(Worker-\\d): Finished").size() == 6);
      ExampleRun.restore();
      if (actual.get(0) < 30) {
        return;
      }
      outputs.append(run.out()).append('\n');
    }
    fail("the unsafe run lost no update in " + RACE_TRIES + " runs:\n" + outputs);
  }

  @Test
  void raceCondition_returnsBothCounts() throws Exception {
    List<RaceCondition.Result> results = new ArrayList<>();
    for (int i = 0; i < RACE_TRIES; i++) {
      RaceCondition.Result result = RaceCondition.demonstrateRaceCondition();
      assertEquals(30, result.safe(), result::toString);
      results.add(result);
      if (result.unsafe() < 30) {
        return;
      }
    }
    fail("the unsafe run lost no update in " + RACE_TRIES + " runs: " + results);
  }

  @Test
  void semaphore_everyWorkerWaitsGetsAndReleasesTheResource() throws Exception {
    ExampleRun run = ExampleRun.of("001-semaphore");
    run.await("five releases", out -> run.all("^Worker (\\d): Releasing resource$").size() == 5);
    // Each worker's own lines come in order. (Lines of different workers travel through
    // different pipes, so their order here is not the order they were printed in: "at most two
    // at once" cannot be read off this output.)
    List<String> lines = run.out().lines().toList();
    for (int i = 1; i <= 5; i++) {
      int waiting = lines.indexOf("Worker " + i + ": Waiting for resource...");
      int got = lines.indexOf("Worker " + i + ": Got resource, working...");
      int releasing = lines.indexOf("Worker " + i + ": Releasing resource");
      assertTrue(0 <= waiting && waiting < got && got < releasing, run.out());
    }
  }

  @Test
  void event_everyWaiterContinuesOnceSet() throws Exception {
    ExampleRun run = ExampleRun.of("001-event");
    run.awaitLines(
        "Setter: Working for 0.3 seconds...",
        "Setter: Setting event!",
        "Waiter-1: Event received! Continuing...",
        "Waiter-2: Event received! Continuing...",
        "Waiter-3: Event received! Continuing...");
    List<String> lines = run.out().lines().toList();
    for (int i = 1; i <= 3; i++) {
      assertTrue(
          lines.indexOf("Waiter-" + i + ": Waiting for event...")
              < lines.indexOf("Waiter-" + i + ": Event received! Continuing..."),
          run.out());
    }
  }

  @Test
  void threads_fourRightResults() throws Exception {
    ExampleRun run = ExampleRun.of("001-threads");
    run.await("four results", out -> run.all("^Result: (\\d+)$").size() == 4);
    assertEquals(
        List.of(
            "333332833333500000", "333332833333500000", "333332833333500000", "333332833333500000"),
        run.all("^Result: (\\d+)$"));
    run.one("^Sequential time: (\\d+\\.\\d\\d) seconds$");
    run.one("^Threaded time: (\\d+\\.\\d\\d) seconds$");
  }

  @Test
  void firstProcess_aliceWorksInAChildWhileMainGoesOn() throws Exception {
    ExampleRun run = ExampleRun.of("001-first-process");
    run.awaitLines("Process started, continuing main thread...", "Process completed");
    assertEquals(ME, run.one("^Main process: (\\d+)$"));
    String child = run.one("^Worker Alice starting in process (\\d+)$");
    assertEquals(child, run.one("^Worker Alice finished in process (\\d+)$"));
    assertTrue(!child.equals(ME), run.out());
    List<String> lines = run.out().lines().toList();
    assertTrue(
        lines.indexOf("Worker Alice finished in process " + child)
            < lines.indexOf("Process completed"),
        run.out());
  }

  @Test
  void poolSpeedup_sequentialInMainParallelInWorkersSameResults() throws Exception {
    ExampleRun run = ExampleRun.of("001-pool-speedup");
    run.awaitLines("Results: [1, 4, 9, 16, 25, 36, 49, 64], same as sequential: true");
    run.await("16 squares", out -> run.all("^Processing (\\d) in process").size() == 16);
    List<String> pids = run.all("^Processing \\d in process (\\d+)$");
    assertEquals(List.of(ME, ME, ME, ME, ME, ME, ME, ME), pids.subList(0, 8), run.out());
    assertTrue(pids.subList(8, 16).stream().noneMatch(ME::equals), run.out());
    run.one("^Speedup: (\\d+\\.\\d\\d)x$");
  }

  @Test
  void poolMethods_printPythonsResults() throws Exception {
    ExampleRun run = ExampleRun.of("001-pool-methods");
    run.awaitLines(
        "map() results: [1, 4, 9, 16, 25]",
        "map_async() results: [1, 4, 9, 16, 25]",
        "apply() result: 100");
    assertEquals(List.of("1", "4", "9", "16", "25"), run.all("^imap\\(\\) result: (\\d+)$"));
  }

  @Test
  void queue_eachFruitProcessedOnceAndBothConsumersStop() throws Exception {
    ExampleRun run = ExampleRun.of("001-queue");
    run.await(
        "two termination signals",
        out -> run.all("^Consumer ([AB]): Received termination signal$").size() == 2);
    assertEquals(
        Set.of("A", "B"), Set.copyOf(run.all("^Consumer ([AB]): Received termination signal$")));
    List<String> processed = new ArrayList<>(run.all("^Consumer [AB]: Processing (\\w+)$"));
    processed.sort(null);
    assertEquals(List.of("apple", "banana", "cherry", "date"), processed, run.out());
    assertEquals(List.of("apple", "banana", "cherry", "date"), run.all("^Producing: (\\w+)$"));
  }

  @Test
  void pipe_childUpperCasesWhatTheParentSent() throws Exception {
    ExampleRun.of("001-pipe")
        .awaitLines(
            "Child received: hello from parent", "Parent received: Processed: HELLO FROM PARENT");
  }

  @Test
  void sharedMemory_counterIsThreeAndEveryItemSix() throws Exception {
    ExampleRun run = ExampleRun.of("001-shared-memory");
    run.awaitLines("Array: [0, 0, 0, 0, 0]", "Counter: 0", "Array: [6, 6, 6, 6, 6]", "Counter: 3");
    run.await(
        "three updates", out -> run.all("^Worker \\d: Updated counter to (\\d)$").size() == 3);
    List<String> counts = new ArrayList<>(run.all("^Worker \\d: Updated counter to (\\d)$"));
    counts.sort(null);
    assertEquals(List.of("1", "2", "3"), counts, run.out()); // each update saw the one before
  }

  @Test
  void manager_everyWorkersEntryIsInTheDictAndTheList() throws Exception {
    ExampleRun run = ExampleRun.of("001-manager");
    String dict = run.one("^Final shared dictionary: \\{(.*)\\}$");
    assertEquals(
        Set.of(
            "initial=Initial value",
            "worker_1=Hello from worker 1",
            "worker_2=Hello from worker 2",
            "worker_3=Hello from worker 3"),
        Set.of(dict.split(", ")),
        run.out());
    assertTrue(dict.startsWith("initial=Initial value"), run.out()); // insertion order
    List<String> list = List.of(run.one("^Final shared list: \\[(.*)\\]$").split(", "));
    assertEquals("Initial item", list.get(0), run.out());
    assertEquals(
        Set.of("Item from worker 1", "Item from worker 2", "Item from worker 3"),
        Set.copyOf(list.subList(1, list.size())),
        run.out());
    assertEquals(4, list.size(), run.out());
    run.await("three workers completed", out -> run.all("^Worker (\\d) completed$").size() == 3);
  }

  @Test
  void dataProcessing_hundredItemsAndPythonsJson() throws Exception {
    ExampleRun run = ExampleRun.of("001-data-processing");
    run.awaitLines("Processing 100 items with 4 processes...");
    run.one("^Processed 100 items in (\\d+\\.\\d\\d) seconds$");
    String json =
        """
          {
          "original": 2,
          "processed": 4,
          "sqrt": 1.4142135623730951,
          "factorial": 2
        }
        """;
    assertTrue(run.out().contains(json), run.out());
    assertTrue(
        run.out()
            .contains(
                "\"original\": 5,\n  \"processed\": 25,\n  \"sqrt\": "
                    + "2.23606797749979,\n  \"factorial\": 120\n}"),
        run.out());
    assertEquals(5, run.all("^  \"original\": (\\d+),$").size(), run.out());
  }

  @Test
  void gotchas_whatTravelsWhatStaysAndOverhead() throws Exception {
    ExampleRun run = ExampleRun.of("001-gotchas");
    run.awaitLines(
        "Gotcha 1, lambda field: 10",
        "Gotcha 1, solution: 10",
        "Gotcha 2, bad_worker returned: [1, 2, 3], shared_list here: []",
        "Gotcha 2, good_worker returned: [2, 4, 6]",
        "Results: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]");
    assertTrue(run.one("^Gotcha 1, captured object: (.*)$").contains("NotSerializable"), run.out());
    run.one("^Parallel: (\\d+\\.\\d{4})s$");
    run.one("^Sequential: (\\d+\\.\\d{4})s$");
  }

  @Test
  void memoryManagement_resultsAndPeakMemory() throws Exception {
    ExampleRun run = ExampleRun.of("001-memory-management");
    run.awaitLines("Results: [499999500000, 499999500000, 499999500000]");
    long before = Long.parseLong(run.one("^Initial memory usage: (\\d+)$"));
    long after = Long.parseLong(run.one("^After processing: (\\d+)$"));
    assertTrue(0 < before && before <= after, run.out()); // a peak never falls
  }

  @Test
  void processCount_everyCountTriedAndEveryResultRight() throws Exception {
    ExampleRun run = ExampleRun.of("001-process-count");
    int cpus = Runtime.getRuntime().availableProcessors();
    assertEquals(Integer.toString(cpus), run.one("^CPU count: (\\d+)$"));
    assertEquals(
        List.of("1", "2", "4", "8", Integer.toString(cpus)),
        run.all("^Processes: +(\\d+), Time: \\d+\\.\\d\\ds$"),
        run.out());
    run.awaitLines("All results right: true");
  }

  @Test
  void chunking_threeWaysSameResults() throws Exception {
    ExampleRun run = ExampleRun.of("001-chunking");
    run.awaitLines("Results match: true");
    run.one("^No chunking: (\\d+\\.\\d{3})s$");
    run.one("^With chunking: (\\d+\\.\\d{3})s$");
    run.one("^One item per task: (\\d+\\.\\d{3})s$");
    run.one("^Improvement: (\\d+\\.\\d\\d)x$");
  }
}
