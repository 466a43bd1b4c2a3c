package dev.multiproc.examples.seed003;

import static dev.multiproc.function.Args2.args;

import dev.multiproc.Multiprocessing;
import dev.multiproc.function.Args2;
import dev.multiproc.pool.Pool;
import java.util.List;

/**
 * Seed 003, "Pool: Managing Worker Processes": {@code Pool.map} squares 1..8 on two workers, and
 * {@code Pool.starmap} raises bases to exponents.
 *
 * <p>Differences: Python's argument tuples are {@link Args2} records; {@code base ** exp} is
 * {@link Math#powExact}. Leaving the try-with-resources block closes the pool and waits for its
 * workers (Python's {@code with} terminates them).
 */
public final class PoolMap {
  private PoolMap() {}

  /**
   * Compute the square of a number. Python: {@code square(x)}.
   *
   * @param x a number
   * @return its square
   */
  public static int square(int x) {
    return x * x;
  }

  /**
   * Raise base to the given exponent. Python: {@code power(base, exp)}.
   *
   * @param base the base
   * @param exp the exponent
   * @return {@code base} to the power {@code exp}
   */
  public static int power(int base, int exp) {
    return Math.powExact(base, exp);
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // Pool.map() distributes work across a pool of workers
    List<Integer> results;
    try (Pool pool = Multiprocessing.local().pool(2)) {
      results = pool.map(PoolMap::square, List.of(1, 2, 3, 4, 5, 6, 7, 8));
    }
    System.out.println("Input:   " + List.of(1, 2, 3, 4, 5, 6, 7, 8));
    System.out.println("Squared: " + results);

    // Pool.starmap() unpacks tuples of arguments
    List<Args2<Integer, Integer>> pairs =
        List.of(args(2, 3), args(3, 3), args(4, 2), args(5, 2), args(10, 3));
    try (Pool pool = Multiprocessing.local().pool(2)) {
      results = pool.starmap(PoolMap::power, pairs);
    }
    for (int i = 0; i < pairs.size(); i++) {
      System.out.printf(
          "  %d^%d = %d%n", pairs.get(i).first(), pairs.get(i).second(), results.get(i));
    }
  }
}
