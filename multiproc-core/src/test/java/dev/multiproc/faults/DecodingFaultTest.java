package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.faults.DecodingBombs.Bomb;
import dev.multiproc.function.ClassFilter;
import dev.multiproc.internal.spawn.SpawnDirectory;
import dev.multiproc.internal.spawn.Worker;
import dev.multiproc.internal.spawn.WorkerLauncher;
import dev.multiproc.ipc.Client;
import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.ConnectionClosedException;
import dev.multiproc.ipc.Listener;
import dev.multiproc.ipc.Pipe;
import dev.multiproc.manager.Manager;
import dev.multiproc.manager.ManagerOptions;
import dev.multiproc.manager.Managers;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ResultTransferException;
import dev.multiproc.pool.TaskTransferException;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.spi.TaggedCodec;
import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.TestTasks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoding bombs, sent as raw bytes over real sockets, pipes and worker channels: each is refused
 * with an error that names the limit it broke, at once, and whatever received it goes on serving.
 * Values too deep or too large to send fail where they are sent, and lose nothing else.
 *
 * <table>
 *   <caption>Decoding faults</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>CPU bomb</td><td>5.7 KB of sets nested 100 deep sharing their children</td>
 *       <td>refused in well under a second: nested more than 20 deep</td></tr>
 *   <tr><td>array bomb</td><td>27 bytes announcing {@code long[0x7FFFFFF0]}</td>
 *       <td>refused before allocating: longer than its message</td></tr>
 *   <tr><td>tagged-list bomb</td><td>15 KB of nested compact lists of 2<sup>31</sup>-1 items</td>
 *       <td>refused at the first list, before allocating: its items cannot fit in the bytes
 *       left (and lists nested more than 20 deep are refused)</td></tr>
 *   <tr><td>stack bomb</td><td>3 MB of {@code Object[]} nested 300,000 deep</td>
 *       <td>refused: nested more than 20 deep (no StackOverflowError)</td></tr>
 *   <tr><td>frame bomb</td><td>a 4-byte length word announcing 1 GiB, then 1 MiB</td>
 *       <td>the receiver holds about what arrived, not 1 GiB</td></tr>
 *   <tr><td>worker impostor</td><td>a process connects to a worker's rendezvous socket first
 *       and announces a 1 GiB first frame</td>
 *       <td>the start fails at once, nothing allocated</td></tr>
 *   <tr><td>too deep to encode</td><td>a 200,000-node linked chain as a task's result, a
 *       task's argument, a queue item, a message</td><td>a transfer error that says so (not a
 *       dead worker, not a StackOverflowError); the worker, pool, queue and connection go
 *       on</td></tr>
 *   <tr><td>too large</td><td>a task or result over the filter's {@code maxBytes}</td>
 *       <td>fails at submit or as the task's result, naming size and limit; other tasks go
 *       on</td></tr>
 * </table>
 *
 * <p>Receivers: a listener's and a client's connection (Unix without a key, TCP with one), a
 * pipe, a pool worker and its caller, a manager server, a worker's rendezvous socket.
 */
@ExtendWith(NoLeaksExtension.class)
class DecodingFaultTest {
  private static final byte[] KEY = "decoding-fault-key".getBytes(StandardCharsets.UTF_8);
  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final String TOO_DEEP = "nested more than 20 deep";
  private static final long MIB = 1 << 20;

  private final Context ctx = Multiprocessing.local();

  @TempDir Path dir;

  /** What a bomb's refusal must say. */
  private static String expected(Bomb bomb) {
    return switch (bomb) {
      case LONG_ARRAY ->
          "an array of 2147483632 long elements in a message of 27 bytes, which"
              + " cannot carry them";
      case TAGGED_LIST ->
          "a list of 2147483647 items with 14996 bytes left in the message,"
              + " which cannot carry them";
      case HASH_SET, NESTED_ARRAY -> TOO_DEEP;
    };
  }

  /* --------------- connections from a Listener and a Client --------------- */

