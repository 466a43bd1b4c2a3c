package dev.multiproc.examples.seed001;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.Pipe;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedIntArray;
import dev.multiproc.sync.Held;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Seed 001, §5 "Inter-Process Communication": 5.1 a queue of size 5 with one producer and two
 * consumers ({@link #queueMain}); 5.2 a pipe, both ways ({@link #pipeMain}); 5.3 a shared counter
 * and a shared array, each under its own lock ({@link #sharedMemoryMain}).
 *
 * <p>Differences: sleeps are a tenth of the tutorial's (the producer's 0.5 s is 0.05 s, a
 * consumer's 1 s is 0.1 s, 5.3's 0.1 s is 0.01 s). The queue's sentinel is the string {@link
 * #DONE}: a multiproc queue, as every Java {@code BlockingQueue}, holds no nulls. Python's {@code
 * Value('i', 0)} is {@code mp.sharedInt(0)}, {@code Array('i', [0] * 5)} is {@code
 * mp.sharedIntArray(new int[5])}, and {@code with x.get_lock():} is {@code try (Held _ =
 * x.getLock().hold())}.
 */
public final class Ipc {
  private Ipc() {}

  /** The sentinel: no more items. Python: {@code None}. */
  public static final String DONE = "<done>";

  /**
   * Produces items and puts them in the queue. Python: {@code producer(queue, items)}.
   *
   * @param queue the queue
   * @param items the items
   */
  public static void producer(MpQueue<String> queue, List<String> items) {
    for (String item : items) {
      System.out.println("Producing: " + item);
      Time.put(queue, item);
      Time.sleep(0.05);
    }
    // Signal completion
    Time.put(queue, DONE); // Sentinel value
  }

  /**
   * Consumes items from the queue. Python: {@code consumer(queue, name)}.
   *
   * @param queue the queue
   * @param name the consumer's name
   */
  public static void consumer(MpQueue<String> queue, String name) {
    while (true) {
      String item = Time.take(queue);
      if (item.equals(DONE)) {
        System.out.println("Consumer " + name + ": Received termination signal");
        break;
      }
      System.out.println("Consumer " + name + ": Processing " + item);
      Time.sleep(0.1);
    }
  }

  /**
   * Python: {@code demonstrate_queue()}.
   *
   * @throws InterruptedException if interrupted
   */
  public static void demonstrateQueue() throws InterruptedException {
    Context mp = Multiprocessing.local();
    // Create a queue with maximum size of 5
    try (MpQueue<String> queue = mp.queue(5)) {
      // Create producer process
      List<String> fruits = List.of("apple", "banana", "cherry", "date");
      ChildProcess producerProcess = mp.process(Ipc::producer, queue, fruits);
      // Create consumer processes
      ChildProcess consumer1 = mp.process(Ipc::consumer, queue, "A");
      ChildProcess consumer2 = mp.process(Ipc::consumer, queue, "B");
      // Start all processes
      producerProcess.start();
      consumer1.start();
      consumer2.start();
      // Wait for producer to finish
      producerProcess.join();
      // Terminate consumers (they might be waiting)
      queue.put(DONE); // For consumer2
      consumer1.join();
      consumer2.join();
      for (ChildProcess p : List.of(producerProcess, consumer1, consumer2)) {
        p.close();
      }
    }
  }

  /**
   * Runs §5.1's example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted
   */
  public static void queueMain(String[] args) throws InterruptedException {
    demonstrateQueue();
  }

  /**
   * Child process that communicates via pipe. Python: {@code child_process(conn)}.
   *
   * @param conn its end of the pipe
   */
  public static void childProcess(Connection conn) {
    // Receive data from parent
    String data = (String) java.util.Objects.requireNonNull(conn.recv());
    System.out.println("Child received: " + data);
    // Process data and send back
    String processedData = data.toUpperCase(Locale.ROOT);
    conn.send("Processed: " + processedData);
    // Close connection
    conn.close();
  }

  /**
   * Runs §5.2's example. Python: {@code demonstrate_pipe()}.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void pipeMain(String[] args) throws InterruptedException {
    Context mp = Multiprocessing.local();
    // Create a pipe (two connection objects)
    try (Pipe pipe = mp.pipe()) {
      Connection parentConn = pipe.conn1();
      Connection childConn = pipe.conn2();
      // Create child process
      ChildProcess child = mp.process(Ipc::childProcess, childConn);
      child.start();
      // Parent sends data
      parentConn.send("hello from parent");
      // Parent receives processed data
      Object result = parentConn.recv();
      System.out.println("Parent received: " + result);
      // Wait for child to complete
      child.join();
      child.close();
      parentConn.close();
    }
  }

  /**
   * Worker that modifies shared data. Python: {@code worker_with_shared_data(shared_array,
   * shared_value, worker_id)}.
   *
   * @param sharedArray the shared array
   * @param sharedValue the shared counter
   * @param workerId the worker's number, added to every item of the array
   */
  public static void workerWithSharedData(
      SharedIntArray sharedArray, SharedInt sharedValue, int workerId) {
    try (Held _ = sharedValue.getLock().hold()) { // Synchronization
      int temp = sharedValue.get();
      Time.sleep(0.01); // Simulate processing time
      sharedValue.set(temp + 1);
      System.out.println("Worker " + workerId + ": Updated counter to " + sharedValue.get());
    }
    // Modify array
    for (int i = 0; i < sharedArray.length(); i++) {
      try (Held _ = sharedArray.getLock().hold()) {
        sharedArray.set(i, sharedArray.get(i) + workerId);
      }
    }
  }

  /**
   * Runs §5.3's example. Python: {@code demonstrate_shared_memory()}.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void sharedMemoryMain(String[] args) throws InterruptedException {
    Context mp = Multiprocessing.local();
    // Create shared memory objects
    try (SharedIntArray sharedArray = mp.sharedIntArray(0, 0, 0, 0, 0); // Array of 5 integers
        SharedInt sharedCounter = mp.sharedInt(0)) { // Single integer
      System.out.println("Initial values:");
      System.out.println("Array: " + Arrays.toString(sharedArray.toArray()));
      System.out.println("Counter: " + sharedCounter.get());

      // Create worker processes
      List<ChildProcess> processes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int workerId = i + 1;
        ChildProcess p =
            mp.process(() -> workerWithSharedData(sharedArray, sharedCounter, workerId));
        processes.add(p);
        p.start();
      }
      // Wait for all processes to complete
      for (ChildProcess p : processes) {
        p.join();
        p.close();
      }

      System.out.println();
      System.out.println("Final values:");
      System.out.println("Array: " + Arrays.toString(sharedArray.toArray()));
      System.out.println("Counter: " + sharedCounter.get());
    }
  }
}
