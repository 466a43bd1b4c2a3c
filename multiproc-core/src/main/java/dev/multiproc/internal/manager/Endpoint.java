package dev.multiproc.internal.manager;

import dev.multiproc.ipc.Client;
import dev.multiproc.ipc.Connection;
import dev.multiproc.manager.ManagerException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Where a manager listens and its key, and this process's connections to it: one per thread, as
 * Python's proxies have, so a lock taken through a proxy is held by the same server thread that
 * releases it.
 *
 * @param address {@code unix:/path} or {@code tcp:host:port}
 * @param key the auth key
 */
record Endpoint(String address, byte[] key) implements Serializable {
  @Serial private static final long serialVersionUID = 1L;
  private static final Map<String, ThreadLocal<Connection>> CONNECTIONS = new ConcurrentHashMap<>();

  static Endpoint of(SocketAddress address, byte[] key) {
    String text = switch (address) {
      case UnixDomainSocketAddress unix -> "unix:" + unix.getPath();
      case InetSocketAddress inet -> "tcp:" + inet.getHostString() + ":" + inet.getPort();
      default -> throw new IllegalArgumentException("a manager listens on a Unix or TCP address,"
          + " not " + address);
    };
    return new Endpoint(text, key.clone());
  }

  SocketAddress socketAddress() {
    if (address.startsWith("unix:")) {
      return UnixDomainSocketAddress.of(Path.of(address.substring(5)));
    }
    int colon = address.lastIndexOf(':');
    return new InetSocketAddress(address.substring(4, colon),
        Integer.parseInt(address.substring(colon + 1)));
  }

  private String id() {
    return address + "#" + HexFormat.of().formatHex(key);
  }

  /**
   * Sends {@code request} on this thread's connection and returns the answer's value, or throws
   * the exception the manager raised.
   */
  @Nullable Object call(Object request, String what) throws Throwable {
    ThreadLocal<Connection> mine = CONNECTIONS.computeIfAbsent(id(), k -> new ThreadLocal<>());
    Connection c = mine.get();
    try {
      if (c == null || c.closed()) {
        c = Client.connect(socketAddress(), key);
        mine.set(c);
      }
      c.send(Requests.toWire(request));
      Object answer = Requests.fromWire(c.recv());
      if (answer instanceof Requests.Raised raised) {
        throw raised.error();
      }
      return ((Requests.Returned) answer).value();
    } catch (UncheckedIOException e) { // ConnectionClosedException too
      if (c != null) {
        c.close();
      }
      mine.remove();
      throw new ManagerException("the manager at " + address + " is gone (shut down, or its"
          + " process died): " + what + " failed", e);
    }
  }

  /** Closes this thread's connection, if any. */
  void disconnect() {
    ThreadLocal<Connection> mine = CONNECTIONS.get(id());
    if (mine != null && mine.get() != null) {
      mine.get().close();
      mine.remove();
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Endpoint e && e.address.equals(address) && Arrays.equals(e.key, key);
  }

  @Override
  public int hashCode() {
    return address.hashCode();
  }

  @Override
  public String toString() {
    return address;
  }
}
