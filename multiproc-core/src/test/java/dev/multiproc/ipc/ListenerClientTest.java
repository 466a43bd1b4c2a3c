package dev.multiproc.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.testing.Blocked;
import dev.multiproc.testing.CapturedOutput;
import dev.multiproc.testing.NoLeaksExtension;
import java.io.ByteArrayOutputStream;
import java.io.InterruptedIOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link Listener} and {@link Client} over real Unix-domain and TCP sockets, and across a child JVM. */
@ExtendWith(NoLeaksExtension.class)
class ListenerClientTest {
  private static final byte[] KEY = "the right key".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER_KEY = "another key".getBytes(StandardCharsets.UTF_8);
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** A record from the application: decoded through the codec's class filter. */
  record Point(int x, int y) implements java.io.Serializable {}

  /** Connects from another thread, as a second process would. */
  private static CompletableFuture<Connection> connectLater(SocketAddress address, byte[] key) {
    return CompletableFuture.supplyAsync(() -> Client.connect(address, key));
  }

  private static void roundTrip(Listener listener) throws Exception {
    CompletableFuture<Connection> client = connectLater(listener.address(), KEY);
    try (Connection server = listener.accept();
        Connection c = client.get(30, TimeUnit.SECONDS)) {
      var message = new ArrayList<Object>(List.of(1, "two", 3.0, new Point(4, 5), Map.of("k", 6L)));
      c.send(message);
      assertEquals(message, server.recv());
      server.send(null);
      server.send("é unicode ✓");
      assertEquals(null, c.recv());
      assertEquals("é unicode ✓", c.recv());
      byte[] big = new byte[300_000]; // larger than any socket buffer: streamed in chunks
      for (int i = 0; i < big.length; i++) {
        big[i] = (byte) (i * 31);
      }
      var sent =
          CompletableFuture.runAsync(
              () -> {
                c.sendBytes(big);
                c.sendBytes(big, 10, 5);
                c.sendBytes(new byte[0]);
              });
      assertArrayEquals(big, server.recvBytes());
      byte[] into = new byte[8];
      assertEquals(5, server.recvBytesInto(into, 3));
      assertArrayEquals(
          java.util.Arrays.copyOfRange(big, 10, 15), java.util.Arrays.copyOfRange(into, 3, 8));
      assertEquals(0, server.recvBytes().length);
      sent.get(30, TimeUnit.SECONDS);
      assertTrue(listener.lastAccepted().isPresent());
    }
  }

  /* --------------- round trips --------------- */

  @Test
  void accept_unixSocketDefaultAddress_roundTripsObjectsAndBytes() throws Exception {
    try (Listener listener = Listener.open(KEY)) {
      assertInstanceOf(UnixDomainSocketAddress.class, listener.address());
      roundTrip(listener);
    }
  }