  enum Transport {
    UNIX_WITHOUT_KEY,
    TCP_WITH_KEY
  }

  /** A listener and the two ends of one connection through it. */
  private record Link(Listener listener, Connection accepted, Connection client)
      implements AutoCloseable {
    static Link open(Transport transport) throws Exception {
      boolean tcp = transport == Transport.TCP_WITH_KEY;
      Listener listener =
          Listener.open(
              tcp ? new InetSocketAddress(InetAddress.getLoopbackAddress(), 0) : null,
              tcp ? KEY : null);
      var accepted = CompletableFuture.supplyAsync(listener::accept);
      Connection client = Client.connect(listener.address(), tcp ? KEY : null);
      return new Link(listener, accepted.get(30, TimeUnit.SECONDS), client);
    }

    @Override
    public void close() {
      client.close();
      accepted.close();
      listener.close();
    }
  }

  static Stream<Arguments> connectionBombs() {
    return Stream.of(Transport.values())
        .flatMap(
            t ->
                Stream.of(true, false)
                    .flatMap(
                        listenerReceives ->
                            Stream.of(Bomb.values())
                                .map(bomb -> Arguments.of(t, listenerReceives, bomb))));
  }

  @ParameterizedTest(name = "{0}, listener receives: {1}, {2}")
  @MethodSource("connectionBombs")
  void connection_bomb_refusedNamingTheLimit_andTheConnectionServesOn(
      Transport transport, boolean listenerReceives, Bomb bomb) throws Exception {
    try (Link link = Link.open(transport)) {
      Connection sender = listenerReceives ? link.client() : link.accepted();
      Connection receiver = listenerReceives ? link.accepted() : link.client();
      var sent = CompletableFuture.runAsync(() -> sender.sendBytes(bomb.bytes()));
      long start = System.nanoTime();
      var refused =
          assertTimeoutPreemptively(
              BOUND, () -> assertThrows(IllegalStateException.class, receiver::recv));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      sent.get(30, TimeUnit.SECONDS);
      assertTrue(refused.getMessage().contains(expected(bomb)), refused.getMessage());
      if (bomb == Bomb.HASH_SET) {
        assertTrue(ms < 1_000, "the CPU bomb took " + ms + " ms to refuse");
      }
      sender.send(List.of("after", bomb.name()));
      assertEquals(List.of("after", bomb.name()), receiver.recv());
    }
  }

  /* --------------- a frame that announces more than it sends --------------- */

