package dev.multiproc.ipc;

import dev.multiproc.internal.ipc.SharedMemoryIpc;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Waiting on several connections and processes at once: Python's {@code
 * multiprocessing.connection.wait}.
 *
 * <pre>{@code
 * List<Object> ready = Connections.wait(List.of(pipe1.conn1(), pipe2.conn1(), child), timeout);
 * }</pre>
 */
public final class Connections {
  private Connections() {}

  /**
   * Waits until at least one of {@code objects} is ready, at most {@code timeout}. A connection
   * is ready when a receive would not wait: a message is there, or the other end is gone, or it
   * was closed here. A {@link dev.multiproc.process.ChildProcess} is ready once it has ended.
   * Pipe ends made by {@code Context.pipe()} are watched without polling; other connections and
   * processes are looked at every 10 ms.
   *
   * @param objects readable connections and started processes
   * @param timeout how long at most; zero means look once
   * @param <T> the element type
   * @return the ready objects, in the order given; empty if the timeout passed first
   * @throws IllegalArgumentException if an object is neither a readable connection nor a started
   *     process
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public static <T> List<T> wait(Collection<? extends T> objects, Duration timeout)
      throws InterruptedException {
    return SharedMemoryIpc.wait(objects, timeout);
  }

  /**
   * Waits as long as it takes until at least one of {@code objects} is ready. Python: {@code
   * wait(object_list)}.
   *
   * @param objects readable connections and started processes
   * @param <T> the element type
   * @return the ready objects, in the order given (never empty)
   * @throws IllegalArgumentException if an object is neither a readable connection nor a started
   *     process
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public static <T> List<T> wait(Collection<? extends T> objects) throws InterruptedException {
    return SharedMemoryIpc.wait(objects, Duration.ofSeconds(Long.MAX_VALUE));
  }
}
