package dev.multiproc.examples.seed000;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.Pipe;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedIntArray;
import java.util.Arrays;

/**
 * Seed 000, §8 "Understanding Process Communication": a) a producer and a consumer process share a
 * queue ({@link #queueMain}); b) a sender and a receiver process share a pipe ({@link
 * #pipeMain}); c) a child changes a shared value and a shared array ({@link
 * #sharedMemoryMain}).
 *
 * <p>Differences: the queue's end marker is {@code -1} ({@link #DONE}): a multiproc queue, as
 * every Java {@code BlockingQueue}, holds no nulls, so Python's {@code None} cannot be sent.
 * Python's {@code parent_conn, child_conn = Pipe()} is {@code mp.pipe()} with ends {@link
 * Pipe#conn1()} and {@link Pipe#conn2()}. {@code Value('i', 0)} is {@code mp.sharedInt(0)} and
 * {@code Array('i', [...])} is {@code mp.sharedIntArray(...)}; the tutorial's unlocked {@code
 * value.value += 10} is a read and a write, which is safe here only because one process writes.
 */
public final class Communication {
  private Communication() {}

  /** The end of the items. Python: {@code None}. */
  public static final int DONE = -1;

  /**
   * Python: {@code producer(queue)}.
   *
   * @param queue the queue
   */
  public static void producer(MpQueue<Integer> queue) {
    for (int i = 0; i < 5; i++) {
      System.out.println("Producing: " + i);
      Time.put(queue, i); // Put item on the queue
    }
  }

  /**
   * Python: {@code consumer(queue)}.
   *
   * @param queue the queue
   */
  public static void consumer(MpQueue<Integer> queue) {
    while (true) {
      int item = Time.take(queue); // Get item from the queue
      if (item == DONE) { // DONE signals end of processing
        break;
      }
      System.out.println("Consuming: " + item);
    }
  }

  /**
   * Runs §8a's example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted
   */
  public static void queueMain(String[] args) throws InterruptedException {
    Context mp = Multiprocessing.local();
    try (MpQueue<Integer> queue = mp.queue()) {
      // Create producer and consumer processes
      ChildProcess prodProc = mp.process(Communication::producer, queue);
      ChildProcess consProc = mp.process(Communication::consumer, queue);
      // Start both processes
      prodProc.start();
      consProc.start();
      // Wait for producer to finish
      prodProc.join();
      // Signal consumer to stop
      queue.put(DONE);
      consProc.join();
      prodProc.close();
      consProc.close();
    }
  }

  /**
   * Python: {@code sender(conn)}.
   *
   * @param conn its end of the pipe
   */
  public static void sender(Connection conn) {
    conn.send("Hello");
    conn.send(42);
    conn.close();
  }

  /**
   * Python: {@code receiver(conn)}.
   *
   * @param conn its end of the pipe
   */
  public static void receiver(Connection conn) {
    System.out.println(conn.recv()); // "Hello"
    System.out.println(conn.recv()); // 42
  }

  /**
   * Runs §8b's example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void pipeMain(String[] args) throws InterruptedException {
    Context mp = Multiprocessing.local();
    // Create a pipe - a pair of connection objects
    try (Pipe pipe = mp.pipe()) {
      Connection parentConn = pipe.conn1();
      Connection childConn = pipe.conn2();
      // Create processes
      ChildProcess p1 = mp.process(Communication::sender, childConn);
      ChildProcess p2 = mp.process(Communication::receiver, parentConn);
      // Start processes
      p1.start();
      p2.start();
      // Wait for processes to finish
      p1.join();
      p2.join();
      p1.close();
      p2.close();
    }
  }

  /**
   * Python: {@code modify_shared_objects(value, array)}.
   *
   * @param value the shared value
   * @param array the shared array
   */
  public static void modifySharedObjects(SharedInt value, SharedIntArray array) {
    value.set(value.get() + 10);
    for (int i = 0; i < array.length(); i++) {
      array.set(i, array.get(i) + 1);
    }
  }

  /**
   * Runs §8c's example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void sharedMemoryMain(String[] args) throws InterruptedException {
    Context mp = Multiprocessing.local();
    try (SharedInt sharedValue = mp.sharedInt(0);
        SharedIntArray sharedArray = mp.sharedIntArray(1, 2, 3, 4, 5)) {
      ChildProcess p = mp.process(Communication::modifySharedObjects, sharedValue, sharedArray);
      p.start();
      p.join();
      p.close();
      System.out.println("Shared value: " + sharedValue.get()); // Should be 10
      System.out.println("Shared array: " + Arrays.toString(sharedArray.toArray()));
    }
  }
}
