package dev.multiproc.examples.seed004;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.process.ChildProcess;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Seed 004, "Sharing Data with Queue": a producer process puts 0..4 and a sentinel on a queue; a
 * consumer process takes them until the sentinel.
 *
 * <p>Differences: Python's sentinel is {@code None}; a multiproc queue, as every Java {@code
 * BlockingQueue}, holds no nulls, so the sentinel is {@link #DONE}, -1, a number no producer
 * sends.
 */
public final class QueueSharing {
  private QueueSharing() {}

  /** The sentinel. Python: {@code None}. */
  public static final int DONE = -1;

  /**
   * Python: {@code producer(q, items)}.
   *
   * @param q the queue
   * @param items what to put on it
   */
  public static void producer(MpQueue<Integer> q, List<Integer> items) {
    for (int item : items) {
      Time.put(q, item);
      System.out.println("Produced: " + item);
    }
    Time.put(q, DONE); // Sentinel
  }

  /**
   * Python: {@code consumer(q)}.
   *
   * @param q the queue
   */
  public static void consumer(MpQueue<Integer> q) {
    while (true) {
      int item = Time.take(q);
      if (item == DONE) {
        break;
      }
      System.out.println("Consumed: " + item);
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
    try (MpQueue<Integer> q = mp.queue()) {
      List<Integer> items = IntStream.range(0, 5).boxed().toList();

      ChildProcess p1 = mp.process(QueueSharing::producer, q, items);
      ChildProcess p2 = mp.process(QueueSharing::consumer, q);

      p1.start();
      p2.start();
      p1.join();
      p2.join();
    }
  }
}
