package dev.multiproc.ipc;

import dev.multiproc.function.ClassFilter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Connects to a {@link Listener}: Python's {@code multiprocessing.connection.Client}. See {@link
 * Listener} for the handshake; the client authenticates the listener as much as the listener
 * authenticates it.
 */
public final class Client {
  private Client() {}

  /**
   * Connects without an auth key: the listener must have none either. Python: {@code
   * Client(address)}.
   *
   * @param address the listener's {@link UnixDomainSocketAddress} or {@link InetSocketAddress}
   * @return the connection
   * @throws AuthenticationException if the listener requires a key
   * @throws java.io.UncheckedIOException if nothing listens at the address
   */
  public static Connection connect(SocketAddress address) {
    return connect(address, null);
  }

  /**
   * Connects and authenticates both ways. Python: {@code Client(address, authkey=key)}.
   *
   * @param address the listener's {@link UnixDomainSocketAddress} or {@link InetSocketAddress}
   * @param authKey the key shared with the listener, or null for none
   * @return the connection, authenticated both ways
   * @throws IllegalArgumentException if the address type is not supported or the key is empty
   * @throws AuthenticationException if the listener has another key, or only one side has a key
   * @throws java.io.UncheckedIOException if nothing listens at the address
   */
  public static Connection connect(SocketAddress address, byte @Nullable [] authKey) {
    return connect(address, authKey, ClassFilter.defaults());
  }

  /**
   * Connects and authenticates; the connection decodes only the classes {@code filter} allows.
   *
   * @param address the listener's {@link UnixDomainSocketAddress} or {@link InetSocketAddress}
   * @param authKey the key shared with the listener, or null for none
   * @param filter the classes {@link Connection#recv()} may decode
   * @return the connection, authenticated both ways
   * @throws IllegalArgumentException if the address type is not supported or the key is empty
   * @throws AuthenticationException if the listener has another key, or only one side has a key
   * @throws java.io.UncheckedIOException if nothing listens at the address
   */
  public static Connection connect(
      SocketAddress address, byte @Nullable [] authKey, ClassFilter filter) {
    return Connections.PROVIDER.connect(address, Optional.ofNullable(authKey), filter);
  }
}
