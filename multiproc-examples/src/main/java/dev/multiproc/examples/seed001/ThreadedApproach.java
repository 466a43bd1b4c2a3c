package dev.multiproc.examples.seed001;

import dev.multiproc.examples.Time;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 001, §2 "The Python GIL Problem": four threads run a CPU-intensive task.
 *
 * <p>Differences: Java has no GIL: the four threads run in parallel on as many cores as there are,
 * so the tutorial's comment "often slower than sequential" does not hold here. The example also
 * times the same four calls one after the other, so the two can be compared, and prints each
 * thread's result, which the tutorial drops. {@code n} is 10^6 as in the tutorial.
 */
public final class ThreadedApproach {
  private ThreadedApproach() {}

  /**
   * A task that should benefit from parallelism. Python: {@code cpu_intensive_task(n)}.
   *
   * @param n how many squares to add
   * @return the sum of {@code i * i} for {@code i < n}
   */
  public static long cpuIntensiveTask(long n) {
    long total = 0;
    for (long i = 0; i < n; i++) {
      total += i * i;
    }
    return total;
  }

  /**
   * With threading (no GIL in Java). Python: {@code threaded_approach()}.
   *
   * @throws InterruptedException if interrupted while joining
   */
  public static void threadedApproach() throws InterruptedException {
    double startTime = Time.time();
    List<Thread> threads = new ArrayList<>();
    // Create multiple threads
    for (int i = 0; i < 4; i++) {
      Thread thread =
          new Thread(() -> System.out.println("Result: " + cpuIntensiveTask(1_000_000)));
      threads.add(thread);
      thread.start();
    }
    // Wait for all threads to complete
    for (Thread thread : threads) {
      thread.join();
    }
    System.out.printf("Threaded time: %.2f seconds%n", Time.time() - startTime);
  }

  /**
   * Runs the example: the four calls sequentially, then on four threads.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    double startTime = Time.time();
    for (int i = 0; i < 4; i++) {
      cpuIntensiveTask(1_000_000);
    }
    System.out.printf("Sequential time: %.2f seconds%n", Time.time() - startTime);
    threadedApproach();
  }
}
