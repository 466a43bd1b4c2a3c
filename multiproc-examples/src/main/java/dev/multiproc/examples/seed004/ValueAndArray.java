package dev.multiproc.examples.seed004;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.shared.SharedDoubleArray;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.sync.Held;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Seed 004, "Shared Memory with Value and Array": four processes add 1 to a shared counter 10,000
 * times each under its lock (40,000); one process doubles a shared array of doubles.
 *
 * <p>Differences: Python's {@code Value('i', 0)} is {@code mp.sharedInt(0)} and {@code
 * Array('d', [...])} is {@code mp.sharedDoubleArray(...)}; {@code with counter.get_lock():} is
 * {@code try (Held _ = counter.getLock().hold())}. The tutorial's unused {@code lock_needed}
 * parameter is left out.
 */
public final class ValueAndArray {
  private ValueAndArray() {}

  /**
   * Python: {@code increment(counter)}.
   *
   * @param counter the shared counter
   */
  public static void increment(SharedInt counter) {
    for (int i = 0; i < 10_000; i++) {
      try (Held _ = counter.getLock().hold()) {
        counter.set(counter.get() + 1);
      }
    }
  }

  /**
   * Python: {@code modify_array(arr)}.
   *
   * @param arr the shared array
   */
  public static void modifyArray(SharedDoubleArray arr) {
    for (int i = 0; i < arr.length(); i++) {
      arr.set(i, arr.get(i) * 2);
    }
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void main(String[] args) throws InterruptedException {
    Context mp = Multiprocessing.local();
    // Shared integer
    try (SharedInt counter = mp.sharedInt(0)) {
      List<ChildProcess> processes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        processes.add(mp.process(ValueAndArray::increment, counter));
      }
      for (ChildProcess p : processes) {
        p.start();
      }
      for (ChildProcess p : processes) {
        p.join();
      }
      System.out.println("Counter: " + counter.get()); // 40000
    }

    // Shared array
    try (SharedDoubleArray arr = mp.sharedDoubleArray(1.0, 2.0, 3.0, 4.0)) {
      ChildProcess p = mp.process(ValueAndArray::modifyArray, arr);
      p.start();
      p.join();
      System.out.println("Array: " + Arrays.toString(arr.toArray())); // [2.0, 4.0, 6.0, 8.0]
    }
  }
}
