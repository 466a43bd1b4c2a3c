package dev.multiproc.examples.seed000;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.pool.Pool;
import java.math.BigInteger;
import java.util.List;

/**
 * Seed 000, §6 "Introducing Process Pools": {@code pool.map(process_item, [1..8])} on a pool of 4.
 *
 * <p>Differences: Python's integers grow, and {@code process_item(8)} (about 1.7·10^20) does not
 * fit in a {@code long}; {@link #processItem} adds in 128 bits and returns a {@link BigInteger},
 * so the results are Python's exactly, at {@code long} speed. A negative item is an error here
 * (in Python {@code range(-1000000)} is just empty), which §9d's error callback uses. The pool is
 * closed by try-with-resources: it finishes the queued tasks and waits for the workers (Python's
 * {@code with Pool()} terminates them, which is harmless there only because {@code map} has
 * already returned).
 */
public final class IntroducingPools {
  private IntroducingPools() {}

  /**
   * Simulates a CPU-bound task. Python: {@code process_item(item)}.
   *
   * @param item the size, in millions of squares
   * @return the sum of {@code i * i} for {@code i < item * 1,000,000}
   * @throws IllegalArgumentException if {@code item} is negative
   */
  public static BigInteger processItem(int item) {
    if (item < 0) {
      throw new IllegalArgumentException("item must not be negative: " + item);
    }
    long n = item * 1_000_000L;
    long low = 0;
    long high = 0;
    for (long i = 0; i < n; i++) {
      long sum = low + i * i; // i * i < 2^63 for the sizes used here
      if (Long.compareUnsigned(sum, low) < 0) {
        high++;
      }
      low = sum;
    }
    return BigInteger.valueOf(high).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // Create a pool with 4 worker processes
    double startTime = Time.time();
    List<BigInteger> results;
    try (Pool pool = Multiprocessing.local().pool(4)) {
      // Map the function to each item in the list
      results = pool.map(IntroducingPools::processItem, List.of(1, 2, 3, 4, 5, 6, 7, 8));
    }
    double endTime = Time.time();
    System.out.println("Results: " + results);
    System.out.printf("Time taken: %s seconds%n", endTime - startTime);
  }
}
