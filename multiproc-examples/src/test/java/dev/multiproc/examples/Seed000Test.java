package dev.multiproc.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.examples.seed000.ImageBlur;
import dev.multiproc.examples.testing.ExampleRun;
import dev.multiproc.testing.NoLeaksExtension;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Seed 000's examples, run as a reader of the tutorial would check them. */
@ExtendWith(NoLeaksExtension.class)
@Timeout(60)
class Seed000Test {

  @AfterEach
  void restoreSystemOut() {
    ExampleRun.restore();
  }

  /** The sum of {@code i * i} for {@code i < n}, by the closed form n(n-1)(2n-1)/6. */
  private static BigInteger sumOfSquares(long n) {
    BigInteger big = BigInteger.valueOf(n);
    return big.multiply(big.subtract(BigInteger.ONE))
        .multiply(big.shiftLeft(1).subtract(BigInteger.ONE))
        .divide(BigInteger.valueOf(6));
  }

  /** What {@code process_item(item)} returns in Python. */
  private static String processItem(int item) {
    return sumOfSquares(item * 1_000_000L).toString();
  }

  private static String processItems(int... items) {
    return IntStream.of(items).mapToObj(Seed000Test::processItem).toList().toString();
  }

  @Test
  void breakfast_sequentialInOrderThenEachTaskInAProcess() throws Exception {
    ExampleRun run = ExampleRun.of("000-breakfast");
    run.await(
        "each dish ready twice",
        out ->
            run.count("Toast is ready") == 2
                && run.count("Eggs are ready") == 2
                && run.count("Coffee is ready") == 2);
    List<String> lines = run.out().lines().toList();
    // The sequential half: one task completes before the next one starts.
    List<String> sequential =
        List.of(
            "Making toast...",
            "Toast is ready",
            "Frying eggs...",
            "Eggs are ready",
            "Brewing coffee...",
            "Coffee is ready");
    assertEquals(sequential, lines.subList(0, 6), run.out());
    assertTrue(lines.get(6).matches("Sequential: \\d+\\.\\d\\ds"), run.out());
    run.one("^In processes: (\\d+\\.\\d\\d)s$");
  }

  @Test
  void threadsAndProcesses_fourCorrectResultsEach() throws Exception {
    String expected = Long.toString(sumOfSquares(10_000_000).longValue()); // modulo 2^64
    for (String name : List.of("000-threads", "000-processes")) {
      ExampleRun run = ExampleRun.of(name);
      run.await("four results", out -> run.all("^Result: (-?\\d+)$").size() == 4);
      assertEquals(
          List.of(expected, expected, expected, expected),
          run.all("^Result: (-?\\d+)$"),
          run.out());
      assertTrue(Double.parseDouble(run.one("^Time taken: ([\\d.E-]+) seconds$")) > 0);
      ExampleRun.restore();
    }
  }

  @Test
  void pool_resultsArePythonsInInputOrder() throws Exception {
    ExampleRun run = ExampleRun.of("000-pool");
    run.awaitLines("Results: " + processItems(1, 2, 3, 4, 5, 6, 7, 8));
    assertEquals("333332833333500000", processItem(1)); // as Python prints it
  }

  @Test
  void poolMethods_eachPrintsPythonsResult() throws Exception {
    ExampleRun.of("000-map").awaitLines("map: " + processItems(1, 2, 3, 4, 5));
    ExampleRun.restore();
    ExampleRun async = ExampleRun.of("000-map-async");
    async.awaitLines("map_async: " + processItems(1, 2, 3, 4, 5));
    async.one("^map_async returned; ready: (true|false)$");
    ExampleRun.restore();
    ExampleRun.of("000-apply").awaitLines("apply: " + processItem(10));
    ExampleRun.restore();
    ExampleRun.of("000-apply-async").awaitLines("apply_async: " + processItem(10));
    ExampleRun.restore();
    ExampleRun.of("000-starmap")
        .awaitLines(
            "starmap: ["
                + sumOfSquares(1_000_000)
                + ", "
                + sumOfSquares(2_000_000).subtract(sumOfSquares(1_000_000))
                + "]");
  }

  @Test
  void queue_consumerGetsEveryItemInOrder() throws Exception {
    ExampleRun run = ExampleRun.of("000-queue");
    run.await("five consumed items", out -> run.all("^Consuming: (\\d+)$").size() == 5);
    assertEquals(List.of("0", "1", "2", "3", "4"), run.all("^Consuming: (\\d+)$"));
    assertEquals(List.of("0", "1", "2", "3", "4"), run.all("^Producing: (\\d+)$"));
  }

