package dev.multiproc.bench;

import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.SimpleMpQueue;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedMemory;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.RLock;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The child-side bodies of the IPC benchmarks (b07–b12): what the Python scripts' {@code
 * producer}, {@code consumer}, {@code writer} … functions do, as static methods a worker JVM
 * runs.
 */
public final class IpcTasks {
  /** b12's slice: 1 MiB. */
  static final int SLICE = 1 << 20;

  private IpcTasks() {}

  /**
   * b12's writer: attaches to the block by name and writes all of it in 1 MiB slices, twice
   * (fresh pages, then pages already present), as Python's {@code mv[off:off + SIZE] = chunk}.
   *
   * @param name the block
   * @return the seconds of the first and second pass
   */
  public static double[] writeBlock(String name) {
    byte[] chunk = new byte[SLICE];
    for (int i = 0; i < SLICE; i++) {
      chunk[i] = (byte) i;
    }
    try (SharedMemory shm = SharedMemory.attach(name)) {
      MemorySegment m = shm.segment();
      double[] seconds = new double[2];
      for (int pass = 0; pass < 2; pass++) {
        long t0 = System.nanoTime();
        for (long off = 0; off < m.byteSize(); off += SLICE) {
          MemorySegment.copy(chunk, 0, m, ValueLayout.JAVA_BYTE, off, SLICE);
        }
        seconds[pass] = (System.nanoTime() - t0) / 1e9;
      }
      return seconds;
    }
  }

  /**
   * b09's arguments: the value, a counter of workers at the start line, how many to wait for,
   * and the increments to do.
   *
   * @param value the shared value
   * @param arrived the start line
   * @param parties the workers of the round
   * @param n the increments
   */
  public record Increments(SharedInt value, SharedInt arrived, int parties, int n)
      implements Serializable {}

  /**
   * b09's worker: waits until all workers arrived, then does {@code with v.get_lock(): v.value
   * += 1} {@code n} times.
   *
   * @param a the arguments
   * @return this worker's start and end, {@link System#nanoTime()} (CLOCK_MONOTONIC, the same
   *     clock in every process)
   */
  public static long[] lockedIncrements(Increments a) {
    RLock lock = a.value().getLock();
    a.arrived().incrementAndGet();
    while (a.arrived().get() < a.parties()) {
      Thread.onSpinWait();
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < a.n(); i++) {
      lock.lock();
      try {
        a.value().set(a.value().get() + 1);
      } finally {
        lock.unlock();
      }
    }
    return new long[] {t0, System.nanoTime()};
  }

  /**
   * b11's ponger: {@code n} times, waits for {@code e1}, clears it and sets {@code e2}.
   *
   * @param e the two events
   * @param n the round trips
   * @return n
   * @throws InterruptedException if interrupted
   */
  public static Integer ponger(Event[] e, Integer n) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      e[0].await();
      e[0].clear();
      e[1].set();
    }
    return n;
  }

  /**
   * b07's arguments.
   *
   * @param queue an {@link MpQueue} or a {@link SimpleMpQueue}
   * @param payloadSize 0 for the int 12345, else the length of a byte array
   * @param n how many items
   * @param arrived the start line both sides wait at
   */
  public record QueueRun(Object queue, int payloadSize, int n, SharedInt arrived)
      implements Serializable {}

  private static Object payload(int size) {
    if (size == 0) {
      return 12345;
    }
    byte[] b = new byte[size];
    java.util.Arrays.fill(b, (byte) 'x');
    return b;
  }

  @SuppressWarnings("unchecked")
  private static void put(Object queue, Object item) throws InterruptedException {
    if (queue instanceof MpQueue<?> q) {
      ((MpQueue<Object>) q).put(item);
    } else {
      ((SimpleMpQueue<Object>) queue).put(item);
    }
  }

  private static Object get(Object queue) throws InterruptedException {
    return queue instanceof MpQueue<?> q ? q.get() : ((SimpleMpQueue<?>) queue).get();
  }

  private static void startLine(SharedInt arrived) {
    arrived.incrementAndGet();
    while (arrived.get() < 2) {
      Thread.onSpinWait();
    }
  }

  /**
   * b07's producer: waits at the start line, then puts {@code n} items.
   *
   * @param r the run
   * @return n
   * @throws InterruptedException if interrupted
   */
  public static Integer produce(QueueRun r) throws InterruptedException {
    Object item = payload(r.payloadSize());
    startLine(r.arrived());
    for (int i = 0; i < r.n(); i++) {
      put(r.queue(), item);
    }
    return r.n();
  }

  /**
   * b07's consumer: waits at the start line, then gets {@code n} items.
   *
   * @param r the run
   * @return the seconds from the start line to the last get
   * @throws InterruptedException if interrupted
   */
  public static Double consume(QueueRun r) throws InterruptedException {
    startLine(r.arrived());
    long t0 = System.nanoTime();
    Object last = null;
    for (int i = 0; i < r.n(); i++) {
      last = get(r.queue());
    }
    if (last == null) {
      throw new IllegalStateException("no items");
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * b08's sender: waits for "go", then sends {@code n} messages and closes its end.
   *
   * @param go the go signal's read end
   * @param data the data's write end
   * @param payloadSize 0 to {@code send} the int 12345, else {@code sendBytes} of this length
   * @param n how many
   * @return n
   */
  public static Integer send(Connection go, Connection data, int payloadSize, int n) {
    Object item = payload(payloadSize);
    go.recv();
    if (item instanceof byte[] bytes) {
      for (int i = 0; i < n; i++) {
        data.sendBytes(bytes);
      }
    } else {
      for (int i = 0; i < n; i++) {
        data.send(item);
      }
    }
    data.close();
    return n;
  }

  /**
   * b08's echo: receives and sends back {@code n} objects.
   *
   * @param conn its end of a duplex pipe
   * @param n how many
   * @return n
   */
  public static Integer echo(Connection conn, Integer n) {
    for (int i = 0; i < n; i++) {
      conn.send(conn.recv());
    }
    return n;
  }

  /**
   * b10's dict child: {@code n} times {@code d[i] = i}, then {@code n} times {@code d[i]}.
   *
   * @param d the manager's map
   * @param n how many
   * @return the seconds of the sets and of the gets
   */
  public static double[] dictChild(java.util.Map<Integer, Integer> d, Integer n) {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      d.put(i, i);
    }
    long t1 = System.nanoTime();
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += d.get(i);
    }
    long t2 = System.nanoTime();
    if (sum != (long) n * (n - 1) / 2) {
      throw new IllegalStateException("wrong sum " + sum);
    }
    return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
  }

  /**
   * b10's queue child: {@code n} puts, then {@code n} gets.
   *
   * @param q the manager's queue
   * @param n how many
   * @return the seconds of the puts and of the gets
   * @throws InterruptedException if interrupted
   */
  public static double[] queueChild(MpQueue<Integer> q, Integer n) throws InterruptedException {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      q.put(i);
    }
    long t1 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      q.get();
    }
    long t2 = System.nanoTime();
    return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
  }

  /**
   * b10's producer: {@code n} puts.
   *
   * @param q the manager's queue
   * @param n how many
   * @return n
   * @throws InterruptedException if interrupted
   */
  public static Integer produceInts(MpQueue<Integer> q, Integer n) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      q.put(i);
    }
    return n;
  }
}
