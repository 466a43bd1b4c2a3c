package dev.multiproc.examples.seed001;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.pool.Pool;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Seed 001, §8.2 "Common Gotchas and Solutions": 1) what can be sent to a worker, 2) a worker's
 * changes to a global stay in the worker, 3) process overhead exceeds a tiny task's time.
 *
 * <p>Differences: the tutorial's {@code __main__} runs only gotcha 3; this example runs all
 * three. Gotcha 1 does not happen as written in Java: {@code x -> x * 2} stored in a {@link
 * SerializableFunction} field is a serializable lambda, so {@code pool.apply(obj.lambdaFunc, 5)}
 * works. Java's version of the gotcha is a lambda that captures an object that is not {@link
 * Serializable}: that one fails, in the caller, before anything is sent, with an exception that
 * names the class. The solution is the tutorial's: a serializable object and its method ({@code
 * obj::multiply}).
 */
public final class Gotchas {
  private Gotchas() {}

  /** Python: {@code UnpicklableClass}: its lambda captures nothing, so here it can be sent. */
  public static final class LambdaHolder {
    /** The lambda. Python: {@code self.lambda_func = lambda x: x * 2}. */
    public final SerializableFunction<Integer, Integer> lambdaFunc = x -> x * 2;
  }

  /** Not serializable: a lambda that captures it cannot be sent to a worker. */
  public static final class NotSerializable {
    /** The multiplier. */
    public final int multiplier = 2;
  }

  /**
   * The solution. Python: {@code PicklableClass}.
   *
   * @param multiplier the multiplier
   */
  public record Multiplier(int multiplier) implements Serializable {
    /**
     * Python: {@code multiply(self, x)}.
     *
     * @param x a number
     * @return {@code x * multiplier}
     */
    public int multiply(int x) {
      return x * multiplier;
    }
  }

  /** Python: the global {@code shared_list}. */
  private static final List<Integer> SHARED_LIST = new ArrayList<>();

  /**
   * This won't work across processes! Python: {@code bad_worker(item)}.
   *
   * @param item an item
   * @return the item
   */
  public static int badWorker(int item) {
    synchronized (SHARED_LIST) {
      SHARED_LIST.add(item); // a worker's own copy of the list
    }
    return item;
  }

  /**
   * Return results instead of modifying shared state. Python: {@code good_worker(item)}.
   *
   * @param item an item
   * @return twice the item
   */
  public static int goodWorker(int item) {
    return item * 2;
  }

  /**
   * Python: {@code tiny_task(x)}.
   *
   * @param x a number
   * @return {@code x + 1}
   */
  public static int tinyTask(int x) {
    return x + 1;
  }

  /**
   * Gotcha 3. Python: {@code demonstrate_overhead()}.
   */
  public static void demonstrateOverhead() {
    List<Integer> data = IntStream.range(0, 10).boxed().toList();

    // Bad: Process overhead exceeds computation time
    double start = Time.time();
    List<Integer> results;
    try (Pool pool = Multiprocessing.local().pool()) {
      results = pool.map(Gotchas::tinyTask, data);
    }
    double parallelTime = Time.time() - start;

    // Better: Sequential for small tasks
    start = Time.time();
    results = data.stream().map(Gotchas::tinyTask).toList();
    double sequentialTime = Time.time() - start;

    System.out.printf("Parallel: %.4fs%n", parallelTime);
    System.out.printf("Sequential: %.4fs%n", sequentialTime);
    System.out.println("Results: " + results);
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (Pool pool = Multiprocessing.local().pool(2)) {
      // GOTCHA 1: in Java, a lambda that captures nothing can be sent
      LambdaHolder obj = new LambdaHolder();
      System.out.println("Gotcha 1, lambda field: " + pool.apply(obj.lambdaFunc, 5));
      // ... one that captures an object that is not serializable cannot
      NotSerializable holder = new NotSerializable();
      try {
        pool.apply(x -> x * holder.multiplier, 5);
      } catch (RuntimeException e) {
        System.out.println(
            "Gotcha 1, captured object: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      // SOLUTION: a serializable object and its method
      System.out.println("Gotcha 1, solution: " + pool.apply(new Multiplier(2)::multiply, 5));

      // GOTCHA 2: Shared state modifications
      List<Integer> data = List.of(1, 2, 3);
      System.out.println(
          "Gotcha 2, bad_worker returned: "
              + pool.map(Gotchas::badWorker, data)
              + ", shared_list here: "
              + SHARED_LIST);
      System.out.println("Gotcha 2, good_worker returned: " + pool.map(Gotchas::goodWorker, data));
    }
    // GOTCHA 3: Process overhead
    demonstrateOverhead();
  }
}
