package dev.multiproc.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.ipc.Connection;
import dev.multiproc.spi.TaggedCodec;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client of a listener whose backlog is full: a Unix socket then refuses a non-blocking connect
 * with {@code EAGAIN}, which means "busy", not "nobody there".
 */
class SocketClientBacklogTest {
  private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  /** Fills the backlog of {@code server} (which accepts nothing) with raw connections. */
  private static List<SocketChannel> fill(UnixDomainSocketAddress address) throws Exception {
    List<SocketChannel> waiting = new ArrayList<>();
    while (true) {
      SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
      c.configureBlocking(false);
      try {
        c.connect(address);
        waiting.add(c);
      } catch (java.io.IOException full) {
        c.close();
        return waiting;
      }
      if (waiting.size() > 64) {
        throw new AssertionError("the backlog never filled");
      }
    }
  }

  @Test
  void connect_backlogFull_waitsForRoomInsteadOfFailing() throws Exception {
    var address = UnixDomainSocketAddress.of(dir.resolve("busy.sock"));
    try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(address, 1);
      List<SocketChannel> waiting = fill(address);
      CompletableFuture<Connection> client = new CompletableFuture<>();
      Thread connecting =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      client.complete(SocketClient.connect(address, KEY, ClassFilter.defaults()));
                    } catch (Throwable t) {
                      client.completeExceptionally(t);
                    }
                  });
      // wait until the client met the full backlog: it failed, or it waits to try again
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!client.isDone() && !waitsToRetry(connecting)) {
        assertTrue(System.nanoTime() < deadline, "the client neither failed nor waited");
        Thread.sleep(5); // polling a thread's state, which has no event to wait on
      }
      if (client.isCompletedExceptionally()) {
        client.join(); // throws what the client met: it gave up on a listener that was there
      }
      // make room by taking the raw ones, then serve the client
      List<SocketChannel> accepted = new ArrayList<>();
      try {
        for (int i = 0; i < waiting.size(); i++) {
          accepted.add(server.accept());
        }
        waiting.forEach(SocketClientBacklogTest::closeQuietly);
        try (var mine = new FramedChannel(server.accept(), "the client")) {
          Handshake.asListener(mine, KEY, Duration.ofSeconds(20));
          var connection = new SocketConnection(mine, new TaggedCodec(ClassFilter.defaults()));
          try (Connection c = client.get(30, TimeUnit.SECONDS)) {
            c.send("hello");
            assertEquals("hello", connection.recv());
          }
        }
      } finally {
        accepted.forEach(SocketClientBacklogTest::closeQuietly);
        connecting.join();
      }
    }
  }

  @Test
  void connect_backlogFullForTheWholeTimeout_failsNamingTheTimeout() throws Exception {
    var address = UnixDomainSocketAddress.of(dir.resolve("stuck.sock"));
    try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(address, 1);
      List<SocketChannel> waiting = fill(address);
      try {
        long t0 = System.nanoTime();
        var e =
            assertThrows(
                UncheckedIOException.class,
                () ->
                    SocketClient.connect(
                        address, KEY, ClassFilter.defaults(), Duration.ofMillis(500)));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(450));
        assertTrue(e.getMessage().contains("stuck.sock"), e.getMessage());
        assertInstanceOf(java.net.SocketTimeoutException.class, e.getCause(), e.getMessage());
      } finally {
        waiting.forEach(SocketClientBacklogTest::closeQuietly);
      }
    }
  }

  private static boolean waitsToRetry(Thread t) {
    return t.getState() == Thread.State.TIMED_WAITING
        && java.util.Arrays.stream(t.getStackTrace())
            .anyMatch(f -> f.getClassName().endsWith("SocketClient"));
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (java.io.IOException e) {
      // a test's raw socket
    }
  }
}
