package dev.multiproc.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.internal.ipc.SharedMemoryIpc;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Pipe} and its {@link Connection}s across real processes. */
@ExtendWith(NoLeaksExtension.class)
class PipeTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  record Point(int x, String label) implements java.io.Serializable {}

  /** Child: answers each message m with m + 1 (ints) or a Point with x + 1, until "stop". */
  static void echoPlusOne(Connection conn) {
    while (true) {
      Object m = conn.recv();
      switch (m) {
        case Integer i -> conn.send(i + 1);
        case Point p -> conn.send(new Point(p.x() + 1, p.label()));
        default -> {
          conn.send("bye");
          return;
        }
      }
    }
  }

  /** Child: sends every message it receives back as it is, bytes for bytes, until empty. */
  static void echoBytes(Connection conn) {
    while (true) {
      byte[] b = conn.recvBytes();
      conn.sendBytes(b);
      if (b.length == 0) {
        return;
      }
    }
  }

  /** Child: sends "a", "b", "c", closes its end, then stays alive a while. */
  static void sendThreeThenCloseAndLinger(Connection conn) {
    conn.send("a");
    conn.send("b");
    conn.send("c");
    conn.close();
    sleep(20_000);
  }

  /** Child: sends "ready" and then sleeps until killed. */
  static void sendReadyAndSleep(Connection conn) {
    conn.send("ready");
    sleep(60_000);
  }

  /** Child: sleeps {@code millis}, then sends "late". */
  static void sendLate(Connection conn, Integer millis) {
    sleep(millis);
    conn.send("late");
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ChildProcess joined(ChildProcess p) throws InterruptedException {
    assertTrue(p.join(WAIT), "child did not end: " + p);
    return p;
  }

  @Test
  void sendRecv_pingPongWithChild_eachReplyComesBackInOrder() throws Exception {
    try (Pipe pipe = Multiprocessing.local().pipe()) {
      ChildProcess child =
          Multiprocessing.local().process(PipeTest::echoPlusOne, pipe.conn2()).start();
      for (int i = 0; i < 200; i++) {
        pipe.conn1().send(i);
        assertEquals(i + 1, pipe.conn1().recv());
      }
      pipe.conn1().send(new Point(41, "p"));
      assertEquals(new Point(42, "p"), pipe.conn1().recv());
      pipe.conn1().send("stop");
      assertEquals("bye", pipe.conn1().recv());
      assertEquals(OptionalInt.of(0), joined(child).exitCode());
      child.close();
    }
  }

  @Test
  void oneWayPipe_firstOnlyReceivesSecondOnlySends() {
    try (Pipe pipe = Multiprocessing.local().pipe(false)) {
      Connection r = pipe.conn1();
      Connection w = pipe.conn2();
      assertTrue(r.readable());
      assertFalse(r.writable());
      assertTrue(w.writable());
      assertFalse(w.readable());
      var e = assertThrows(IllegalStateException.class, () -> r.send("x"));
      assertEquals("this end of the pipe is read-only", e.getMessage());
      e = assertThrows(IllegalStateException.class, w::recv);
      assertEquals("this end of the pipe is write-only", e.getMessage());
      assertThrows(IllegalStateException.class, () -> w.poll(Duration.ZERO));
      w.send(List.of(1, 2));
      assertEquals(List.of(1, 2), r.recv());
    }
  }

  @Test
  void duplexPipe_bothEndsSendAndReceiveInOneProcess() {
    try (Pipe pipe = Multiprocessing.local().pipe(true)) {
      pipe.conn1().send("to 2");
      pipe.conn2().send("to 1");
      assertEquals("to 1", pipe.conn1().recv());
      assertEquals("to 2", pipe.conn2().recv());
      pipe.conn2().send(null);
      assertNull(pipe.conn1().recv());
    }
  }

  @Test
  void recvBytesInto_fitsAtOffset_tooShortThrowsWithWholeMessageConsumed() {
    try (Pipe pipe = Multiprocessing.local().pipe()) {
      pipe.conn2().sendBytes(new byte[] {9, 1, 2, 3, 9}, 1, 3);
      byte[] buffer = new byte[6];
      assertEquals(3, pipe.conn1().recvBytesInto(buffer, 2));
      assertArrayEquals(new byte[] {0, 0, 1, 2, 3, 0}, buffer);

      pipe.conn2().sendBytes(new byte[] {1, 2, 3, 4, 5});
      pipe.conn2().sendBytes(new byte[] {7});
      var e =
          assertThrows(
              BufferTooShortException.class, () -> pipe.conn1().recvBytesInto(new byte[8], 4));
      assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, e.message());
      assertEquals(
          "a message of 5 bytes does not fit in the 4 bytes left in the buffer", e.getMessage());
      assertArrayEquals(new byte[] {7}, pipe.conn1().recvBytes(), "the next message is intact");
    }
  }

  @Test
  void poll_nothingSent_falseAfterTimeoutThenTrueOnceSent() {
    try (Pipe pipe = Multiprocessing.local().pipe()) {
      long start = System.nanoTime();
      assertFalse(pipe.conn1().poll(Duration.ofMillis(100)));
      assertTrue(System.nanoTime() - start >= 90_000_000L, "poll returned before its timeout");
      assertFalse(pipe.conn1().poll());
      pipe.conn2().send("x");
      assertTrue(pipe.conn1().poll(Duration.ofSeconds(5)));
      assertTrue(pipe.conn1().poll(), "poll does not consume");
      assertEquals("x", pipe.conn1().recv());
      assertFalse(pipe.conn1().poll());
    }
  }

  @Test
  void recv_afterChildClosesItsEnd_getsWhatWasSentThenClosed() throws Exception {
    try (Pipe pipe = Multiprocessing.local().pipe(false)) {
      ChildProcess child =
          Multiprocessing.local()
              .process(PipeTest::sendThreeThenCloseAndLinger, pipe.conn2())
              .start();
      pipe.conn2().close(); // the parent's copy; the child's is still open
      assertEquals("a", pipe.conn1().recv());
      assertEquals("b", pipe.conn1().recv());
      assertEquals("c", pipe.conn1().recv());
      var e = assertThrows(ConnectionClosedException.class, pipe.conn1()::recv);
      assertEquals("the other end of the pipe was closed", e.getMessage());
      assertTrue(pipe.conn1().poll(), "end of stream counts as readable");
      assertTrue(child.isAlive(), "the end of stream came from close(), not from the exit");
      child.kill();
      joined(child).close();
    }
  }

  @Test
  void recvAndSend_afterPeerProcessKilled_throwConnectionClosed() throws Exception {
    try (Pipe pipe = Multiprocessing.local().pipe()) {
      ChildProcess child =
          Multiprocessing.local().process(PipeTest::sendReadyAndSleep, pipe.conn2()).start();
      pipe.conn2().close();
      assertEquals("ready", pipe.conn1().recv());
      long pid = child.pid().orElseThrow();
      child.kill();
      joined(child).close();
      var e = assertThrows(ConnectionClosedException.class, pipe.conn1()::recv);
      assertEquals(
          "the process at the other end of the pipe (pid " + pid + ") has ended", e.getMessage());
      assertThrows(ConnectionClosedException.class, () -> pipe.conn1().send("anyone?"));
    }
  }

  @Test
  void send_afterThisEndClosed_throws() {
    Pipe pipe = Multiprocessing.local().pipe();
    pipe.conn1().close();
    assertTrue(pipe.conn1().closed());
    var e = assertThrows(ConnectionClosedException.class, () -> pipe.conn1().send(1));
    assertEquals("this end of the pipe is closed", e.getMessage());
    e = assertThrows(ConnectionClosedException.class, () -> pipe.conn2().send(1));
    assertEquals("the other end of the pipe was closed", e.getMessage());
    pipe.close();
  }

  @Test
  void sendBytes_messagesLargerThanTheRing_streamThroughToAChildAndBack() throws Exception {
    var random = new Random(7);
    List<byte[]> messages = new ArrayList<>();
    for (int size : new int[] {(1 << 20) + 1, 3 << 20, 5000, 0}) {
      byte[] b = new byte[size];
      random.nextBytes(b);
      messages.add(b);
    }
    try (Pipe pipe = Multiprocessing.local().pipe()) { // 1 MiB per direction
      ChildProcess child =
          Multiprocessing.local().process(PipeTest::echoBytes, pipe.conn2()).start();
      for (byte[] m : messages) {
        pipe.conn1().sendBytes(m);
        assertArrayEquals(m, pipe.conn1().recvBytes());
      }
      joined(child).close();
    }
  }

  @Test
  void send_manyMessagesThroughATinyRing_wrapAroundKeepsEveryMessageWhole() throws Exception {
    var random = new Random(11);
    try (Pipe pipe = SharedMemoryIpc.pipe(true, 4096)) {
      ChildProcess child =
          Multiprocessing.local().process(PipeTest::echoBytes, pipe.conn2()).start();
      for (int i = 0; i < 300; i++) {
        byte[] m = new byte[random.nextInt(i % 10 == 0 ? 20_000 : 1500) + 1];
        random.nextBytes(m);
        pipe.conn1().sendBytes(m);
        assertArrayEquals(m, pipe.conn1().recvBytes(), "message " + i);
      }
      pipe.conn1().sendBytes(new byte[0]);
      assertEquals(0, pipe.conn1().recvBytes().length);
      joined(child).close();
    }
  }

  @Test
  void send_unencodable_throwsNamingTheClassAndSendsNothing() {
    try (Pipe pipe = Multiprocessing.local().pipe()) {
      var e = assertThrows(IllegalArgumentException.class, () -> pipe.conn1().send(new Thread()));
      assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
      assertFalse(pipe.conn2().poll());
      pipe.conn1().send("after");
      assertEquals("after", pipe.conn2().recv());
    }
  }

  @Test
  void wait_severalPipesAndAProcess_returnsTheReadyOnes() throws Exception {
    try (Pipe p1 = Multiprocessing.local().pipe(false);
        Pipe p2 = Multiprocessing.local().pipe(false);
        Pipe p3 = Multiprocessing.local().pipe(false)) {
      List<Connection> readers = List.of(p1.conn1(), p2.conn1(), p3.conn1());
      assertEquals(List.of(), Connections.wait(readers, Duration.ofMillis(50)));

      p2.conn2().send("now");
      assertEquals(List.of(p2.conn1()), Connections.wait(readers, WAIT));
      assertEquals("now", p2.conn1().recv());

      ChildProcess child =
          Multiprocessing.local().process(PipeTest::sendLate, p3.conn2(), 300).start();
      List<Object> watched = List.of(p1.conn1(), p2.conn1(), p3.conn1(), child);
      List<Object> ready = Connections.wait(watched, WAIT);
      assertTrue(ready.contains(p3.conn1()), ready::toString);
      assertFalse(ready.contains(p1.conn1()) || ready.contains(p2.conn1()), ready::toString);
      assertEquals("late", p3.conn1().recv());

      ready = Connections.wait(List.of(p1.conn1(), child), WAIT);
      assertEquals(List.of(child), ready);
      assertFalse(child.isAlive());
      child.close();

      var e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Connections.wait(List.of(p1.conn2()), Duration.ZERO));
      assertTrue(
          e.getMessage().startsWith("cannot wait for a write-only connection"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Connections.wait(List.of("text"), Duration.ZERO));
      assertEquals(
          "cannot wait for a java.lang.String: only connections and started processes"
              + " can be waited for",
          e.getMessage());
    }
  }
}
