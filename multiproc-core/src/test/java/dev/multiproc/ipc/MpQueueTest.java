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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link MpQueue}, {@link JoinableMpQueue} and {@link SimpleMpQueue} across real processes. */
@ExtendWith(NoLeaksExtension.class)
class MpQueueTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int PER_PRODUCER = 5000;
  private static final int STOP = -1;

  /* ------------------------------ child tasks ------------------------------ */

  /** Puts id * 1,000,000 + i for i in [0, PER_PRODUCER). */
  static void produce(MpQueue<Integer> queue, Integer id) {
    try {
      for (int i = 0; i < PER_PRODUCER; i++) {
        queue.put(id * 1_000_000 + i);
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Gets items until STOP, then puts the list of what it got into {@code results}. */
  static void consume(MpQueue<Integer> queue, MpQueue<ArrayList<Integer>> results) {
    try {
      var got = new ArrayList<Integer>();
      for (int item = queue.get(); item != STOP; item = queue.get()) {
        got.add(item);
      }
      results.put(got);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Puts 160 items of 64 KiB (10 MiB), item i filled with (byte) i, then returns (exits). */
  static void putTenMebibytes(MpQueue<byte[]> queue) {
    try {
      for (int i = 0; i < 160; i++) {
        byte[] b = new byte[64 * 1024];
        Arrays.fill(b, (byte) i);
        queue.put(b);
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Gets items until STOP; for each, puts it doubled into {@code results}, then taskDone. */
  static void work(JoinableMpQueue<Integer> tasks, MpQueue<Integer> results) {
    try {
      while (true) {
        int item = tasks.get();
        if (item == STOP) {
          tasks.taskDone();
          return;
        }
        Thread.sleep(2);
        results.put(item * 2);
        tasks.taskDone();
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Puts one item larger than a 64 KiB ring, then a small one. */
  static void putHuge(MpQueue<Object> queue) {
    try {
      byte[] b = new byte[1 << 20];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (i * 31);
      }
      queue.put(b);
      queue.put("after");
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Puts one 4 MiB item, which cannot all fit a 64 KiB ring while nobody gets. */
  static void putHugeAndHang(MpQueue<Object> queue) {
    try {
      queue.put(new byte[4 << 20]);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Puts a 3000-byte item, waiting for room in a 4 KiB ring that already holds one. */
  static void putBlob(MpQueue<Object> queue) {
    try {
      queue.put(new byte[3000]);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Puts null, "x" and 3 into a simple queue. */
  static void putSimple(SimpleMpQueue<Object> queue) {
    try {
      queue.put(null);
      queue.put("x");
      queue.put(3);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void joinOk(ChildProcess p) throws InterruptedException {
    assertTrue(p.join(WAIT), "child did not end: " + p);
    assertEquals(OptionalInt.of(0), p.exitCode(), "exit code of " + p.name());
    p.close();
  }

  /* --------------------------------- tests --------------------------------- */

  @Test
  void putGet_threeProducersTwoConsumers_nothingLostOrDuplicatedAndOrderKeptPerProducer()
      throws Exception {
    var ctx = Multiprocessing.local();
    try (MpQueue<Integer> queue = ctx.queue(100);
        MpQueue<ArrayList<Integer>> results = ctx.queue()) {
      List<ChildProcess> consumers =
          List.of(
              ctx.process(MpQueueTest::consume, queue, results).start(),
              ctx.process(MpQueueTest::consume, queue, results).start());
      List<ChildProcess> producers =
          List.of(
              ctx.process(MpQueueTest::produce, queue, 1).start(),
              ctx.process(MpQueueTest::produce, queue, 2).start());
      produce(queue, 3); // this process is the third producer
      for (ChildProcess p : producers) {
        joinOk(p);
      }
      queue.put(STOP);
      queue.put(STOP);
      List<ArrayList<Integer>> got = List.of(results.get(WAIT), results.get(WAIT));
      for (ChildProcess c : consumers) {
        joinOk(c);
      }
      Set<Integer> all = new HashSet<>();
      int total = 0;
      for (List<Integer> one : got) {
        Map<Integer, Integer> last = new HashMap<>();
        for (int item : one) {
          int producer = item / 1_000_000;
          int seq = item % 1_000_000;
          assertTrue(
              seq > last.getOrDefault(producer, -1),
              "producer " + producer + " out of order: " + seq + " after " + last.get(producer));
          last.put(producer, seq);
          all.add(item);
          total++;
        }
      }
      assertEquals(3 * PER_PRODUCER, total, "items got");
      assertEquals(3 * PER_PRODUCER, all.size(), "distinct items got");
      assertTrue(queue.empty());
      assertEquals(0, queue.qsize());
    }
  }

  @Test
  void boundedQueue_fullAndEmptyWithTimeoutsAndNowForms() throws Exception {
    try (MpQueue<String> queue = Multiprocessing.local().queue(2)) {
      assertEquals(2, queue.maxsize());
      assertTrue(queue.empty());
      assertFalse(queue.full());
      queue.put("a");
      queue.put("b", Duration.ofSeconds(1));
      assertTrue(queue.full());
      assertEquals(2, queue.qsize());
      assertEquals(0, queue.remainingCapacity());

      long start = System.nanoTime();
      var full =
          assertThrows(QueueFullException.class, () -> queue.put("c", Duration.ofMillis(100)));
      assertTrue(System.nanoTime() - start >= 90_000_000L, "put gave up before its timeout");
      assertEquals("queue full (maxsize 2)", full.getMessage());
      full = assertThrows(QueueFullException.class, () -> queue.putNow("c"));
      assertEquals("queue full (maxsize 2)", full.getMessage());
      assertFalse(queue.offer("c"));
      assertThrows(QueueFullException.class, () -> queue.add("c"));
      assertEquals(2, queue.qsize(), "failed puts leave nothing behind");

      assertEquals("a", queue.get());
      assertEquals("b", queue.getNow());
      assertTrue(queue.empty());
      start = System.nanoTime();
      var empty = assertThrows(QueueEmptyException.class, () -> queue.get(Duration.ofMillis(100)));
      assertTrue(System.nanoTime() - start >= 90_000_000L, "get gave up before its timeout");
      assertEquals("queue empty: no item came within PT0.1S", empty.getMessage());
      empty = assertThrows(QueueEmptyException.class, queue::getNow);
      assertEquals("queue empty", empty.getMessage());
      assertNull(queue.poll());
      assertThrows(java.util.NoSuchElementException.class, queue::remove);

      queue.putNow("c");
      assertEquals("c", queue.poll(1, java.util.concurrent.TimeUnit.SECONDS));
    }
  }

  @Test
  void put_unencodableItem_throwsNamingTheClassAndPutsNothing() throws Exception {
    try (MpQueue<Object> queue = Multiprocessing.local().queue(1)) {
      var e = assertThrows(IllegalArgumentException.class, () -> queue.put(new Thread()));
      assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
      assertTrue(queue.empty());
      assertEquals(0, queue.qsize());
      queue.put("fine", Duration.ZERO); // the one place is still free
      assertEquals("fine", queue.get());
      assertThrows(NullPointerException.class, () -> queue.put(null));
    }
  }

  @Test
  void join_producerExitsWithTenMebibytesQueued_parentJoinsItFirstThenGetsEverything()
      throws Exception {
    try (MpQueue<byte[]> queue = Multiprocessing.local().queue()) {
      ChildProcess producer =
          Multiprocessing.local().process(MpQueueTest::putTenMebibytes, queue).start();
      joinOk(producer); // Python's "joining processes that use queues" hang cannot happen
      assertEquals(160, queue.qsize());
      for (int i = 0; i < 160; i++) {
        byte[] b = queue.getNow();
        assertEquals(64 * 1024, b.length);
        byte[] expected = new byte[b.length];
        Arrays.fill(expected, (byte) i);
        assertArrayEquals(expected, b, "item " + i);
      }
      assertTrue(queue.empty());
    }
  }

  @Test
  void joinableQueue_workerMarksTasksDone_joinReturnsOnlyWhenAllAreDone() throws Exception {
    var ctx = Multiprocessing.local();
    try (JoinableMpQueue<Integer> tasks = ctx.joinableQueue();
        MpQueue<Integer> results = ctx.queue()) {
      ChildProcess worker = ctx.process(MpQueueTest::work, tasks, results).start();
      for (int i = 0; i < 50; i++) {
        tasks.put(i);
      }
      tasks.join();
      assertEquals(50, results.qsize(), "join returned before every task was done");
      int sum = 0;
      for (int i = 0; i < 50; i++) {
        sum += results.getNow();
      }
      assertEquals(2 * (49 * 50 / 2), sum);
      tasks.put(STOP);
      joinOk(worker);
      tasks.join();
      var e = assertThrows(IllegalStateException.class, tasks::taskDone);
      assertEquals("taskDone() called too many times: no unfinished task", e.getMessage());
    }
  }

  @Test
  void put_itemLargerThanTheQueuesBytes_streamsThroughToAConsumer() throws Exception {
    try (MpQueue<Object> queue = SharedMemoryIpc.queue(0, 64 * 1024)) {
      ChildProcess producer = Multiprocessing.local().process(MpQueueTest::putHuge, queue).start();
      byte[] b = (byte[]) queue.get(WAIT);
      assertEquals(1 << 20, b.length);
      for (int i = 0; i < b.length; i++) {
        if (b[i] != (byte) (i * 31)) {
          throw new AssertionError("byte " + i + " differs");
        }
      }
      assertEquals("after", queue.get(WAIT));
      joinOk(producer);
    }
  }

  @Test
  void get_producerKilledInTheMiddleOfAHugeItem_getSaysItWasLost_queueGoesOn() throws Exception {
    try (MpQueue<Object> queue = SharedMemoryIpc.queue(0, 64 * 1024)) {
      ChildProcess producer =
          Multiprocessing.local().process(MpQueueTest::putHugeAndHang, queue).start();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (queue.empty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertFalse(queue.empty(), "the producer never started its item");
      long pid = producer.pid().orElseThrow();
      producer.kill();
      assertTrue(producer.join(WAIT));
      producer.close();
      var e = assertThrows(IllegalStateException.class, () -> queue.get(WAIT));
      assertEquals(
          "an item was lost: its producer (pid "
              + pid
              + ") died half way through"
              + " putting it (it was larger than the queue's 65536-byte buffer); the queue goes on",
          e.getMessage());
      assertEquals(0, queue.qsize(), "the lost item is counted got");
      queue.put("more");
      assertEquals("more", queue.get(WAIT));
    }
  }

  @Test
  void put_producerKilledWhileWaitingForRoom_nextProducerTakesOverAndItsItemIsNotCounted()
      throws Exception {
    try (MpQueue<Object> queue = SharedMemoryIpc.queue(3, 4096)) {
      queue.put(new byte[3000]);
      ChildProcess producer = Multiprocessing.local().process(MpQueueTest::putBlob, queue).start();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (queue.qsize() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(2, queue.qsize(), "the child counts its item while it waits for room");
      producer.kill();
      assertTrue(producer.join(WAIT));
      producer.close();
      queue.put("x", WAIT); // takes the dead child's put lock over
      assertEquals(2, queue.qsize(), "the dead child's unwritten item is no longer counted");
      queue.put("y", WAIT);
      assertTrue(queue.full(), "all three places are usable again");
      assertEquals(3000, ((byte[]) queue.get()).length);
      assertEquals("x", queue.get());
      assertEquals("y", queue.get());
      assertTrue(queue.empty());
    }
  }

  @Test
  void put_unboundedQueueOutOfBytes_timesOutWithFull() throws Exception {
    try (MpQueue<byte[]> queue = SharedMemoryIpc.queue(0, 4096)) {
      queue.put(new byte[3000]);
      var e =
          assertThrows(
              QueueFullException.class, () -> queue.put(new byte[3000], Duration.ofMillis(50)));
      assertTrue(e.getMessage().startsWith("queue full: no room for an item of"), e.getMessage());
      assertEquals(1, queue.qsize());
      assertEquals(3000, queue.get().length);
    }
  }

  @Test
  void simpleQueue_childPutsIncludingNull_parentGetsInOrder() throws Exception {
    try (SimpleMpQueue<Object> queue = Multiprocessing.local().simpleQueue()) {
      assertTrue(queue.empty());
      ChildProcess child = Multiprocessing.local().process(MpQueueTest::putSimple, queue).start();
      assertNull(queue.get());
      assertEquals("x", queue.get());
      assertEquals(3, queue.get());
      joinOk(child);
      assertTrue(queue.empty());
    }
  }

  @Test
  void blockingQueueViews_lookWithoutTaking_drainToTakesEverything() throws Exception {
    try (MpQueue<Integer> queue = Multiprocessing.local().queue()) {
      queue.addAll(List.of(1, 2, 3));
      assertEquals(List.of(1, 2, 3), new ArrayList<>(queue)); // iterator(): a snapshot
      assertEquals(1, queue.peek());
      assertTrue(queue.contains(1));
      assertEquals(3, queue.qsize(), "looking takes nothing");
      var out = new ArrayList<Integer>();
      assertEquals(3, queue.drainTo(out));
      assertEquals(List.of(1, 2, 3), out);
      assertEquals(Integer.MAX_VALUE, queue.remainingCapacity());
      queue.joinThread();
      queue.cancelJoinThread();
    }
  }

  @Test
  void queue_negativeMaxsize_isRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Multiprocessing.local().queue(-1));
    assertEquals("maxsize must not be negative: maxsize=-1", e.getMessage());
  }

  @Test
  void close_thenPut_throwsQueueClosed() {
    MpQueue<Integer> queue = Multiprocessing.local().queue();
    queue.close();
    var e = assertThrows(IllegalStateException.class, () -> queue.put(1));
    assertEquals("the queue is closed", e.getMessage());
  }
}
