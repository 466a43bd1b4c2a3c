package dev.multiproc.examples.seed004;

import static dev.multiproc.function.Args2.args;

import dev.multiproc.Multiprocessing;
import dev.multiproc.function.Args2;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Seed 004, "Pool Methods": {@code map}, {@code starmap}, {@code applyAsync} and {@code mapAsync}
 * on a pool of 4.
 *
 * <p>Differences: Python's tuples of arguments are {@link Args2} records here ({@code
 * args(1, 2)}), so {@code starmap} stays typed.
 */
public final class PoolMethods {
  private PoolMethods() {}

  /**
   * Python: {@code square(x)}.
   *
   * @param x a number
   * @return its square
   */
  public static int square(int x) {
    return x * x;
  }

  /**
   * Python: {@code add(a, b)}.
   *
   * @param a a number
   * @param b another
   * @return their sum
   */
  public static int add(int a, int b) {
    return a + b;
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a task fails
   */
  public static void main(String[] args) throws Exception {
    try (Pool pool = Multiprocessing.local().pool(4)) {
      // map - apply function to iterable
      List<Integer> results = pool.map(PoolMethods::square, range(10));
      System.out.println("map: " + results);

      // starmap - unpack arguments from iterable
      List<Args2<Integer, Integer>> pairs = List.of(args(1, 2), args(3, 4), args(5, 6));
      results = pool.starmap(PoolMethods::add, pairs);
      System.out.println("starmap: " + results);

      // apply_async - non-blocking single call
      AsyncResult<Integer> result = pool.applyAsync(PoolMethods::square, 10);
      System.out.println("apply_async: " + result.get());

      // map_async - non-blocking map
      AsyncResult<List<Integer>> many = pool.mapAsync(PoolMethods::square, range(5));
      System.out.println("map_async: " + many.get());
    }
  }
}
