package dev.multiproc.internal.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.internal.transport.Frame;
import dev.multiproc.internal.transport.SocketFrameChannel;
import dev.multiproc.ipc.AuthenticationException;
import dev.multiproc.ipc.ConnectionClosedException;
import dev.multiproc.spi.TaggedCodec;
import dev.multiproc.testing.NoLeaksExtension;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handshake and the framing against peers that misbehave in ways a real {@link SocketListener} or {@link
 * SocketClient} never does: silent, answering with a wrong digest, or announcing a huge frame.
 * These peers speak the raw frames here.
 */
@ExtendWith(NoLeaksExtension.class)
class MisbehavingPeerTest {
  private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
  private static final byte[] MAGIC = "multiproc.connection/1".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  /** Two connected raw channels: the listener's end first. */
  private record Pair(SocketChannel listenerSide, SocketChannel clientSide) {}

  private Pair pair() throws Exception {
    var address = UnixDomainSocketAddress.of(dir.resolve("s" + System.nanoTime() + ".sock"));
    try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(address);
      var client = SocketChannel.open(address);
      return new Pair(server.accept(), client);
    }
  }

  private static byte[] frame(int type, byte[] body) {
    byte[] f = new byte[body.length + 1];
    f[0] = (byte) type;
    System.arraycopy(body, 0, f, 1, body.length);
    return f;
  }

  private static byte[] hello(boolean hasKey) {
    byte[] body = java.util.Arrays.copyOf(MAGIC, MAGIC.length + 1);
    body[MAGIC.length] = (byte) (hasKey ? 1 : 0);
    return frame(1, body);
  }

  private static void send(FramedChannel ch, byte[] f) {
    ch.write(f, 0, f.length, FramedChannel.NEVER);
  }

  private static byte[] read(FramedChannel ch) {
    int n = ch.readLength(FramedChannel.NEVER, 1024);
    byte[] b = new byte[n];
    ch.readPayload(b, 0, n, FramedChannel.NEVER);
    return b;
  }

  @Test
  void asListener_silentClient_failsAfterTheTimeout() throws Exception {
    Pair p = pair();
    try (var listener = new FramedChannel(p.listenerSide(), "silent client");
        var silent = p.clientSide()) {
      long start = System.nanoTime();
      var e =
          assertThrows(
              AuthenticationException.class,
              () -> Handshake.asListener(listener, KEY, Duration.ofMillis(300)));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(ms >= 250 && ms < 20_000, "took " + ms + " ms");
      assertEquals(
          "handshake not finished within 300 ms: no answer from silent client in time "
              + "for a message",
          e.getMessage());
      assertTrue(silent.isOpen());
    }
  }

  @Test
  void asClient_listenerAnsweringWithoutTheKey_refusedByTheClient() throws Exception {
    Pair p = pair();
    try (var fake = new FramedChannel(p.listenerSide(), "client");
        var client = new FramedChannel(p.clientSide(), "the fake listener")) {
      // a listener that does not know the key: it waves the client's digest through and then
      // answers the client's challenge with a made-up digest
      var fakeListener =
          CompletableFuture.supplyAsync(
              () -> {
                send(fake, hello(true));
                read(fake); // the client's hello
                send(fake, frame(2, new byte[32]));
                read(fake); // the client's digest, unchecked
                send(fake, new byte[] {4}); // WELCOME
                byte[] challenge = read(fake);
                assertEquals(2, challenge[0]);
                send(fake, frame(3, new byte[32])); // a wrong digest
                return read(fake); // the client's verdict
              });
      var e =
          assertThrows(
              AuthenticationException.class,
              () -> Handshake.asClient(client, KEY, Duration.ofSeconds(10)));
      assertEquals(
          "digest received was wrong: the listener's auth key does not match this client's",
          e.getMessage());
      assertArrayEquals(new byte[] {5}, fakeListener.get(30, TimeUnit.SECONDS)); // FAILURE
    }
  }

  @Test
  void asClient_notAMultiprocPeer_refusedWithProtocolError() throws Exception {
    Pair p = pair();
    try (var other = new FramedChannel(p.listenerSide(), "client");
        var client = new FramedChannel(p.clientSide(), "the listener")) {
      send(other, frame(1, "SSH-2.0-OpenSSH".getBytes(StandardCharsets.US_ASCII)));
      var e =
          assertThrows(
              AuthenticationException.class,
              () -> Handshake.asClient(client, KEY, Duration.ofSeconds(10)));
      assertEquals(
          "protocol error: the listener is not a multiproc connection (unknown greeting)",
          e.getMessage());
    }
  }

  @Test
  void recv_frameLengthOverTheLimit_closesWithClearError() throws Exception {
    Pair p = pair();
    try (var raw = p.clientSide();
        var connection =
            new SocketConnection(
                new FramedChannel(p.listenerSide(), "raw peer"),
                new TaggedCodec(ClassFilter.defaults()))) {
      raw.write(ByteBuffer.allocate(4).putInt(0, Integer.MAX_VALUE));
      var e = assertThrows(ConnectionClosedException.class, connection::recvBytes);
      assertEquals(
          "closed the connection to raw peer: it announced a message of 2147483647 bytes,"
              + " over the limit of 1073741824 bytes (a corrupt stream, or a peer that is not a "
              + "multiproc connection)",
          e.getMessage());
      assertTrue(connection.closed());
    }
  }

  @Test
  void recv_peerDiesMidMessage_saysHowMuchArrived() throws Exception {
    Pair p = pair();
    try (var connection =
        new SocketConnection(
            new FramedChannel(p.listenerSide(), "raw peer"),
            new TaggedCodec(ClassFilter.defaults()))) {
      try (var raw = p.clientSide()) {
        raw.write(ByteBuffer.allocate(7).putInt(0, 10).put(4, (byte) 1).put(5, (byte) 2));
      }
      var e = assertThrows(ConnectionClosedException.class, connection::recvBytes);
      assertEquals(
          "the other end (raw peer) closed the connection in the middle of a message "
              + "(3 of 10 bytes received)",
          e.getMessage());
    }
  }

  @Test
  void recv_interruptedInTheMiddleOfAMessage_closesTheConnection() throws Exception {
    Pair p = pair();
    try (var raw = p.clientSide();
        var connection =
            new SocketConnection(
                new FramedChannel(p.listenerSide(), "raw peer"),
                new TaggedCodec(ClassFilter.defaults()))) {
      raw.write(ByteBuffer.allocate(7).putInt(0, 10).put(4, (byte) 1).put(5, (byte) 2));
      Thread.currentThread().interrupt();
      try {
        var e = assertThrows(java.io.UncheckedIOException.class, connection::recvBytes);
        assertTrue(e.getCause() instanceof java.io.InterruptedIOException, e.toString());
      } finally {
        assertTrue(Thread.interrupted());
      }
      assertTrue(connection.closed(), "a half-read message cannot be resumed");
    }
  }

  @Test
  void recv_interruptedBetweenMessages_keepsTheConnection() throws Exception {
    Pair p = pair();
    try (var raw = p.clientSide();
        var connection =
            new SocketConnection(
                new FramedChannel(p.listenerSide(), "raw peer"),
                new TaggedCodec(ClassFilter.defaults()))) {
      raw.write(ByteBuffer.allocate(2).putShort(0, (short) 0)); // half of a length word
      Thread.currentThread().interrupt();
      try {
        assertThrows(java.io.UncheckedIOException.class, connection::recvBytes);
      } finally {
        assertTrue(Thread.interrupted());
      }
      raw.write(ByteBuffer.allocate(3).put(0, (byte) 0).put(1, (byte) 1).put(2, (byte) 42));
      assertArrayEquals(new byte[] {42}, connection.recvBytes());
    }
  }

  @Test
  void handshake_bothKeysEqual_passesBothWays() throws Exception {
    Pair p = pair();
    try (var l = new FramedChannel(p.listenerSide(), "client");
        var c = new FramedChannel(p.clientSide(), "listener")) {
      var client =
          CompletableFuture.runAsync(
              () -> Handshake.asClient(c, KEY.clone(), Duration.ofSeconds(10)));
      Handshake.asListener(l, KEY, Duration.ofSeconds(10));
      try {
        client.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw new AssertionError(e.getCause());
      }
    }
  }

  /* --------------- the worker channel's framing --------------- */

  /** Bytes this thread has allocated: HotSpot's counter, read reflectively (class path tests). */
  private static long allocatedByThisThread() throws ReflectiveOperationException {
    Object threads =
        Class.forName("java.lang.management.ManagementFactory")
            .getMethod("getThreadMXBean")
            .invoke(null);
    return (long)
        Class.forName("com.sun.management.ThreadMXBean")
            .getMethod("getCurrentThreadAllocatedBytes")
            .invoke(threads);
  }

  @Test
  void frameChannel_frameOverItsLimit_refusedBeforeItsPayloadIsRead() throws Exception {
    Pair p = pair();
    try (var raw = p.clientSide();
        var channel = new SocketFrameChannel(p.listenerSide())) {
      raw.write(ByteBuffer.allocate(4).putInt(0, 1 << 30));
      var e =
          assertThrows(java.io.IOException.class, () -> channel.receive(Frame.HELLO_MAX_PAYLOAD));
      assertEquals(
          "refused a frame: the other process announced a frame of 1073741824 bytes,"
              + " over the limit of 265 bytes for it (a corrupt stream, or a peer that is not a"
              + " multiproc process)",
          e.getMessage());
    }
  }

  @Test
  @SuppressWarnings("EnumOrdinal") // the kind's ordinal is its wire byte, as the channel writes it
  void frameChannel_frameAnnouncingOneGiB_holdsOnlyWhatArrives() throws Exception {
    Pair p = pair();
    try (var channel = new SocketFrameChannel(p.listenerSide())) {
      var received =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  long before = allocatedByThisThread();
                  var e = assertThrows(java.io.EOFException.class, channel::receive);
                  return java.util.Map.entry(e.getMessage(), allocatedByThisThread() - before);
                } catch (ReflectiveOperationException e) {
                  throw new IllegalStateException(e);
                }
              });
      try (var raw = p.clientSide()) {
        raw.write(
            ByteBuffer.allocate(13)
                .putInt(1 << 30)
                .put((byte) Frame.Kind.CALL.ordinal())
                .putLong(7)
                .flip());
        ByteBuffer data = ByteBuffer.allocate(1 << 20);
        while (data.hasRemaining()) {
          raw.write(data);
        }
      }
      var outcome = received.get(60, TimeUnit.SECONDS);
      assertEquals(
          "the other process closed the channel in the middle of a frame (1048576 of"
              + " 1073741815 bytes of its payload received)",
          outcome.getKey());
      assertTrue(
          outcome.getValue() < 32L << 20,
          "the receiver allocated " + outcome.getValue() + " bytes for 1 MiB received");
    }
  }
}
