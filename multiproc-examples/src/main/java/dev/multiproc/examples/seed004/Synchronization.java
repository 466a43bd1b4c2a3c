package dev.multiproc.examples.seed004;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.sync.Held;
import dev.multiproc.sync.MpLock;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004, "Process Synchronization": four processes add 1 to a shared counter 10,000 times each,
 * holding a separate {@link MpLock} around each read-and-write: 40,000.
 *
 * <p>Differences: the counter is made without its own lock ({@code mp.sharedInt(0, false)},
 * Python's {@code Value('i', 0, lock=False)}), since the example guards it with its own lock.
 */
public final class Synchronization {
  private Synchronization() {}

  /**
   * Python: {@code safe_increment(counter, lock)}.
   *
   * @param counter the shared counter
   * @param lock the lock around each update
   */
  public static void safeIncrement(SharedInt counter, MpLock lock) {
    for (int i = 0; i < 10_000; i++) {
      try (Held _ = lock.hold()) {
        counter.set(counter.get() + 1);
      }
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
    try (MpLock lock = mp.lock();
        SharedInt counter = mp.sharedInt(0, false)) {
      List<ChildProcess> processes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        processes.add(mp.process(Synchronization::safeIncrement, counter, lock));
      }

      for (ChildProcess p : processes) {
        p.start();
      }
      for (ChildProcess p : processes) {
        p.join();
      }

      System.out.println("Counter: " + counter.get()); // 40000
    }
  }
}
