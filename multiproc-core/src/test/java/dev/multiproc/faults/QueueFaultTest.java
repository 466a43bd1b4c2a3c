package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.multiproc.Multiprocessing;
import dev.multiproc.function.ClassFilter;
import dev.multiproc.internal.ipc.SharedMemoryIpc;
import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.ConnectionClosedException;
import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.Pipe;
import dev.multiproc.ipc.QueueFullException;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.spi.TaggedCodec;
import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.ProcessStates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Queues and pipes whose producers, consumers, readers or writers are killed (SIGKILL) at the
 * worst moments: in the middle of an item. The kill lands there deterministically: the writer
 * fills the ring and is frozen (SIGSTOP) once it waits for room, so the reader that then takes
 * every published byte is, for certain, in the middle of the item when it is killed.
 *
 * <p>Every big item's payload carries, where the next reader would resume inside it, a forged
 * ring message (a length header and the encoding of {@code "FORGED"}): a reader that ever parsed
 * bytes from inside an item would return it.
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>consumer killed mid-item</td><td>64 MiB item through a 16 MiB ring, consumer
 *       SIGKILLed having read 16 MiB; three rounds</td><td>the next get returns the next whole
 *       item; qsize 0 after it; the producer finishes</td></tr>
 *   <tr><td>joinable consumer killed mid-item</td><td>the same on a joinable queue</td><td>the
 *       dropped item counts as done: join() returns once the next item is done</td></tr>
 *   <tr><td>consumers killed at random</td><td>bounded queue, consumers SIGKILLed at random
 *       moments while a producer fills it</td><td>no slot lost, no item twice, FIFO kept</td></tr>
 *   <tr><td>pipe reader killed mid-message</td><td>a read end shared by a child and the parent;
 *       the child is SIGKILLed mid-message; three rounds</td><td>the parent receives the next
 *       whole message; the writer finishes</td></tr>
 *   <tr><td>pipe writer killed mid-message</td><td>a write end shared by two children; the first
 *       is SIGKILLed mid-message</td><td>the reader and the second writer get
 *       ConnectionClosedException naming the dead writer's pid</td></tr>
 * </table>
 */
