package dev.multiproc.ipc;

import dev.multiproc.function.ClassFilter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A bound socket that accepts {@link Connection}s from {@link Client}s: Python's {@code
 * multiprocessing.connection.Listener}.
 *
 * <pre>{@code
 * byte[] key = "secret password".getBytes(UTF_8);
 * try (Listener listener = Listener.open(new InetSocketAddress("localhost", 6000), key);
 *      Connection conn = listener.accept()) {
 *   conn.send(List.of(1, "two", 3.0));
 * }
 * // in another process:
 * try (Connection conn = Client.connect(new InetSocketAddress("localhost", 6000), key)) {
 *   Object message = conn.recv();
 * }
 * }</pre>
 *
 * <p>The address is a {@link UnixDomainSocketAddress} (a socket file), an {@link
 * InetSocketAddress} (TCP; port 0 picks a free port, see {@link #address()}), or null for a fresh
 * socket file in a private directory. A socket file the listener binds is removed by {@link
 * #close()}, and by the library's resource tracker if the process dies first.
 *
 * <p>With an auth key, {@link #accept()} challenges each client with random bytes that it must
 * sign with HMAC-SHA256 under the same key, then the client challenges the listener the same way;
 * a key that does not match, or a key on one side only, ends in {@link AuthenticationException}
 * on both sides before any message passes. Without a key anyone who can reach the address can
 * connect: a TCP listener without a key should listen on a loopback address only. The whole
 * handshake is bounded (10 s), so a silent client cannot hold {@code accept} for ever.
 *
 * <p>Concurrency: {@code accept} serves one thread at a time; {@link #close()} may be called from
 * any thread and ends a waiting {@code accept} with {@link ConnectionClosedException}. A listener
 * belongs to the process that opened it: to let another process connect, pass it {@link
 * #address()} and the key, not the listener.
 */
public interface Listener extends AutoCloseable {

  /**
   * Opens a listener on a fresh socket file in a private directory, without authentication.
   *
   * @return the listener
   */
  static Listener open() {
    return open(null, null);
  }

  /**
   * Opens a listener on a fresh socket file in a private directory.
   *
   * @param authKey the key clients must prove they hold, or null for no authentication
   * @return the listener
   * @throws IllegalArgumentException if the key is empty
   */
  static Listener open(byte @Nullable [] authKey) {
    return open(null, authKey);
  }

  /**
   * Opens a listener. Python: {@code Listener(address, authkey=key)}.
   *
   * @param address a {@link UnixDomainSocketAddress} or {@link InetSocketAddress}, or null for a
   *     fresh socket file in a private directory
   * @param authKey the key clients must prove they hold, or null for no authentication
   * @return the listener
   * @throws IllegalArgumentException if the address type is not supported or the key is empty
   * @throws java.io.UncheckedIOException if the address cannot be bound
   */
  static Listener open(@Nullable SocketAddress address, byte @Nullable [] authKey) {
    return open(address, authKey, ClassFilter.defaults());
  }

  /**
   * Opens a listener whose connections decode only the classes {@code filter} allows.
   *
   * @param address a {@link UnixDomainSocketAddress} or {@link InetSocketAddress}, or null for a
   *     fresh socket file in a private directory
   * @param authKey the key clients must prove they hold, or null for no authentication
   * @param filter the classes {@link Connection#recv()} may decode
   * @return the listener
   * @throws IllegalArgumentException if the address type is not supported or the key is empty
   * @throws java.io.UncheckedIOException if the address cannot be bound
   */
  static Listener open(
      @Nullable SocketAddress address, byte @Nullable [] authKey, ClassFilter filter) {
    return Connections.PROVIDER.listen(address, Optional.ofNullable(authKey), filter);
  }

  /**
   * Waits for a client, authenticates it and returns the connection to it. Python: {@code
   * accept()}.
   *
   * @return the connection, authenticated both ways
   * @throws AuthenticationException if the client and this listener do not share the key (the
   *     client's connection is closed; the listener goes on accepting)
   * @throws ConnectionClosedException if the listener is closed
   */
  Connection accept();

  /**
   * Waits up to {@code timeout} for a client, then authenticates it as {@link #accept()} does
   * (the handshake has its own bound).
   *
   * @param timeout how long to wait for a client to connect
   * @return the connection, or empty if no client connected in time
   * @throws AuthenticationException if the client and this listener do not share the key
   * @throws ConnectionClosedException if the listener is closed
   */
  Optional<Connection> accept(Duration timeout);

  /**
   * Returns the address this listener is bound to, with the real port of a TCP listener opened on
   * port 0. Python: {@code address}.
   *
   * @return the address clients connect to
   */
  SocketAddress address();

  /**
   * Returns the address of the last client accepted (an unnamed socket address for a Unix-domain
   * client). Python: {@code last_accepted}.
   *
   * @return the address, or empty before the first accept
   */
  Optional<SocketAddress> lastAccepted();

  /**
   * Stops listening and removes the socket file it bound. Connections already accepted stay open.
   * Idempotent.
   */
  @Override
  void close();
}
