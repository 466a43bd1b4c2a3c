package dev.multiproc.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.examples.seed001.RaceCondition;
import dev.multiproc.examples.testing.ExampleRun;
import dev.multiproc.examples.testing.NoLeaksExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seed 001's examples, run as a reader of the tutorial would check them. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class Seed001Test {

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
}
