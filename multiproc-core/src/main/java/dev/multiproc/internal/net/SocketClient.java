package dev.multiproc.internal.net;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.internal.codec.TaggedCodec;
import dev.multiproc.ipc.Connection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Connects to a {@link SocketListener}: Python's {@code multiprocessing.connection.Client}. */
public final class SocketClient {
  /** How long connecting may take, before the handshake. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private SocketClient() {}

  /**
   * Connects and authenticates.
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
    byte[] key = SocketListener.checkKey(authKey);
    if (!(address instanceof UnixDomainSocketAddress) && !(address instanceof InetSocketAddress)) {
      throw new IllegalArgumentException("unsupported address " + address + " of class "
          + address.getClass().getName() + ": use a UnixDomainSocketAddress or an "
          + "InetSocketAddress");
    }
    String where = SocketListener.describe(address);
    SocketChannel channel;
    try {
      channel = open(address);
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
      Handshake.asClient(framed, key, Handshake.TIMEOUT);
    } catch (RuntimeException e) {
      framed.close();
      throw e;
    }
    return new SocketConnection(framed, new TaggedCodec(filter));
  }

  /** Connects without blocking longer than {@link #CONNECT_TIMEOUT}. */
  private static SocketChannel open(SocketAddress address) throws IOException {
    if (address instanceof InetSocketAddress inet && inet.isUnresolved()) {
      throw new IOException("the host name does not resolve");
    }
    SocketChannel channel = address instanceof UnixDomainSocketAddress
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
          long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
          while (!channel.finishConnect()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              throw new IOException("no answer within " + CONNECT_TIMEOUT.toSeconds() + " s");
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
