package dev.multiproc.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.examples.testing.ExampleRun;
import dev.multiproc.testing.NoLeaksExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seed 002's examples, run as a reader of the tutorial would check them. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class Seed002Test {

  @AfterEach
  void restoreSystemOut() {
    ExampleRun.restore();
  }

  @Test
  void basicProcess_bothChildrenFinishWithPythonsPartialResult() throws Exception {
    ExampleRun run = ExampleRun.of("002-basic-process");
    // sum of i*i for i < 10^7 = (n-1)n(2n-1)/6 = 333333283333335000000, mod 1000 = 0
    run.awaitLines(
        "Process One: Starting CPU-bound task...",
        "Process Two: Starting CPU-bound task...",
        "Process One: Finished. Result (partial): 0",
        "Process Two: Finished. Result (partial): 0");
    List<String> lines = run.out().lines().toList();
    assertEquals("Main process: Starting child processes.", lines.get(0));
    assertTrue(
        lines.indexOf("Main process: All child processes finished.")
            > lines.indexOf("Process One: Finished. Result (partial): 0"),
        run.out());
  }

  @Test
  void poolSquare_squaresZeroToNine() throws Exception {
    ExampleRun run = ExampleRun.of("002-pool-square");
    run.awaitLines(
        "Original numbers: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]",
        "Squared results: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]",
        "Main process: Pool operations complete.");
  }

  @Test
  void queue_consumerGetsEveryItemInOrder() throws Exception {
    ExampleRun run = ExampleRun.of("002-queue");
    run.awaitLines(
        "Consumer: Finished.", "Main process: Producer and Consumer processes finished.");
    assertEquals(
        List.of("data1", "data2", "data3", "data4"), run.all("^Consumer: Got (\\S+) from queue"));
    assertEquals(
        List.of("data1", "data2", "data3", "data4"),
        run.all("^Producer: Putting (\\S+) into queue"));
  }
}
