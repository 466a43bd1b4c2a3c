package dev.multiproc.examples.seed002;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.process.ChildProcess;
import java.util.List;

/**
 * Seed 002, "Example 3: Inter-Process Communication with multiprocessing.Queue": a producer
 * process puts four items on a queue, then a sentinel; a consumer process takes them until the
 * sentinel.
 *
 * <p>Differences: the sleeps are scaled down (0.5 s and 0.7 s become 0.05 s and 0.07 s). Python's
 * sentinel is {@code None}; a multiproc queue, as every Java {@code BlockingQueue}, holds no
 * nulls, so the sentinel is the marker string {@link #DONE}, compared by identity of content.
 */
public final class QueueProducerConsumer {
  private QueueProducerConsumer() {}

  /** The sentinel: no more items. Python: {@code None}. */
  public static final String DONE = "<done>";

  /**
   * Puts items into the queue. Python: {@code producer(queue, items)}.
   *
   * @param queue the queue
   * @param items the items
   */
  public static void producer(MpQueue<String> queue, List<String> items) {
    for (String item : items) {
      System.out.println("Producer: Putting " + item + " into queue.");
      Time.put(queue, item);
      Time.sleep(0.05);
    }
    Time.put(queue, DONE); // Sentinel value to signal end of production
  }

  /**
   * Gets items from the queue and processes them. Python: {@code consumer(queue)}.
   *
   * @param queue the queue
   */
  public static void consumer(MpQueue<String> queue) {
    while (true) {
      String item = Time.take(queue);
      if (item.equals(DONE)) { // Check for sentinel value
        break;
      }
      System.out.println("Consumer: Got " + item + " from queue. Processing...");
      Time.sleep(0.07);
    }
    System.out.println("Consumer: Finished.");
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void main(String[] args) throws InterruptedException {
    Context mp = Multiprocessing.local();
    System.out.println("Main process: Setting up producer-consumer with Queue.");

    try (MpQueue<String> q = mp.queue()) {
      List<String> dataItems = List.of("data1", "data2", "data3", "data4");

      ChildProcess pProducer = mp.process(QueueProducerConsumer::producer, q, dataItems);
      ChildProcess pConsumer = mp.process(QueueProducerConsumer::consumer, q);

      pProducer.start();
      pConsumer.start();

      pProducer.join();
      pConsumer.join();
    }
    System.out.println("Main process: Producer and Consumer processes finished.");
  }
}