  @Test
  void accept_tcpPortZero_bindsAFreePortAndRoundTrips() throws Exception {
    try (Listener listener =
        Listener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), KEY)) {
      var address = assertInstanceOf(InetSocketAddress.class, listener.address());
      assertNotEquals(0, address.getPort());
      roundTrip(listener);
    }
  }

  @Test
  void accept_noKeyOnEitherSide_connects() throws Exception {
    try (Listener listener = Listener.open(null, null)) {
      CompletableFuture<Connection> client =
          CompletableFuture.supplyAsync(() -> Client.connect(listener.address()));
      try (Connection server = listener.accept();
          Connection c = client.get(30, TimeUnit.SECONDS)) {
        server.send(42);
        assertEquals(42, c.recv());
      }
    }
  }

  @Test
  void accept_withTimeoutAndNoClient_returnsEmpty() {
    try (Listener listener = Listener.open()) {
      assertTrue(listener.accept(Duration.ofMillis(50)).isEmpty());
      assertTrue(listener.lastAccepted().isEmpty());
    }
  }

  /* --------------- authentication --------------- */

  @Test
  void accept_wrongKey_bothSidesRefuseAndNoDataFlows() throws Exception {
    try (Listener listener = Listener.open(KEY)) {
      CompletableFuture<Connection> client = connectLater(listener.address(), OTHER_KEY);
      var onListener = assertThrows(AuthenticationException.class, listener::accept);
      assertEquals(
          "digest received was wrong: the client's auth key does not match this listener's",
          onListener.getMessage());
      var e =
          assertThrows(
              java.util.concurrent.ExecutionException.class,
              () -> client.get(30, TimeUnit.SECONDS));
      var onClient = assertInstanceOf(AuthenticationException.class, e.getCause());
      assertEquals(
          "the listener refused this client: the digest sent was wrong, so the client's "
              + "auth key does not match the listener's",
          onClient.getMessage());

      // the listener goes on, and the next (right) client's first message is its own
      CompletableFuture<Connection> good = connectLater(listener.address(), KEY);
      try (Connection server = listener.accept();
          Connection c = good.get(30, TimeUnit.SECONDS)) {
        c.send("first");
        assertEquals("first", server.recv());
        assertFalse(server.poll(Duration.ofMillis(20)));
      }
    }
  }

  @Test
  void accept_keyOnListenerOnly_refusedOnBothSides() throws Exception {
    try (Listener listener = Listener.open(KEY)) {
      CompletableFuture<Connection> client =
          CompletableFuture.supplyAsync(() -> Client.connect(listener.address()));
      var onListener = assertThrows(AuthenticationException.class, listener::accept);
      assertEquals(
          "the client has no auth key, but this listener requires one", onListener.getMessage());
      var e =
          assertThrows(
              java.util.concurrent.ExecutionException.class,
              () -> client.get(30, TimeUnit.SECONDS));
      assertEquals(
          "the listener requires an auth key, but this client has none",
          assertInstanceOf(AuthenticationException.class, e.getCause()).getMessage());
    }
  }

  @Test
  void accept_keyOnClientOnly_refusedOnBothSides() throws Exception {
    try (Listener listener = Listener.open()) {
      CompletableFuture<Connection> client = connectLater(listener.address(), KEY);
      var onListener = assertThrows(AuthenticationException.class, listener::accept);
      assertEquals(
          "the client has an auth key, but this listener has none: give both sides the "
              + "same key, or neither",
          onListener.getMessage());
      var e =
          assertThrows(
              java.util.concurrent.ExecutionException.class,
              () -> client.get(30, TimeUnit.SECONDS));
      assertEquals(
          "the listener has no auth key, but this client has one: give both sides the "
              + "same key, or neither",
          assertInstanceOf(AuthenticationException.class, e.getCause()).getMessage());
    }
  }

  @Test
  void open_emptyKey_throws() {
    var e = assertThrows(IllegalArgumentException.class, () -> Listener.open(new byte[0]));
    assertEquals("authKey must not be empty: pass null for no authentication", e.getMessage());
  }

  /* --------------- end of stream, buffers, poll --------------- */

  @Test
  void recv_afterPeerClosed_drainsThenThrowsConnectionClosed() throws Exception {
    try (Listener listener = Listener.open(KEY)) {
      CompletableFuture<Connection> client = connectLater(listener.address(), KEY);
      try (Connection server = listener.accept()) {
        Connection c = client.get(30, TimeUnit.SECONDS);
        c.send("last words");
        c.close();
        assertTrue(c.closed());
        assertThrows(ConnectionClosedException.class, () -> c.send("after close"));
        assertThrows(ConnectionClosedException.class, c::recv);
        assertEquals("last words", server.recv());
        assertTrue(server.poll(Duration.ofSeconds(5))); // the end of the stream is readable
        var e = assertThrows(ConnectionClosedException.class, server::recv);
        assertTrue(e.getMessage().contains("closed the connection"), e.getMessage());
        assertThrows(ConnectionClosedException.class, server::recvBytes);
      }
    }
  }

  @Test
  void recv_blockedWhenClosedFromAnotherThread_throwsConnectionClosed() throws Exception {
    try (Listener listener = Listener.open(KEY)) {
      CompletableFuture<Connection> client = connectLater(listener.address(), KEY);
      Connection server = listener.accept();
      Connection c = client.get(30, TimeUnit.SECONDS);
      try {
        var blocked = blockedInSelect(server::recv);
        server.close();
        var e =
            assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> blocked.get(30, TimeUnit.SECONDS));
        assertInstanceOf(ConnectionClosedException.class, e.getCause());
      } finally {
        c.close();
      }
    }
  }

  @Test
  void recv_interrupted_throwsInterruptedIoAndKeepsConnection() throws Exception {
    try (Listener listener = Listener.open(KEY)) {
      CompletableFuture<Connection> client = connectLater(listener.address(), KEY);
      try (Connection server = listener.accept();
          Connection c = client.get(30, TimeUnit.SECONDS)) {
        Thread.currentThread().interrupt();
        var e = assertThrows(UncheckedIOException.class, server::recv);
        assertTrue(Thread.interrupted());
        assertInstanceOf(InterruptedIOException.class, e.getCause());
        c.send("still open");
        assertEquals("still open", server.recv());
      }
    }
  }

  @Test
  void recvBytesInto_bufferTooShort_throwsWithWholeMessageAndNextMessageIsIntact()
      throws Exception {
    try (Listener listener = Listener.open(KEY)) {
      CompletableFuture<Connection> client = connectLater(listener.address(), KEY);
      try (Connection server = listener.accept();
          Connection c = client.get(30, TimeUnit.SECONDS)) {
        c.sendBytes(new byte[] {1, 2, 3, 4, 5, 6});
        c.sendBytes(new byte[] {7});
        var e =
            assertThrows(BufferTooShortException.class, () -> server.recvBytesInto(new byte[8], 4));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, e.message());
        assertEquals(
            "a message of 6 bytes does not fit in the 4 bytes left in the buffer", e.getMessage());
        assertArrayEquals(new byte[] {7}, server.recvBytes());
      }
    }
  }

  @Test
  void poll_nothingSent_timesOutThenSeesMessage() throws Exception {
    try (Listener listener = Listener.open(KEY)) {
      CompletableFuture<Connection> client = connectLater(listener.address(), KEY);
      try (Connection server = listener.accept();
          Connection c = client.get(30, TimeUnit.SECONDS)) {
        assertFalse(server.poll());
        long start = System.nanoTime();
        assertFalse(server.poll(Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(90));
        CompletableFuture<Void> late =
            CompletableFuture.runAsync(
                () -> {
                  sleep(100);
                  c.send("late");
                });
        assertTrue(server.poll(WAIT));
        assertTrue(server.poll());
        assertEquals("late", server.recv());
        late.get(30, TimeUnit.SECONDS);
        assertFalse(server.poll());
      }
    }
  }

  /* --------------- what send refuses --------------- */

  @Test
  void send_unencodable_throwsNamingClassAndSendsNothing() throws Exception {
    try (Listener listener = Listener.open(KEY)) {
      CompletableFuture<Connection> client = connectLater(listener.address(), KEY);
      try (Connection server = listener.accept();
          Connection c = client.get(30, TimeUnit.SECONDS)) {
        var e =
            assertThrows(
                IllegalArgumentException.class, () -> c.send(List.of("fine", new Object())));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        c.send("next");
        assertEquals("next", server.recv());
      }
    }
  }

  @Test
  void serialize_connection_refusedWithAdvice() throws Exception {
    try (Listener listener = Listener.open(KEY)) {
      CompletableFuture<Connection> client = connectLater(listener.address(), KEY);
      try (Connection server = listener.accept();
          Connection c = client.get(30, TimeUnit.SECONDS)) {
        assertFalse(server.closed());
        var out = new ObjectOutputStream(new ByteArrayOutputStream());
        var e = assertThrows(NotSerializableException.class, () -> out.writeObject(c));
        assertTrue(
            e.getMessage().contains("pass the listener's address and auth key"), e.getMessage());
        var onListener =
            assertThrows(NotSerializableException.class, () -> out.writeObject(listener));
        assertTrue(onListener.getMessage().contains("pass its address()"), onListener.getMessage());
        // as a child's argument it fails before any process starts
        var start =
            assertThrows(
                RuntimeException.class,
                () ->
                    Multiprocessing.local().process(ListenerClientTest::useConnection, c).start());
        assertTrue(
            String.valueOf(start.getMessage()).contains("pass the listener's address"),
            String.valueOf(start.getMessage()));
      }
    }
  }

  static void useConnection(Connection c) {
    c.send("never");
  }

  /* --------------- socket files --------------- */

  @Test
  void close_removesTheSocketFileItBound(@TempDir Path dir) throws Exception {
    Path fresh;
    try (Listener listener = Listener.open()) {
      fresh = ((UnixDomainSocketAddress) listener.address()).getPath();
      assertTrue(Files.exists(fresh));
    }
    assertFalse(Files.exists(fresh));

    Path chosen = dir.resolve("chosen.sock");
    Listener listener = Listener.open(UnixDomainSocketAddress.of(chosen), KEY);
    assertEquals(UnixDomainSocketAddress.of(chosen), listener.address());
    assertTrue(Files.exists(chosen));
    listener.close();
    listener.close(); // idempotent
    assertFalse(Files.exists(chosen));
    assertThrows(ConnectionClosedException.class, listener::accept);
    var e =
        assertThrows(
            UncheckedIOException.class,
            () -> Client.connect(UnixDomainSocketAddress.of(chosen), KEY));
    assertTrue(
        e.getMessage().startsWith("cannot connect to a listener at " + chosen), e.getMessage());
  }

  @Test
  void accept_blockedWhenListenerClosed_throwsConnectionClosed() throws Exception {
    Listener listener = Listener.open();
    var blocked = blockedInSelect(listener::accept);
    listener.close();
    var e =
        assertThrows(
            java.util.concurrent.ExecutionException.class, () -> blocked.get(30, TimeUnit.SECONDS));
    assertInstanceOf(ConnectionClosedException.class, e.getCause());
  }

  /** Runs {@code call} in a thread of its own; returns once that thread waits in a select. */
  private static <T> CompletableFuture<T> blockedInSelect(java.util.function.Supplier<T> call)
      throws InterruptedException {
    var result = new CompletableFuture<T>();
    Thread t =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    result.complete(call.get());
                  } catch (Throwable e) {
                    result.completeExceptionally(e);
                  }
                });
    Blocked.untilInside(t, "EPollSelectorImpl", "doSelect", Duration.ofSeconds(30));
    return result;
  }

  /* --------------- across a child process --------------- */

  static void childClient(String path, byte[] key) {
    try (Connection c = Client.connect(UnixDomainSocketAddress.of(path), key)) {
      Object message = c.recv();
      c.send(List.of("child got", message, ProcessHandle.current().pid()));
      byte[] bytes = c.recvBytes();
      byte[] reversed = new byte[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        reversed[i] = bytes[bytes.length - 1 - i];
      }
      c.sendBytes(reversed);
    }
  }

  @Test
  void accept_childProcessClientWithRightKey_exchangesObjectsAndBytes() throws Exception {
    try (Listener listener = Listener.open(KEY)) {
      String path = ((UnixDomainSocketAddress) listener.address()).getPath().toString();
      ChildProcess child =
          Multiprocessing.local().process(ListenerClientTest::childClient, path, KEY).start();
      try (Connection c = listener.accept()) {
        c.send(new Point(1, 2));
        assertEquals(List.of("child got", new Point(1, 2), child.pid().orElseThrow()), c.recv());
        c.sendBytes(new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {3, 2, 1}, c.recvBytes());
        assertThrows(ConnectionClosedException.class, c::recv); // the child closed its end
      } finally {
        assertTrue(child.join(WAIT));
      }
      assertEquals(OptionalInt.of(0), child.exitCode());
    }
  }

  @Test
  void accept_childProcessClientWithWrongKey_refusedInBothProcesses() throws Exception {
    try (Listener listener = Listener.open(KEY);
        var output = new CapturedOutput()) {
      String path = ((UnixDomainSocketAddress) listener.address()).getPath().toString();
      ChildProcess child =
          Multiprocessing.local().process(ListenerClientTest::childClient, path, OTHER_KEY).start();
      var e = assertThrows(AuthenticationException.class, listener::accept);
      assertTrue(e.getMessage().startsWith("digest received was wrong"), e.getMessage());
      assertTrue(child.join(WAIT));
      assertEquals(OptionalInt.of(1), child.exitCode());
      assertTrue(
          output.awaitErr(
              s -> s.contains("AuthenticationException: the listener refused " + "this client"),
              WAIT),
          output::err);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
