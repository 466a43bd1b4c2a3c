package dev.multiproc.faults;

import static dev.multiproc.faults.Faults.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.internal.footprint.Footprint;
import dev.multiproc.internal.spawn.SpawnDirectory;
import dev.multiproc.ipc.AuthenticationException;
import dev.multiproc.ipc.Client;
import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.Listener;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.TestTasks;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bytes from a process that is not a peer: on the socket a starting worker connects back to, and
 * on a {@link Listener} before authentication (wrong key, garbage, truncated frames, connect and
 * vanish). Each is refused with a clear error, the honest peer that comes next is served, and
 * nothing is left open. Decoding bombs from an authenticated peer are another suite's
 * ({@code DecodingFaultTest}).
 */
@ExtendWith(NoLeaksExtension.class)
class HostileInputFaultTest {
  private static final byte[] KEY = "hostile-input-key".getBytes(StandardCharsets.UTF_8);
  private static final byte[] MAGIC = "multiproc.connection/1".getBytes(StandardCharsets.US_ASCII);

  /** A length-prefixed frame, as {@code FramedChannel} writes them. */
  private static byte[] frame(byte[] body) {
    return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
  }

  private static byte[] concat(byte[]... parts) {
    var out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** The greeting of a client that claims to have a key. */
  private static byte[] hello() {
    byte[] body = new byte[MAGIC.length + 2];
    body[0] = 1;
    System.arraycopy(MAGIC, 0, body, 1, MAGIC.length);
    body[MAGIC.length + 1] = 1;
    return frame(body);
  }

  /** What a hostile client sends before it closes its end. */
  record Hostile(String name, byte[] bytes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Hostile> hostiles() {
    byte[] digestOfWrongLength = frame(concat(new byte[] {3}, new byte[7]));
    return List.of(
        new Hostile("connect and close at once", new byte[0]),
        new Hostile(
            "HTTP request",
            "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
        new Hostile("frame header announcing 2 GiB", new byte[] {0x7f, -1, -1, -1}),
        new Hostile("negative frame length", new byte[] {-1, -1, -1, -2}),
        new Hostile("truncated greeting", java.util.Arrays.copyOf(hello(), 10)),
        new Hostile(
            "greeting with the wrong magic",
            frame(
                concat(
                    new byte[] {1},
                    "multiproc.connection/9".getBytes(StandardCharsets.US_ASCII),
                    new byte[] {1}))),
        new Hostile(
            "greeting, then a digest of the wrong length", concat(hello(), digestOfWrongLength)),
        new Hostile(
            "greeting, then a truncated digest",
            concat(
                hello(),
                java.util.Arrays.copyOf(frame(concat(new byte[] {3}, new byte[32])), 12))));
  }

  /**
   * Connects to {@code socket}, sends {@code bytes} and ends its side; with {@code awaitClose},
   * then reads until the other side closes (at most {@link Faults#WAIT}).
   */
  private static void sendRaw(Path socket, byte[] bytes, boolean awaitClose) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.shutdownOutput();
      if (!awaitClose) {
        return;
      }
      ch.configureBlocking(false);
      try (Selector selector = Selector.open()) {
        ch.register(selector, SelectionKey.OP_READ);
        ByteBuffer sink = ByteBuffer.allocate(4096);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
          selector.select(100);
          selector.selectedKeys().clear();
          sink.clear();
          if (ch.read(sink) < 0) {
            return; // the other side closed on us: what it should do
          }
        }
      }
    } catch (IOException e) {
      // refused or reset: what it should do
    }
  }

  /* --------------- a Listener --------------- */

