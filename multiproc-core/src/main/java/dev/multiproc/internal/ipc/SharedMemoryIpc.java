package dev.multiproc.internal.ipc;

import dev.multiproc.internal.shm.Futex;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.Pipe;
import dev.multiproc.ipc.SimpleMpQueue;
import dev.multiproc.process.ChildProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Where the local context's pipes and queues come from, and {@code wait} over them. */
public final class SharedMemoryIpc {
  /** The most words one {@code futex_waitv} takes. */
  private static final int MAX_WORDS = 128;

  /** How often {@link #wait} polls what it cannot park on (processes, other connections). */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private SharedMemoryIpc() {}

  /**
   * Creates a pipe over shared memory.
   *
   * @param duplex whether both ends send and receive
   * @return the two ends
   */
  public static Pipe pipe(boolean duplex) {
    ShmConnection[] ends = ShmConnection.pipe(duplex);
    return new Pipe(ends[0], ends[1]);
  }

  /**
   * Creates a pipe with {@code ringBytes} per direction.
   *
   * @param duplex whether both ends send and receive
   * @param ringBytes bytes per direction, rounded up to a power of two (at least 4 KiB)
   * @return the two ends
   */
  public static Pipe pipe(boolean duplex, long ringBytes) {
    ShmConnection[] ends = ShmConnection.pipe(duplex, ringBytes);
    return new Pipe(ends[0], ends[1]);
  }

  /**
   * Creates a queue.
   *
   * @param maxsize the most items it holds, 0 for no limit
   * @param <E> the item type
   * @return the queue
   * @throws IllegalArgumentException if maxsize is negative
   */
  public static <E> MpQueue<E> queue(int maxsize) {
    return queue(maxsize, ShmQueue.DEFAULT_RING_BYTES);
  }

  /**
   * Creates a queue with {@code ringBytes} for items in transit.
   *
   * @param maxsize the most items it holds, 0 for no limit
   * @param ringBytes bytes for items in transit, rounded up to a power of two (at least 4 KiB)
   * @param <E> the item type
   * @return the queue
   * @throws IllegalArgumentException if maxsize is negative
   */
  public static <E> MpQueue<E> queue(int maxsize, long ringBytes) {
    return new ShmQueue<>(SegmentKind.QUEUE, maxsize, ringBytes);
  }

  /**
   * Creates a joinable queue.
   *
   * @param maxsize the most items it holds, 0 for no limit
   * @param <E> the item type
   * @return the queue
   * @throws IllegalArgumentException if maxsize is negative
   */
  public static <E> JoinableMpQueue<E> joinableQueue(int maxsize) {
    return new ShmJoinableQueue<>(maxsize, ShmQueue.DEFAULT_RING_BYTES);
  }

  /**
   * Creates a simple queue.
   *
   * @param <E> the item type
   * @return the queue
   */
  public static <E> SimpleMpQueue<E> simpleQueue() {
    return new ShmSimpleQueue<>(ShmQueue.DEFAULT_RING_BYTES);
  }

  /**
   * Waits until at least one of {@code objects} is ready; see {@code Connections.wait}.
   *
   * @param objects connections and started processes
   * @param timeout how long at most
   * @param <T> the element type
   * @return the ready ones, in the order given; empty if the timeout passed first
   * @throws IllegalArgumentException if an object is neither a readable connection nor a started
   *     process
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public static <T> List<T> wait(Collection<? extends T> objects, Duration timeout)
      throws InterruptedException {
    long deadline = Parking.deadline(timeout);
    List<T> items = List.copyOf(objects);
    boolean polling = items.size() > MAX_WORDS;
    for (T o : items) {
      polling |= check(o);
    }
    while (true) {
      List<T> ready = new ArrayList<>();
      for (T o : items) {
        if (isReady(o)) {
          ready.add(o);
        }
      }
      if (!ready.isEmpty()) {
        return ready;
      }
      long left = Parking.left(deadline);
      if (left == 0) {
        return List.of();
      }
      List<Futex.Word> words = new ArrayList<>();
      boolean arrived = false;
      for (T o : items) {
        if (o instanceof ShmConnection c && words.size() < MAX_WORDS) {
          Futex.Word w = c.readyWord();
          if (w == null) {
            arrived = true;
            break;
          }
          words.add(w);
        }
      }
      if (arrived) {
        continue;
      }
      Futex.awaitAny(words, polling ? Math.min(left, POLL_NANOS) : left);
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted in wait()");
      }
    }
  }

  /** Checks that {@code o} can be waited for; returns whether it must be polled. */
  private static boolean check(Object o) {
    return switch (o) {
      case ShmConnection c -> {
        requireReadable(c);
        yield false;
      }
      case Connection c -> {
        requireReadable(c);
        yield true;
      }
      case ChildProcess p -> {
        if (p.pid().isEmpty()) {
          throw new IllegalArgumentException(
              "cannot wait for a process that was not started: " + p.name());
        }
        yield true;
      }
      default ->
          throw new IllegalArgumentException(
              "cannot wait for a "
                  + o.getClass().getName()
                  + ": only connections and started processes can be waited for");
    };
  }

  private static void requireReadable(Connection c) {
    if (!c.readable()) {
      throw new IllegalArgumentException("cannot wait for a write-only connection: " + c);
    }
  }

  private static boolean isReady(Object o) {
    return switch (o) {
      case ShmConnection c -> c.ready();
      case Connection c -> c.closed() || c.poll(Duration.ZERO);
      case ChildProcess p -> !p.isAlive();
      default -> throw new IllegalStateException("unexpected " + o);
    };
  }
}
