package dev.multiproc.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.examples.seed001.RaceCondition;
import dev.multiproc.examples.testing.ExampleRun;
import dev.multiproc.testing.NoLeaksExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seed 001's examples, run as a reader of the tutorial would check them. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class Seed001Test {

  @AfterEach
  void restoreSystemOut() {
    ExampleRun.restore();
  }

  @Test
  void raceCondition_losesUpdatesWithoutTheLockAndNoneWithIt() throws Exception {
    ExampleRun run = ExampleRun.of("001-race-condition");
    List<Integer> actual =
        run.all("^Expected: 30, Actual: (\\d+)$").stream().map(Integer::valueOf).toList();
    assertEquals(2, actual.size(), run.out());
    assertTrue(actual.get(0) < 30, "the unsafe run lost no update:\n" + run.out());
    assertEquals(30, actual.get(1), run.out());
    run.await("six workers finished", out -> run.all("^(Worker-\\d): Finished").size() == 6);
  }

  @Test
  void raceCondition_returnsBothCounts() throws Exception {
    RaceCondition.Result result = RaceCondition.demonstrateRaceCondition();
    assertTrue(result.unsafe() < 30, result::toString);
    assertEquals(30, result.safe());
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
    run.awaitLines("Setter: Working for 0.3 seconds...", "Setter: Setting event!",
        "Waiter-1: Event received! Continuing...",
        "Waiter-2: Event received! Continuing...", "Waiter-3: Event received! Continuing...");
    List<String> lines = run.out().lines().toList();
    for (int i = 1; i <= 3; i++) {
      assertTrue(lines.indexOf("Waiter-" + i + ": Waiting for event...")
          < lines.indexOf("Waiter-" + i + ": Event received! Continuing..."), run.out());
    }
  }

  @Test
  void lambdaInMap_serializableLambdasRunInWorkers() throws Exception {
    ExampleRun run = ExampleRun.of("000-lambda-in-map");
    run.awaitLines("pool.map(x -> x * x, [1, 2, 3, 4]) = [1, 4, 9, 16]",
        "pool.map(x -> x * multiplier, [1, 2, 3]) = [42, 84, 126]");
  }
}
