package dev.multiproc.ipc;

import dev.multiproc.function.ClassFilter;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * Waiting on several connections and processes at once: Python's {@code
 * multiprocessing.connection.wait}.
 *
 * <pre>{@code
 * List<Object> ready = Connections.wait(List.of(pipe1.conn1(), pipe2.conn1(), child), timeout);
 * }</pre>
 */
public final class Connections {
  /** The sockets and the wait of this package's static methods. */
  static final Provider PROVIDER =
      ServiceLoader.load(Provider.class, Provider.class.getClassLoader())
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no "
                          + Provider.class.getName()
                          + " is declared: multiproc-core's module-info or META-INF/services is missing"));

  private Connections() {}

  /**
   * What {@link Client}, {@link Listener} and {@link Connections} are built on: sockets and the
   * wait over connections of every kind. The core provides it, found through {@link
   * ServiceLoader}; applications do not implement or call it.
   */
  public interface Provider {
    /**
     * Connects to a listener; see {@link Client#connect(SocketAddress, byte[], ClassFilter)}.
     *
     * @param address where the listener is
     * @param authKey the key to prove, if any
     * @param filter the classes the connection may decode
     * @return the connection
     */
    Connection connect(SocketAddress address, Optional<byte[]> authKey, ClassFilter filter);

    /**
     * Opens a listener; see {@link Listener#open(SocketAddress, byte[])}.
     *
     * @param address where to listen, or null for a fresh socket file
     * @param authKey the key clients must prove, if any
     * @param filter the classes its connections may decode
     * @return the listener
     */
    Listener listen(@Nullable SocketAddress address, Optional<byte[]> authKey, ClassFilter filter);

    /**
     * Waits until at least one of {@code objects} is ready; see {@link
     * Connections#wait(Collection, Duration)}.
     *
     * @param objects readable connections and started processes
     * @param timeout how long at most
     * @param <T> the element type
     * @return the ready objects, in the order given
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    <T> List<T> wait(Collection<? extends T> objects, Duration timeout) throws InterruptedException;
  }

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
    return PROVIDER.wait(objects, timeout);
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
    return PROVIDER.wait(objects, Duration.ofSeconds(Long.MAX_VALUE));
  }
}
