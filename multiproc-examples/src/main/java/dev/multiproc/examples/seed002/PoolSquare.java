package dev.multiproc.examples.seed002;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.pool.Pool;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Seed 002, "Example 2: Using multiprocessing.Pool for Parallel Execution": a pool of 4 workers
 * squares the numbers 0..9.
 *
 * <p>Differences: the tutorial says the {@code with} block "closes and terminates" the pool
 * (Python's {@code __exit__} calls {@code terminate()}); Java's try-with-resources calls {@link
 * Pool#close()}, which finishes the queued tasks and then waits for the workers to exit (Python's
 * {@code close()} + {@code join()}), so no task is ever cut short by leaving the block.
 */
public final class PoolSquare {
  private PoolSquare() {}

  /**
   * A simple function to square a number, simulating some work. Python: {@code square(number)}.
   *
   * @param number the number
   * @return its square
   */
  public static int square(int number) {
    Time.sleep(0.1); // Simulate some computation time
    return number * number;
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.out.println("Main process: Using a Pool to square numbers.");

    List<Integer> numbers = IntStream.range(0, 10).boxed().toList();

    // Create a Pool with a specified number of processes (e.g., 4)
    // If no number is specified, it defaults to Multiprocessing.cpuCount()
    List<Integer> results;
    try (Pool pool = Multiprocessing.local().pool(4)) {
      // Map the square function to each number in the list
      // This distributes the work across the processes in the pool
      results = pool.map(PoolSquare::square, numbers);
    }

    System.out.println("Original numbers: " + numbers);
    System.out.println("Squared results: " + results);
    System.out.println("Main process: Pool operations complete.");
  }
}
