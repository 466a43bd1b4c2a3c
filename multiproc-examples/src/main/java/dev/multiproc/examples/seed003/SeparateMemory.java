package dev.multiproc.examples.seed003;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.process.ChildProcess;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 003, "Multiple Processes and Separate Memory": four processes compute a square each and
 * put it on a queue with their pid, since they cannot change the parent's variables.
 *
 * <p>Differences: Python's tuple {@code (n, result, pid)} is the record {@link Squared}. The
 * notebook drains the queue with {@code while not queue.empty()}, which can stop early in Python
 * (an item put just before a child exits may not be in the pipe yet); here the parent takes
 * exactly four items.
 */
public final class SeparateMemory {
  private SeparateMemory() {}

  /**
   * One child's answer. Python: the tuple {@code (n, result, pid)}.
   *
   * @param n the input
   * @param result its square
   * @param pid the process that computed it
   */
  public record Squared(int n, int result, long pid) implements Serializable {}

  /**
   * Compute a square and put the result in a queue. Python: {@code compute_square(n,
   * result_queue)}.
   *
   * @param n the input
   * @param resultQueue where to put the answer
   */
  public static void computeSquare(Integer n, MpQueue<Squared> resultQueue) {
    long pid = Time.getpid();
    int result = n * n;
    Time.put(resultQueue, new Squared(n, result, pid));
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void main(String[] args) throws InterruptedException {
    Context mp = Multiprocessing.local();
    try (MpQueue<Squared> queue = mp.queue()) {
      List<ChildProcess> processes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ChildProcess p = mp.process(SeparateMemory::computeSquare, i, queue);
        processes.add(p);
        p.start();
      }

      // Wait for all processes to complete
      for (ChildProcess p : processes) {
        p.join();
      }

      // Collect results
      System.out.println("Main process PID: " + Time.getpid());
      System.out.println();
      System.out.println("Results from child processes:");
      for (int i = 0; i < processes.size(); i++) {
        Squared s = queue.get();
        System.out.printf("  %d^2 = %d (computed by PID %d)%n", s.n(), s.result(), s.pid());
      }
    }
  }
}