  @Test
  void pipe_receiverPrintsBothMessagesInOrder() throws Exception {
    ExampleRun run = ExampleRun.of("000-pipe");
    run.awaitLines("Hello", "42");
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.indexOf("Hello") < lines.indexOf("42"), run.out());
  }

  @Test
  void sharedMemory_childsChangesAreSeenByTheParent() throws Exception {
    ExampleRun run = ExampleRun.of("000-shared-memory");
    run.awaitLines("Shared value: 10", "Shared array: [2, 3, 4, 5, 6]");
  }

  @Test
  void cpuCount_poolOfOnePerCore() throws Exception {
    ExampleRun run = ExampleRun.of("000-cpu-count");
    assertEquals(
        Runtime.getRuntime().availableProcessors(),
        Integer.parseInt(run.one("^Number of CPU cores: (\\d+)$")));
    run.awaitLines("Results: " + processItems(1, 2, 3, 4));
  }

  @Test
  void chunksize_everyItemSquared() throws Exception {
    ExampleRun.of("000-chunksize").awaitLines("Results: 10000 squares, the last 99980001");
  }

  @Test
  void errorCallback_reportsTheErrorThenGetRaisesIt() throws Exception {
    ExampleRun run = ExampleRun.of("000-error-callback");
    String error = "java.lang.IllegalArgumentException: item must not be negative: -3";
    run.awaitLines("An error occurred: " + error, "get() raised: " + error);
    List<String> lines = run.out().lines().toList();
    assertTrue(
        lines.indexOf("An error occurred: " + error) < lines.indexOf("get() raised: " + error),
        run.out());
    assertEquals(0, run.all("^(Results: .*)$").size(), run.out());
  }

  @Test
  void imageBlur_parallelResultsAreTheSequentialOnes() throws Exception {
    ExampleRun run = ExampleRun.of("000-image-blur");
    run.awaitLines("Results match: true");
    assertEquals(
        List.of("0", "1", "2", "3", "4", "5", "6", "7"),
        run.all("^Processed image_(\\d)\\.png \\(checksum [0-9a-f]{8}\\)$"),
        run.out());
    run.one("^Sequential processing time: (\\d+\\.\\d\\d) seconds$");
    run.one("^Parallel processing time: (\\d+\\.\\d\\d) seconds$");
    run.one("^Speedup: (\\d+\\.\\d\\d)x$");
  }

  @Test
  void gaussianBlur_keepsAFlatImageAndSpreadsAPointSymmetrically() {
    int[] flat = new int[40 * 30];
    Arrays.fill(flat, 77);
    assertTrue(Arrays.stream(ImageBlur.gaussianBlur(flat, 40, 30, 3)).allMatch(p -> p == 77));

    int[] point = new int[41 * 41];
    point[20 * 41 + 20] = 100_000;
    int[] blurred = ImageBlur.gaussianBlur(point, 41, 41, 3);
    int centre = blurred[20 * 41 + 20];
    assertTrue(centre < 100_000 && centre > blurred[20 * 41 + 23], () -> "centre " + centre);
    assertEquals(blurred[20 * 41 + 17], blurred[20 * 41 + 23]); // left = right
    assertEquals(blurred[17 * 41 + 20], blurred[23 * 41 + 20]); // up = down
    assertEquals(blurred[20 * 41 + 23], blurred[23 * 41 + 20]); // along rows = along columns
    int total = Arrays.stream(blurred).sum();
    assertTrue(Math.abs(total - 100_000) < 41 * 41, () -> "brightness not kept: " + total);
  }

  @Test
  void memoryUsage_copiedAndSharedChunksGiveTheSameDoubles() throws Exception {
    ExampleRun.of("000-memory-usage")
        .awaitLines(
            "Copied chunks: 10 chunks, 100000 items, the last 199998",
            "Shared array: 10 chunks, 100000 items, the last 199998",
            "Same results: true");
  }

  @Test
  void lambdaInMap_serializableLambdasRunInWorkers() throws Exception {
    ExampleRun run = ExampleRun.of("000-lambda-in-map");
    run.awaitLines(
        "pool.map(x -> x * x, [1, 2, 3, 4]) = [1, 4, 9, 16]",
        "pool.map(x -> x * multiplier, [1, 2, 3]) = [42, 84, 126]");
  }
}