@ExtendWith(NoLeaksExtension.class)
class QueueFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int RING = 16 << 20;
  private static final int ITEM = 64 << 20;
  private static final int PIPE_RING = 4 << 20;
  private static final int MESSAGE = 16 << 20;
  private static final String NEXT = "NEXT";

  /* ------------------------------ child tasks ------------------------------ */

  /**
   * A payload of {@code size} bytes with a forged ring message (header and the encoding of
   * "FORGED") every few bytes from {@code forgedAt} on.
   */
  static byte[] payload(int size, int forgedAt) {
    byte[] forged = new TaggedCodec(ClassFilter.defaults()).encode("FORGED");
    int frame = 8 + ((forged.length + 7) & ~7);
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    for (int at = forgedAt; at + frame <= size; at += frame) {
      b.putInt(at, forged.length).putInt(at + 4, 0).put(at + 8, forged);
    }
    return b.array();
  }

  /** Bytes the codec puts before a byte array's contents. */
  static int codecHeader() {
    return new TaggedCodec(ClassFilter.defaults()).encode(new byte[100]).length - 100;
  }

  /** Producer: one item of ITEM bytes (forged where a reader resumes after RING), then NEXT. */
  static void putBigThenNext(MpQueue<Object> queue) {
    try {
      queue.put(payload(ITEM, RING - 8 - codecHeader()));
      queue.put(NEXT);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Consumer: gets one item (it is killed before it has it). */
  static void getOne(MpQueue<Object> queue) {
    try {
      queue.get();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Consumer: gets items for ever, each then marked done in {@code done}. */
  static void consumeForever(MpQueue<Integer> queue, MpQueue<Integer> done) {
    try {
      while (true) {
        done.put(queue.get());
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writer: one message of MESSAGE bytes (forged where a reader resumes), then NEXT. */
  static void sendBigThenNext(Connection conn) {
    conn.sendBytes(payload(MESSAGE, PIPE_RING - 8));
    conn.send(NEXT);
  }

  /** Writer: one message of MESSAGE bytes; it is killed in its middle. */
  static void sendBig(Connection conn) {
    conn.sendBytes(payload(MESSAGE, PIPE_RING - 8));
  }

  /** Writer: sends NEXT. */
  static void sendNext(Connection conn) {
    conn.send(NEXT);
  }

  /** Reader: receives one message (it is killed before it has it). */
  static void recvOne(Connection conn) {
    conn.recvBytes();
  }

  /* -------------------------------- helpers -------------------------------- */

  /** Children this test started, killed after it whatever happened (a frozen one too). */
  private final List<ChildProcess> children = new ArrayList<>();

  private ChildProcess started(ChildProcess p) {
    p.start();
    children.add(p);
    return p;
  }

  @AfterEach
  void killLeftovers() throws Exception {
    for (ChildProcess p : children) {
      long pid = p.pid().orElse(-1);
      if (pid > 0 && ProcessStates.running(pid)) {
        signal(p, "CONT");
        signal(p, "KILL");
        await(() -> !ProcessStates.running(pid), "leftover " + pid + " is gone");
      }
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting until " + what);
      }
      Thread.sleep(1);
    }
  }

  private static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (IOException e) {
      return '?';
    }
  }

  private static void signal(ChildProcess p, String signal) throws Exception {
    long pid = p.pid().orElseThrow();
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill -" + signal);
    assertEquals(0, kill.exitValue(), "kill -" + signal + " " + pid);
  }

  /** Freezes {@code p} and waits until the kernel shows it stopped. */
  private static void freeze(ChildProcess p) throws Exception {
    signal(p, "STOP");
    long pid = p.pid().orElseThrow();
    await(() -> state(pid) == 'T', "process " + pid + " is stopped");
  }

  private static void killAndJoin(ChildProcess p) throws Exception {
    p.kill();
    assertTrue(p.join(WAIT), "killed child did not end: " + p);
    long pid = p.pid().orElseThrow();
    await(() -> !ProcessStates.running(pid), "process " + pid + " is gone");
    p.close();
  }

  private static void joinOk(ChildProcess p) throws InterruptedException {
    assertTrue(p.join(WAIT), "child did not end: " + p);
    assertEquals(OptionalInt.of(0), p.exitCode(), "exit code of " + p.name());
    p.close();
  }

  /**
   * Kills a consumer in the middle of a 64 MiB item: the producer fills the 16 MiB ring and is
   * frozen while it waits for room; the consumer takes the 16 MiB and waits for the rest; it is
   * killed there; the producer goes on.
   */
  private void killConsumerMidItem(MpQueue<Object> queue) throws Exception {
    var ctx = Multiprocessing.local();
    ChildProcess producer = started(ctx.process(QueueFaultTest::putBigThenNext, queue));
    await(() -> !queue.empty(), "the producer has filled the ring");
    freeze(producer);
    ChildProcess consumer = started(ctx.process(QueueFaultTest::getOne, queue));
    await(queue::empty, "the consumer has taken all the producer wrote");
    killAndJoin(consumer);
    signal(producer, "CONT");
    Object next = queue.get(WAIT);
    assertEquals(NEXT, next, "the next get must give the next whole item");
    joinOk(producer);
    assertEquals(0, queue.qsize(), "qsize after the dead consumer's item was dropped");
    assertTrue(queue.empty());
  }

  /* --------------------------------- tests --------------------------------- */

  @Test
  void get_consumerKilledInTheMiddleOfAnItem_nextGetReturnsTheNextWholeItem() throws Exception {
    try (MpQueue<Object> queue = SharedMemoryIpc.queue(0, RING)) {
      for (int round = 0; round < 3; round++) {
        killConsumerMidItem(queue);
      }
      queue.put("still works");
      assertEquals("still works", queue.get(WAIT));
    }
  }

  @Test
  void join_consumerKilledInTheMiddleOfAnItem_theDroppedItemCountsAsDone() throws Exception {
    try (JoinableMpQueue<Object> queue = SharedMemoryIpc.joinableQueue(0)) {
      killConsumerMidItem(queue);
      queue.taskDone(); // for NEXT, which this process got
      CompletableFuture<Void> joined =
          CompletableFuture.runAsync(
              () -> {
                try {
                  queue.join();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      joined.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void qsize_consumersKilledAtRandomMoments_noSlotLostNoItemTwiceOrderKept() throws Exception {
    var ctx = Multiprocessing.local();
    int maxsize = 4;
    try (MpQueue<Integer> queue = ctx.queue(maxsize);
        MpQueue<Integer> got = ctx.queue()) {
      int[] next = {0};
      for (int round = 0; round < 8; round++) {
        ChildProcess consumer = started(ctx.process(QueueFaultTest::consumeForever, queue, got));
        int gotBefore = got.qsize();
        long until =
            System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(20 + ThreadLocalRandom.current().nextInt(80));
        // put until the consumer is busy and a random time has passed, then kill it at once
        while (got.qsize() == gotBefore || System.nanoTime() - until < 0) {
          queue.put(next[0]++, WAIT);
        }
        killAndJoin(consumer);
        assertTrue(queue.qsize() <= maxsize, "qsize " + queue.qsize());
      }
      List<Integer> all = new ArrayList<>();
      got.drainTo(all);
      queue.drainTo(all);
      assertEquals(0, queue.qsize(), "qsize of a drained queue");
      assertTrue(queue.empty());
      for (int i = 1; i < all.size(); i++) {
        assertTrue(
            all.get(i) > all.get(i - 1),
            "out of order or twice: " + all.get(i - 1) + " then " + all.get(i));
      }
      // at most one item per killed consumer is lost: the one it had got
      assertTrue(all.size() >= next[0] - 8, "got " + all.size() + " of " + next[0]);
      for (int i = 0; i < maxsize; i++) {
        queue.putNow(i);
      }
      assertTrue(queue.full(), "every slot is usable again");
      assertFalse(queue.offer(99));
      assertInstanceOf(QueueFullException.class, catchThrowable(() -> queue.putNow(99)));
    }
  }

  private static Throwable catchThrowable(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      return t;
    }
    return fail("nothing thrown");
  }

  @Test
  void recv_readerOfASharedEndKilledInTheMiddleOfAMessage_nextReaderGetsTheNextWholeMessage()
      throws Exception {
    var ctx = Multiprocessing.local();
    for (int round = 0; round < 3; round++) {
      // a new pipe each round: a writer that has exited would make the write end look gone
      try (Pipe pipe = SharedMemoryIpc.pipe(false, PIPE_RING)) {
        Connection in = pipe.conn1();
        ChildProcess writer = started(ctx.process(QueueFaultTest::sendBigThenNext, pipe.conn2()));
        await(() -> in.poll(Duration.ZERO), "the writer has filled the ring");
        freeze(writer);
        ChildProcess reader = started(ctx.process(QueueFaultTest::recvOne, in));
        await(() -> !in.poll(Duration.ZERO), "the reader has taken all the writer wrote");
        killAndJoin(reader);
        assertFalse(in.poll(Duration.ZERO), "nothing to read while the writer is frozen");
        signal(writer, "CONT");
        assertEquals(NEXT, in.recv(), "the next receive must give the next whole message");
        joinOk(writer);
      }
    }
  }

  @Test
  void recv_writerOfASharedEndKilledInTheMiddleOfAMessage_readerAndWritersAreToldWhoDied()
      throws Exception {
    var ctx = Multiprocessing.local();
    try (Pipe pipe = SharedMemoryIpc.pipe(false, PIPE_RING)) {
      Connection in = pipe.conn1();
      ChildProcess first = started(ctx.process(QueueFaultTest::sendBig, pipe.conn2()));
      await(() -> in.poll(Duration.ZERO), "the writer has filled the ring");
      long pid = first.pid().orElseThrow();
      killAndJoin(first);
      ChildProcess second = started(ctx.process(QueueFaultTest::sendNext, pipe.conn2()));
      assertTrue(second.join(WAIT));
      assertEquals(OptionalInt.of(1), second.exitCode(), "the second writer is told");
      second.close();
      CompletableFuture<Object> received =
          CompletableFuture.supplyAsync(in::recv).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS);
      Throwable e = catchThrowable(received::join);
      var closed = assertInstanceOf(ConnectionClosedException.class, e.getCause());
      assertNotNull(closed.getMessage());
      assertEquals(
          "the pipe is broken: the process at the other end (pid "
              + pid
              + ") stopped in the middle of a message",
          closed.getMessage());
    }
  }
}
