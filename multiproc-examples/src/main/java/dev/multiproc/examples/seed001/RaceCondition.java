package dev.multiproc.examples.seed001;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.sync.Barrier;
import dev.multiproc.sync.Held;
import dev.multiproc.sync.MpLock;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 001, §6.1 "Locks and RLocks": three processes add 1 to a counter ten times each by reading
 * it, sleeping 1 ms and writing it back; without a lock updates are lost, with a lock none is.
 *
 * <p>Differences, so the demo really shows what the tutorial says it shows:
 *
 * <ul>
 *   <li>The tutorial's counter is a plain global: each Python child changes its own copy, so
 *       CPython prints "Actual: 0" both times. Here the counter is a {@link SharedInt} (Python:
 *       {@code Value('i', 0, lock=False)} would do the same), so the unsafe run really loses
 *       updates and the locked run does not.
 *   <li>The three workers wait at a {@link Barrier} before they start counting: a JVM takes a
 *       moment to start, and each worker's ten increments take only ~10 ms, so without a common
 *       start line the workers might run one after the other and lose nothing.
 *   <li>Each worker runs its read and write once before the start line (writing back the 0 it
 *       read, which loses nothing as no one passes the line before all three reach it), so the
 *       first increments after it do not wait on class loading while the others race ahead.
 *   <li>The workers print "counter = N" as they finish, which is the shared value at that moment.
 * </ul>
 */
public final class RaceCondition {
  private RaceCondition() {}

  /** Python: the global {@code counter}, shared here. */
  record Shared(SharedInt counter, Barrier startLine) implements java.io.Serializable {}

  /**
   * Worker without synchronization - demonstrates race condition. Python: {@code
   * unsafe_worker(name, iterations)}.
   *
   * @param name the worker's name
   * @param iterations how many increments
   * @param shared the counter and the start line
   */
  static void unsafeWorker(String name, int iterations, Shared shared) {
    SharedInt counter = shared.counter();
    awaitStart(shared);
    for (int i = 0; i < iterations; i++) {
      int temp = counter.get();
      Time.sleep(0.001); // Simulate processing time
      counter.set(temp + 1);
    }
    System.out.println(name + ": Finished, counter = " + counter.get());
  }

  /**
   * Worker with lock synchronization. Python: {@code safe_worker(name, iterations, lock)}.
   *
   * @param name the worker's name
   * @param iterations how many increments
   * @param shared the counter and the start line
   * @param lock the lock
   */
  static void safeWorker(String name, int iterations, Shared shared, MpLock lock) {
    SharedInt counter = shared.counter();
    awaitStart(shared);
    for (int i = 0; i < iterations; i++) {
      try (Held _ = lock.hold()) { // Acquire lock
        int temp = counter.get();
        Time.sleep(0.001);
        counter.set(temp + 1);
      }
    }
    System.out.println(name + ": Finished, counter = " + counter.get());
  }

  private static void awaitStart(Shared shared) {
    SharedInt counter = shared.counter();
    counter.set(counter.get()); // warm the path; everyone writes back the 0 before the line
    Time.sleep(0);
    try {
      shared.startLine().await();
    } catch (Exception e) {
      throw new IllegalStateException("the start line broke", e);
    }
  }

  /**
   * The two counts: without and with the lock.
   *
   * @param unsafe the counter after the unsafe run
   * @param safe the counter after the locked run
   */
  public record Result(int unsafe, int safe) {}

  /**
   * Shows the difference between synchronized and unsynchronized access. Python: {@code
   * demonstrate_race_condition()}.
   *
   * @return the two counts
   * @throws InterruptedException if interrupted while joining
   */
  public static Result demonstrateRaceCondition() throws InterruptedException {
    Context mp = Multiprocessing.local();
    try (SharedInt counter = mp.sharedInt(0, false);
        Barrier startLine = mp.barrier(3);
        MpLock lock = mp.lock()) {
      Shared shared = new Shared(counter, startLine);

      System.out.println("=== Unsafe (Race Condition) ===");
      counter.set(0);
      List<ChildProcess> processes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String name = "Worker-" + i;
        ChildProcess p = mp.process(() -> unsafeWorker(name, 10, shared));
        processes.add(p);
        p.start();
      }
      joinAll(processes);
      int unsafe = counter.get();
      System.out.println("Expected: 30, Actual: " + unsafe);

      System.out.println();
      System.out.println("=== Safe (With Lock) ===");
      counter.set(0);
      processes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String name = "Worker-" + i;
        ChildProcess p = mp.process(() -> safeWorker(name, 10, shared, lock));
        processes.add(p);
        p.start();
      }
      joinAll(processes);
      int safe = counter.get();
      System.out.println("Expected: 30, Actual: " + safe);
      return new Result(unsafe, safe);
    }
  }

  private static void joinAll(List<ChildProcess> processes) throws InterruptedException {
    for (ChildProcess p : processes) {
      p.join();
      p.close();
    }
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    demonstrateRaceCondition();
  }
}