  @ParameterizedTest
  @EnumSource(value = Transport.class)
  void listener_frameAnnouncingOneGiB_holdsOnlyWhatArrives(Transport transport) throws Exception {
    SocketAddress address =
        transport == Transport.TCP_WITH_KEY
            ? new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)
            : null;
    try (Listener listener = Listener.open(address, null)) {
      var accepted = CompletableFuture.supplyAsync(listener::accept);
      try (SocketChannel raw = SocketChannel.open(listener.address());
          Connection connection = accepted(raw, accepted)) {
        assertReceiverHoldsOnlyWhatArrives(raw, connection);
      }
    }
  }

  @Test
  void client_frameAnnouncingOneGiB_holdsOnlyWhatArrives() throws Exception {
    var address = UnixDomainSocketAddress.of(dir.resolve("raw-listener.sock"));
    try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(address);
      var connected = CompletableFuture.supplyAsync(() -> Client.connect(address));
      try (SocketChannel raw = server.accept()) {
        byte[] hello = hello();
        raw.write(ByteBuffer.allocate(4 + hello.length).putInt(hello.length).put(hello).flip());
        readFrame(raw); // the client's greeting: no key either
        try (Connection connection = connected.get(30, TimeUnit.SECONDS)) {
          assertReceiverHoldsOnlyWhatArrives(raw, connection);
        }
      }
    }
  }

  /** Completes the keyless greeting as a client would, then returns the accepted connection. */
  private static Connection accepted(SocketChannel raw, CompletableFuture<Connection> accepted)
      throws Exception {
    byte[] greeting = readFrame(raw); // the listener's: magic, no key
    raw.write(
        ByteBuffer.allocate(4 + greeting.length).putInt(greeting.length).put(greeting).flip());
    return accepted.get(30, TimeUnit.SECONDS);
  }

  private static byte[] hello() {
    byte[] magic = "multiproc.connection/1".getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[magic.length + 2];
    body[0] = 1; // HELLO
    System.arraycopy(magic, 0, body, 1, magic.length);
    return body; // last byte 0: no key
  }

  private static byte[] readFrame(SocketChannel raw) throws IOException {
    ByteBuffer length = ByteBuffer.allocate(4);
    while (length.hasRemaining()) {
      if (raw.read(length) < 0) {
        throw new IOException("closed");
      }
    }
    ByteBuffer body = ByteBuffer.allocate(length.getInt(0));
    while (body.hasRemaining()) {
      if (raw.read(body) < 0) {
        throw new IOException("closed");
      }
    }
    return body.array();
  }

  /**
   * Announces 1 GiB, sends 1 MiB and closes: the receiver must fail naming what arrived, having
   * allocated about what arrived (before, it allocated the whole GiB from the length word).
   */
  private static void assertReceiverHoldsOnlyWhatArrives(SocketChannel raw, Connection receiver)
      throws Exception {
    var received =
        CompletableFuture.supplyAsync(
            () -> {
              long before = DecodingBombs.allocatedByThisThread();
              var e = assertThrows(ConnectionClosedException.class, receiver::recvBytes);
              return Map.entry(e, DecodingBombs.allocatedByThisThread() - before);
            });
    raw.write(ByteBuffer.allocate(4).putInt(0, 1 << 30));
    ByteBuffer data = ByteBuffer.allocate((int) MIB);
    while (data.hasRemaining()) {
      raw.write(data);
    }
    raw.shutdownOutput();
    var outcome = received.get(60, TimeUnit.SECONDS);
    assertTrue(
        outcome
            .getKey()
            .getMessage()
            .endsWith(
                "closed the connection in the middle of a message (1048576 of 1073741824 bytes"
                    + " received)"),
        outcome.getKey().getMessage());
    assertTrue(
        outcome.getValue() < 32 * MIB,
        "the receiver allocated " + outcome.getValue() + " bytes for 1 MiB received");
  }

  /* --------------- a worker's first frame --------------- */

  @Test
  void workerStart_impostorAnnouncingOneGiBFirst_refusedWithoutAllocating_theWorkerStillJoins()
      throws Exception {
    Path spawn = SpawnDirectory.get().path();
    Set<Path> before = sockets(spawn);
    // the impostor connects to each new rendezvous socket as soon as it exists, before a worker
    // JVM (this one slowed by pre-touching its heap) can, and announces a 1 GiB first frame
    var launched = new java.util.concurrent.atomic.AtomicBoolean();
    var impostor =
        CompletableFuture.supplyAsync(
            () -> {
              List<SocketChannel> connected = new java.util.ArrayList<>();
              Set<Path> seen = new java.util.HashSet<>(before);
              long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
              while (!launched.get() && System.nanoTime() < deadline) {
                for (Path socket : sockets(spawn)) {
                  if (!seen.contains(socket)) {
                    try {
                      SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                      seen.add(socket);
                      connected.add(ch);
                      // a whole frame header: length, kind (HELLO), id
                      ch.write(
                          ByteBuffer.allocate(13).putInt(1 << 30).put((byte) 0).putLong(0).flip());
                    } catch (IOException e) {
                      // bound but not listening yet: try again
                    }
                  }
                }
                LockSupport.parkNanos(100_000);
              }
              return connected;
            });
    long allocatedBefore = DecodingBombs.allocatedByThisThread();
    Worker worker;
    List<SocketChannel> impostors;
    try {
      // the impostor is refused and closed; the launcher waits on for the real worker
      worker =
          WorkerLauncher.launch(
              JvmOptions.defaults().withJvmFlags("-Xms256m", "-XX:+AlwaysPreTouch", "-Xshare:off"));
    } finally {
      launched.set(true);
      impostors = impostor.get(60, TimeUnit.SECONDS);
    }
    long allocated = DecodingBombs.allocatedByThisThread() - allocatedBefore;
    try {
      assertFalse(impostors.isEmpty(), "the impostor connected before the worker");
      for (SocketChannel ch : impostors) {
        assertEquals(-1, ch.read(ByteBuffer.allocate(1)), "the launcher closed the impostor");
      }
      assertTrue(worker.isAlive());
    } finally {
      worker.kill();
      for (SocketChannel ch : impostors) {
        ch.close();
      }
    }
    assertTrue(allocated < 32 * MIB, "the launcher allocated " + allocated + " bytes");
  }

  private static Set<Path> sockets(Path spawn) {
    try (Stream<Path> files = Files.list(spawn)) {
      return files
          .filter(p -> p.getFileName().toString().matches("w\\d+\\.sock"))
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /* --------------- pipes --------------- */

  @ParameterizedTest
  @EnumSource(Bomb.class)
  void pipe_bomb_refusedNamingTheLimit_andThePipeServesOn(Bomb bomb) throws Exception {
    try (Pipe pipe = ctx.pipe(true)) {
      // a bomb larger than the ring streams through it: send from another thread
      var sent = CompletableFuture.runAsync(() -> pipe.conn1().sendBytes(bomb.bytes()));
      var refused =
          assertTimeoutPreemptively(
              BOUND, () -> assertThrows(IllegalStateException.class, pipe.conn2()::recv));
      sent.get(30, TimeUnit.SECONDS);
      assertTrue(refused.getMessage().contains(expected(bomb)), refused.getMessage());
      pipe.conn1().send("after " + bomb);
      assertEquals("after " + bomb, pipe.conn2().recv());
    }
  }

  /* --------------- pool workers and their caller --------------- */

  static int size(Set<?> set) {
    return set.size();
  }

  static Set<Object> hashSetBomb(int levels) {
    return DecodingBombs.hashSets(levels);
  }

  @Test
  void poolWorker_bombArgument_refusedNamingTheLimit_andTheWorkerServesOn() {
    Pool pool = ctx.pool(1);
    try {
      long pid = pool.apply(TestTasks::pid, 0);
      var refused =
          assertTimeoutPreemptively(
              BOUND,
              () ->
                  assertThrows(
                      TaskTransferException.class,
                      () -> pool.apply(DecodingFaultTest::size, DecodingBombs.hashSets(100))));
      assertTrue(refused.getMessage().contains(TOO_DEEP), refused.getMessage());
      assertEquals(pid, pool.apply(TestTasks::pid, 1));
    } finally {
      pool.terminate();
    }
  }

  @Test
  void poolCaller_bombResult_refusedNamingTheLimit_andTheWorkerServesOn() {
    Pool pool = ctx.pool(1);
    try {
      long pid = pool.apply(TestTasks::pid, 0);
      var refused =
          assertTimeoutPreemptively(
              BOUND,
              () ->
                  assertThrows(
                      ResultTransferException.class,
                      () -> pool.apply(DecodingFaultTest::hashSetBomb, 100)));
      assertTrue(refused.getMessage().contains(TOO_DEEP), refused.getMessage());
      assertEquals(pid, pool.apply(TestTasks::pid, 1));
    } finally {
      pool.terminate();
    }
  }

  /* --------------- a manager server --------------- */

  /** A manager server process on a loopback port, sent back over {@code control}. */
  static void serveManager(byte[] key, Connection control) {
    try (Manager manager =
        Managers.serve(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            key,
            ManagerOptions.defaults())) {
      control.send(((InetSocketAddress) manager.address()).getPort());
      control.recv(); // serve until told to stop
    }
  }

  @Test
  void managerServer_bombs_answeredWithTheLimit_andTheManagerServesOn() throws Exception {
    try (Pipe control = ctx.pipe(true)) {
      ChildProcess server =
          ctx.process(DecodingFaultTest::serveManager, KEY, control.conn2()).start();
      try {
        var address =
            new InetSocketAddress(
                InetAddress.getLoopbackAddress(), (Integer) control.conn1().recv());
        try (Connection raw = Client.connect(address, KEY);
            Manager client = Managers.connect(address, KEY)) {
          Map<String, String> dict = client.dict();
          for (Bomb bomb : Bomb.values()) {
            for (int twice = 0; twice < 2; twice++) { // the same connection serves on
              raw.sendBytes(bomb.bytes());
              Object answer = assertTimeoutPreemptively(BOUND, raw::recv, bomb::name);
              // the manager's answer to no call in particular (id 0): the error, tagged-encoded
              List<?> reply = assertInstanceOf(List.class, answer);
              assertEquals(0L, reply.get(1), reply::toString);
              Throwable error =
                  assertInstanceOf(
                      Throwable.class,
                      new TaggedCodec(ClassFilter.defaults()).decode((byte[]) reply.get(2)));
              assertTrue(error.getMessage().contains(expected(bomb)), error.getMessage());
            }
            dict.put(bomb.name(), "served");
            assertEquals("served", dict.get(bomb.name()));
          }
        }
        control.conn1().send("stop");
        assertTrue(server.join(Duration.ofSeconds(60)));
        assertEquals(0, server.exitCode().orElseThrow());
      } finally {
        server.kill();
      }
    }
  }

  /* --------------- values too deep to encode --------------- */

  private static final int TOO_DEEP_TO_ENCODE = 200_000;
  private static final String STACK_OVERFLOW =
      "too deep to encode (StackOverflowError while encoding";

  static DecodingBombs.Link chain(int length) {
    return DecodingBombs.chain(length);
  }

  static Object same(Object value) {
    return value;
  }

  @Test
  void poolWorker_resultTooDeepToEncode_resultTransferException_andTheWorkerServesOn() {
    Pool pool = ctx.pool(1);
    try {
      long pid = pool.apply(TestTasks::pid, 0);
      var failed =
          assertThrows(
              ResultTransferException.class,
              () -> pool.apply(DecodingFaultTest::chain, TOO_DEEP_TO_ENCODE));
      assertTrue(failed.getMessage().contains(STACK_OVERFLOW), failed.getMessage());
      assertEquals(pid, pool.apply(TestTasks::pid, 1));
    } finally {
      pool.terminate();
    }
  }

  @Test
  void poolCaller_argumentTooDeepToEncode_failsAtSubmit_andThePoolServesOn() {
    Pool pool = ctx.pool(1);
    try {
      long pid = pool.apply(TestTasks::pid, 0);
      var deep = DecodingBombs.chain(TOO_DEEP_TO_ENCODE);
      var failed =
          assertThrows(
              TaskTransferException.class, () -> pool.applyAsync(DecodingFaultTest::same, deep));
      assertTrue(failed.getMessage().contains(STACK_OVERFLOW), failed.getMessage());
      assertEquals(pid, pool.apply(TestTasks::pid, 1));
    } finally {
      pool.terminate();
    }
  }

  @Test
  void queue_itemTooDeepToEncode_failsInPut_andTheQueueIsIntact() throws Exception {
    var queue = ctx.<Object>queue();
    try {
      queue.put("first");
      var failed =
          assertThrows(
              IllegalArgumentException.class,
              () -> queue.put(DecodingBombs.chain(TOO_DEEP_TO_ENCODE)));
      assertTrue(failed.getMessage().contains(STACK_OVERFLOW), failed.getMessage());
      queue.put("second");
      assertEquals("first", queue.get());
      assertEquals("second", queue.get());
      assertEquals(0, queue.qsize());
    } finally {
      queue.close();
    }
  }

  @Test
  void connection_messageTooDeepToEncode_failsInSend_andNothingIsSent() throws Exception {
    try (Link link = Link.open(Transport.UNIX_WITHOUT_KEY)) {
      var failed =
          assertThrows(
              IllegalArgumentException.class,
              () -> link.client().send(DecodingBombs.chain(TOO_DEEP_TO_ENCODE)));
      assertTrue(failed.getMessage().contains(STACK_OVERFLOW), failed.getMessage());
      link.client().send("next");
      assertEquals("next", link.accepted().recv());
    }
  }

  /* --------------- values over the largest message --------------- */

  private static final int SMALL_LIMIT = 1 << 20;

  static byte[] bytesOf(int length) {
    return new byte[length];
  }

  static int lengthOf(byte[] bytes) {
    return bytes.length;
  }

  @Test
  void pool_taskOrResultOverMaxBytes_failsNamingSizeAndLimit_andLosesNothingElse()
      throws Exception {
    var filter =
        ClassFilter.defaults().withLimits(ClassFilter.Limits.defaults().withMaxBytes(SMALL_LIMIT));
    Pool pool = ctx.pool(PoolOptions.of(1).withClassFilter(filter));
    try {
      long pid = pool.apply(TestTasks::pid, 0);
      var pending = pool.applyAsync(TestTasks::sleep, 200L); // in flight meanwhile
      var task =
          assertThrows(
              TaskTransferException.class,
              () -> pool.applyAsync(DecodingFaultTest::lengthOf, new byte[SMALL_LIMIT + 1]));
      assertTrue(
          task.getMessage()
              .matches(
                  "cannot send the task to a worker: the message encodes"
                      + " to 10\\d{5} bytes, over the limit of 1048576 bytes \\(ClassFilter.Limits"
                      + " maxBytes\\)"),
          task.getMessage());
      var result =
          assertThrows(
              ResultTransferException.class,
              () -> pool.apply(DecodingFaultTest::bytesOf, SMALL_LIMIT));
      assertTrue(
          result
              .getMessage()
              .endsWith(
                  "could not send the result back: cannot send a value"
                      + " of class [B: it encodes to 1048581 bytes, over the limit of 1048576 bytes"
                      + " (ClassFilter.Limits maxBytes)"),
          result.getMessage());
      assertEquals(200L, pending.get(BOUND));
      assertEquals(
          SMALL_LIMIT / 2, pool.apply(DecodingFaultTest::lengthOf, new byte[SMALL_LIMIT / 2]));
      assertEquals(pid, pool.apply(TestTasks::pid, 1));
    } finally {
      pool.terminate();
    }
  }

  @Test
  void connection_messageOverMaxBytes_failsNamingSizeAndLimit_andNothingIsSent() throws Exception {
    var filter =
        ClassFilter.defaults().withLimits(ClassFilter.Limits.defaults().withMaxBytes(SMALL_LIMIT));
    try (Listener listener = Listener.open(null, KEY, filter)) {
      var accepted = CompletableFuture.supplyAsync(listener::accept);
      try (Connection client = Client.connect(listener.address(), KEY, filter);
          Connection server = accepted.get(30, TimeUnit.SECONDS)) {
        var e =
            assertThrows(IllegalArgumentException.class, () -> client.send(new byte[SMALL_LIMIT]));
        assertEquals(
            "cannot send a value of class [B: it encodes to 1048581 bytes, over the"
                + " limit of 1048576 bytes (ClassFilter.Limits maxBytes)",
            e.getMessage());
        e =
            assertThrows(
                IllegalArgumentException.class, () -> client.sendBytes(new byte[SMALL_LIMIT + 1]));
        assertEquals(
            "cannot send a message of 1048577 bytes: the limit is 1048576 bytes"
                + " (ClassFilter.Limits maxBytes); nothing was sent",
            e.getMessage());
        client.send("next");
        assertEquals("next", server.recv());
      }
    }
  }
}