  @Test
  void listener_hostileClientsThenAnHonestOne_eachRefusedClearlyAndTheHonestOneServed()
      throws Exception {
    try (Listener listener = Listener.open(KEY)) {
      Path socket = ((UnixDomainSocketAddress) listener.address()).getPath();
      assertEquals(1, roundTrip(listener), "warm-up");
      Footprint before = Footprint.take();
      for (Hostile h : hostiles()) {
        var client = CompletableFuture.runAsync(() -> sendRaw(socket, h.bytes(), true));
        var e = assertThrows(AuthenticationException.class, listener::accept, h.name());
        assertFalse(e.getMessage().isBlank(), h.name());
        System.err.println("[fault] " + h.name() + ": " + e.getMessage());
        client.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      }
      var wrongKey =
          CompletableFuture.runAsync(
              () ->
                  assertThrows(
                      AuthenticationException.class,
                      () ->
                          Client.connect(
                                  listener.address(),
                                  "not-the-key".getBytes(StandardCharsets.UTF_8))
                              .close()));
      assertThrows(AuthenticationException.class, listener::accept, "wrong key");
      wrongKey.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(1, roundTrip(listener), "the honest client after the hostile ones");
      List<String> grown = Footprint.settle(before, NoLeaksExtension.SETTLE).growthSince(before);
      assertTrue(grown.isEmpty(), () -> "grew: " + grown);
    }
  }

  /** Connects an honest client, sends 1 and returns what the listener side received. */
  private static int roundTrip(Listener listener) throws Exception {
    var client =
        CompletableFuture.supplyAsync(
            () -> {
              try (Connection c = Client.connect(listener.address(), KEY)) {
                c.send(1);
                return (Integer) c.recv();
              }
            });
    try (Connection server = listener.accept()) {
      Object got = server.recv();
      server.send(got);
      return client.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /* --------------- a starting worker's rendezvous socket --------------- */

  /** A worker's HELLO frame (kind 0, id the pid, payload the key) with a key that is not ours. */
  private static byte[] forgedHello(long pid) {
    byte[] key = "0".repeat(64).getBytes(StandardCharsets.US_ASCII);
    return frame(
        ByteBuffer.allocate(1 + 8 + key.length).put((byte) 0).putLong(pid).put(key).array());
  }

  @Test
  void rendezvousSocket_impostorsConnectFirst_theRealWorkersStillJoin() throws Exception {
    Path dir = SpawnDirectory.get().path();
    Set<Path> seen = new HashSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(seen::add);
    }
    List<byte[]> payloads = new ArrayList<>();
    hostiles().forEach(h -> payloads.add(h.bytes()));
    AtomicInteger impostors = new AtomicInteger();
    var done = new java.util.concurrent.atomic.AtomicBoolean();
    Thread impostor =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (!done.get()) {
                    try (Stream<Path> files = Files.list(dir)) {
                      for (Path p : files.toList()) {
                        if (p.getFileName().toString().startsWith("w") && seen.add(p)) {
                          sendRaw(
                              p,
                              payloads.get(impostors.getAndIncrement() % payloads.size()),
                              false);
                          // well-formed greetings: another pid, then the worker's own pid with a
                          // wrong key
                          sendRaw(p, forgedHello(ProcessHandle.current().pid()), false);
                          long worker =
                              ProcessHandle.allProcesses()
                                  .filter(
                                      h -> h.info().commandLine().orElse("").contains(p.toString()))
                                  .mapToLong(ProcessHandle::pid)
                                  .findFirst()
                                  .orElse(0);
                          if (worker != 0) {
                            sendRaw(p, forgedHello(worker), false);
                          }
                        }
                      }
                    } catch (IOException e) {
                      // the directory changes under us
                    }
                    Thread.onSpinWait();
                  }
                });
    // options other than the defaults: no warm spare, each worker binds a fresh socket
    PoolOptions options = PoolOptions.of(2).withJvm(JvmOptions.defaults().withMaxHeap("96m"));
    try (Pool pool = Multiprocessing.local().pool(options)) {
      List<AsyncResult<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        tasks.add(pool.applyAsync(TestTasks::square, i));
      }
      for (int i = 0; i < tasks.size(); i++) {
        assertEquals(i * i, tasks.get(i).get(WAIT));
      }
      Faults.await(
          () -> pool.workers().size() == 2,
          WAIT,
          () -> "the pool is short of workers: " + pool.workers());
    } finally {
      done.set(true);
      impostor.join(WAIT.toMillis());
    }
    assertTrue(impostors.get() > 0, "no impostor got to a rendezvous socket");
  }
}
