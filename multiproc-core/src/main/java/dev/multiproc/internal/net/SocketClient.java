package dev.multiproc.internal.net;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.ipc.Connection;
import dev.multiproc.spi.TaggedCodec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/** Connects to a {@link SocketListener}: Python's {@code multiprocessing.connection.Client}. */
public final class SocketClient {
  /** How long connecting may take, before the handshake. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private static final long FIRST_BACKOFF_NANOS = 200_000;
  private static final long MAX_BACKOFF_NANOS = 20_000_000;

  private SocketClient() {}

  /**
   * Connects and authenticates, within {@link Handshake#TIMEOUT} for each of the two steps.
   *
   * @param address the listener's address
   * @param authKey the key, or null for none
   * @param filter the classes {@link Connection#recv} may decode
   * @return the connection, authenticated both ways
   * @throws IllegalArgumentException if the address type is not supported or the key is empty
   * @throws dev.multiproc.ipc.AuthenticationException if either side refuses the other
   * @throws UncheckedIOException if nothing listens there
   */
  public static Connection connect(
      SocketAddress address, byte @Nullable [] authKey, ClassFilter filter) {
    return connect(address, authKey, filter, CONNECT_TIMEOUT);
  }

  /**
   * Connects and authenticates, waiting at most {@code timeout} for the connection and as long
   * again (at most {@link Handshake#TIMEOUT}) for the handshake. A listener whose backlog is full
   * (a Unix socket then refuses a non-blocking connect with {@code EAGAIN}) is retried until the
   * timeout: a busy listener is not a missing one.
   *
   * @param address the listener's address
   * @param authKey the key, or null for none
   * @param filter the classes {@link Connection#recv} may decode
   * @param timeout how long each step may take
   * @return the connection, authenticated both ways
   * @throws IllegalArgumentException if the address type is not supported or the key is empty
   * @throws dev.multiproc.ipc.AuthenticationException if either side refuses the other, or the
   *     handshake did not finish in time (then with a {@link java.util.concurrent.TimeoutException}
   *     as the cause)
   * @throws UncheckedIOException if nothing listens there, or nothing accepted in time
   */
  public static Connection connect(
      SocketAddress address, byte @Nullable [] authKey, ClassFilter filter, Duration timeout) {
    byte[] key = SocketListener.checkKey(authKey);
    if (!(address instanceof UnixDomainSocketAddress) && !(address instanceof InetSocketAddress)) {
      throw new IllegalArgumentException(
          "unsupported address "
              + address
              + " of class "
              + address.getClass().getName()
              + ": use a UnixDomainSocketAddress or an "
              + "InetSocketAddress");
    }
    Duration bound = timeout.compareTo(CONNECT_TIMEOUT) > 0 ? CONNECT_TIMEOUT : timeout;
    String where = SocketListener.describe(address);
    SocketChannel channel;
    try {
      channel = open(address, bound);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to a listener at " + where + ": " + e, e);
    }
    FramedChannel framed;
    try {
      framed = new FramedChannel(channel, "the listener at " + where);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the connection to " + where + ": " + e, e);
    }
    try {
      Handshake.asClient(
          framed, key, bound.compareTo(Handshake.TIMEOUT) > 0 ? Handshake.TIMEOUT : bound);
    } catch (RuntimeException e) {
      framed.close();
      throw e;
    }
    return new SocketConnection(framed, new TaggedCodec(filter));
  }

  /**
   * Connects without blocking longer than {@code timeout}, retrying while the listener's backlog
   * is full.
   */
  private static SocketChannel open(SocketAddress address, Duration timeout) throws IOException {
    if (address instanceof InetSocketAddress inet && inet.isUnresolved()) {
      throw new IOException("the host name does not resolve");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    long backoff = FIRST_BACKOFF_NANOS;
    while (true) {
      try {
        return openOnce(address, deadline, timeout);
      } catch (IOException e) {
        if (!backlogFull(e)) {
          throw e;
        }
        if (System.nanoTime() - deadline >= 0) {
          var late =
              new SocketTimeoutException(
                  "the listener's backlog stayed full for "
                      + timeout.toMillis()
                      + " ms ("
                      + e.getMessage()
                      + ")");
          late.initCause(e);
          throw late;
        }
      }
      // the listener is there but busy: wait a little for its accept loop to drain the backlog
      LockSupport.parkNanos(Math.min(backoff, Math.max(1, deadline - System.nanoTime())));
      backoff = Math.min(2 * backoff, MAX_BACKOFF_NANOS);
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("interrupted while waiting to connect");
      }
    }
  }

  /** Whether a connect failed because the listener's backlog is full ({@code EAGAIN}). */
  private static boolean backlogFull(IOException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return message.contains("temporarily unavailable") || message.contains("try again");
  }

  private static SocketChannel openOnce(SocketAddress address, long deadline, Duration timeout)
      throws IOException {
    SocketChannel channel =
        address instanceof UnixDomainSocketAddress
            ? SocketChannel.open(java.net.StandardProtocolFamily.UNIX)
            : SocketChannel.open();
    try {
      if (address instanceof InetSocketAddress) {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      channel.configureBlocking(false);
      if (!channel.connect(address)) {
        try (Selector selector = Selector.open()) {
          channel.register(selector, SelectionKey.OP_CONNECT);
          while (!channel.finishConnect()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              throw new SocketTimeoutException("no answer within " + timeout.toMillis() + " ms");
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
          }
        }
      }
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }
}
