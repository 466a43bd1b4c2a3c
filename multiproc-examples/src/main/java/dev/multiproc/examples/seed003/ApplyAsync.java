package dev.multiproc.examples.seed003;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 003, "Pool.apply_async(): Non-Blocking Execution": five slow tasks submitted to a pool of
 * two; their {@code ready()} state shortly after; then their results.
 *
 * <p>Differences: none but names ({@code applyAsync}, {@code get(Duration)}). The sleeps are the
 * notebook's (0.3 s per task, 0.1 s before checking): five tasks on two workers take about 0.9 s.
 */
public final class ApplyAsync {
  private ApplyAsync() {}

  /**
   * Compute a square with a simulated delay. Python: {@code slow_square(x)}.
   *
   * @param x a number
   * @return its square
   */
  public static int slowSquare(int x) {
    Time.sleep(0.3);
    return x * x;
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a task fails or times out
   */
  public static void main(String[] args) throws Exception {
    try (Pool pool = Multiprocessing.local().pool(2)) {
      // Submit tasks asynchronously
      List<AsyncResult<Integer>> asyncResults = new ArrayList<>();
      for (int i = 1; i < 6; i++) {
        asyncResults.add(pool.applyAsync(ApplyAsync::slowSquare, i));
      }

      // Check status while tasks are running
      System.out.println("Submitted 5 tasks...");
      Time.sleep(0.1);
      for (int i = 1; i <= asyncResults.size(); i++) {
        System.out.println("  Task " + i + ": ready=" + asyncResults.get(i - 1).ready());
      }

      // Collect results (blocks until ready)
      System.out.println();
      System.out.println("Collecting results:");
      for (int i = 1; i <= asyncResults.size(); i++) {
        int result = asyncResults.get(i - 1).get(Duration.ofSeconds(5));
        System.out.println("  " + i + "^2 = " + result);
      }
    }
  }
}
