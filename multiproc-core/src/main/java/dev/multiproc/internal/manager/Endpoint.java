package dev.multiproc.internal.manager;

import java.io.Serial;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Where a manager listens, its key and its proxies' call timeout: what a proxy carries to reach
 * its manager from any process. The connections themselves are this process's {@link
 * ClientPool}.
 *
 * @param address {@code unix:/path} or {@code tcp:host:port}
 * @param key the auth key
 * @param callTimeoutMillis how long a call waits for a manager that answers nothing
 */
record Endpoint(String address, byte[] key, long callTimeoutMillis) implements Serializable {
  @Serial private static final long serialVersionUID = 2L;

  static Endpoint of(SocketAddress address, byte[] key, Duration callTimeout) {
    String text =
        switch (address) {
          case UnixDomainSocketAddress unix -> "unix:" + unix.getPath();
          case InetSocketAddress inet -> "tcp:" + inet.getHostString() + ":" + inet.getPort();
          default ->
              throw new IllegalArgumentException(
                  "a manager listens on a Unix or TCP address," + " not " + address);
        };
    return new Endpoint(text, key.clone(), callTimeout.toMillis());
  }

  SocketAddress socketAddress() {
    if (address.startsWith("unix:")) {
      return UnixDomainSocketAddress.of(Path.of(address.substring(5)));
    }
    int colon = address.lastIndexOf(':');
    return new InetSocketAddress(
        address.substring(4, colon), Integer.parseInt(address.substring(colon + 1)));
  }

  Duration callTimeout() {
    return Duration.ofMillis(callTimeoutMillis);
  }

  /** How messages name the manager: its socket path, or host:port. */
  String where() {
    return address.substring(address.indexOf(':') + 1);
  }

  /** Identifies this process's connections to the manager (the key is part of it). */
  String poolKey() {
    return address + "#" + HexFormat.of().formatHex(key) + "#" + callTimeoutMillis;
  }

  /** Makes a call, on this process's connections to the manager. */
  @Nullable Object invoke(
      long object,
      String signature,
      @Nullable Object @Nullable [] args,
      boolean bySession,
      boolean interruptible,
      String what)
      throws Throwable {
    return ClientPool.of(this).invoke(object, signature, args, bySession, interruptible, what);
  }

  /** Closes this process's connections to the manager. */
  void disconnect() {
    ClientPool.disconnect(this);
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
