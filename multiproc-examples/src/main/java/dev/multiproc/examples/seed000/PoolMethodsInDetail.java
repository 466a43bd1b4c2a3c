package dev.multiproc.examples.seed000;

import static dev.multiproc.function.Args2.args;

import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Seed 000, §7 "Process Pool Methods in Detail": a) {@code map}, b) {@code map_async}, c) {@code
 * apply}, d) {@code apply_async}, e) {@code starmap}, each on a pool of 4, with §6's {@link
 * IntroducingPools#processItem}.
 *
 * <p>Differences: the snippets only compute; here each prints its result. Python's {@code
 * args=(10,)} is the argument itself, and {@code starmap}'s tuples are {@link
 * dev.multiproc.function.Args2} records ({@code args(0, 1000000)}). {@code process_range}'s sums
 * fit in a {@code long}.
 */
public final class PoolMethodsInDetail {
  private PoolMethodsInDetail() {}

  /**
   * Python: {@code process_range(start, end)}.
   *
   * @param start the first number
   * @param end one past the last number
   * @return the sum of the squares of {@code start..end-1}
   */
  public static long processRange(long start, long end) {
    return LongStream.range(start, end).map(i -> i * i).sum();
  }

  /**
   * a) {@code map}: blocks until all results are ready, in input order.
   *
   * @param args ignored
   */
  public static void mapMain(String[] args) {
    try (Pool pool = Multiprocessing.local().pool(4)) {
      List<BigInteger> results = pool.map(IntroducingPools::processItem, List.of(1, 2, 3, 4, 5));
      // Results will be ordered the same as the input list
      System.out.println("map: " + results);
    }
  }

  /**
   * b) {@code map_async}: returns at once; {@code get()} waits.
   *
   * @param args ignored
   * @throws Exception if a task fails
   */
  public static void mapAsyncMain(String[] args) throws Exception {
    try (Pool pool = Multiprocessing.local().pool(4)) {
      AsyncResult<List<BigInteger>> resultObj =
          pool.mapAsync(IntroducingPools::processItem, List.of(1, 2, 3, 4, 5));
      // Do other work here...
      System.out.println("map_async returned; ready: " + resultObj.ready());
      List<BigInteger> results = resultObj.get(); // Wait for completion and get results
      System.out.println("map_async: " + results);
    }
  }

  /**
   * c) {@code apply}: one call, blocking.
   *
   * @param args ignored
   */
  public static void applyMain(String[] args) {
    try (Pool pool = Multiprocessing.local().pool(4)) {
      BigInteger result = pool.apply(IntroducingPools::processItem, 10);
      System.out.println("apply: " + result);
    }
  }

  /**
   * d) {@code apply_async}: one call, returns at once.
   *
   * @param args ignored
   * @throws Exception if the task fails
   */
  public static void applyAsyncMain(String[] args) throws Exception {
    try (Pool pool = Multiprocessing.local().pool(4)) {
      AsyncResult<BigInteger> resultObj = pool.applyAsync(IntroducingPools::processItem, 10);
      // Do other work here...
      BigInteger result = resultObj.get(); // Wait for completion and get result
      System.out.println("apply_async: " + result);
    }
  }

  /**
   * e) {@code starmap}: each pair is unpacked as the function's two arguments.
   *
   * @param args ignored
   */
  public static void starmapMain(String[] args) {
    try (Pool pool = Multiprocessing.local().pool(4)) {
      // Each tuple is unpacked as arguments
      List<Long> results =
          pool.starmap(
              PoolMethodsInDetail::processRange,
              List.of(args(0L, 1_000_000L), args(1_000_000L, 2_000_000L)));
      System.out.println("starmap: " + results);
    }
  }
}
