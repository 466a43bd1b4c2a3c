package dev.multiproc.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every backend's {@link MpQueue} does at the edges of {@link java.util.concurrent.BlockingQueue}
 * and {@link java.util.Collection}: extreme timeouts, bad drain targets, looking without taking,
 * and the end-of-stream marker across a real child process.
 */
@ExtendWith(NoLeaksExtension.class)
class QueueEdgeCasesTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** "At once", generous for a busy machine: far below any of the timeouts given. */
  private static final long AT_ONCE_NANOS = TimeUnit.SECONDS.toNanos(10);

  private static Context ctx(String backend) {
    return backend.equals("local") ? Multiprocessing.local() : Multiprocessing.threads();
  }

  /** Child: counts the items until the end-of-stream marker, then puts the count. */
  static void countUntilEnd(MpQueue<Object> queue, MpQueue<Integer> counts) {
    try {
      int n = 0;
      for (Object item = queue.get(); item != EndOfStream.END; item = queue.get()) {
        n += (Integer) item;
      }
      counts.put(n);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "threads"})
  void pollAndOffer_extremeTimeouts_saturateAsTheJdkDoes(String backend) throws Exception {
    try (MpQueue<String> q = ctx(backend).queue(1)) {
      for (TimeUnit unit : TimeUnit.values()) {
        long start = System.nanoTime();
        assertNull(q.poll(Long.MIN_VALUE, unit), "poll(MIN_VALUE, " + unit + ") on empty");
        assertTrue(System.nanoTime() - start < AT_ONCE_NANOS, "poll(MIN_VALUE) waited");
        assertTrue(q.offer("a", Long.MAX_VALUE, unit), "offer(MAX_VALUE, " + unit + ")");
        start = System.nanoTime();
        assertFalse(q.offer("b", Long.MIN_VALUE, unit), "offer(MIN_VALUE, " + unit + ") on full");
        assertTrue(System.nanoTime() - start < AT_ONCE_NANOS, "offer(MIN_VALUE) waited");
        assertEquals("a", q.poll(Long.MAX_VALUE, unit), "poll(MAX_VALUE, " + unit + ")");
      }
      q.put("c", Duration.ofSeconds(Long.MAX_VALUE));
      assertThrows(QueueFullException.class, () -> q.put("d", Duration.ofSeconds(Long.MIN_VALUE)));
      assertEquals("c", q.get(Duration.ofSeconds(Long.MAX_VALUE)));
      assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofSeconds(Long.MIN_VALUE)));
      assertThrows(NullPointerException.class, () -> q.poll(1, null));
      assertThrows(NullPointerException.class, () -> q.offer("e", 1, null));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "threads"})
  void drainTo_nullOrItself_throwsEvenWhenEmpty(String backend) {
    try (MpQueue<String> q = ctx(backend).queue()) {
      QueueChecks.drainToRefusals(q);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "threads"})
  void collectionViews_lookWithoutTaking_iteratorRemovesWhatItReturned(String backend)
      throws Exception {
    try (MpQueue<String> q = ctx(backend).queue(10)) {
      // the threads queue holds the objects themselves: the same one twice is one item to it
      QueueChecks.collectionViews(q, backend.equals("local"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "threads"})
  void joinableQueue_itemsRemovedWithoutBeingGot_countAsDone(String backend) throws Exception {
    try (JoinableMpQueue<String> q = ctx(backend).joinableQueue()) {
      QueueChecks.removedItemsCountAsDone(q);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "threads"})
  void endOfStream_markerEndsAConsumerInAnotherProcess(String backend) throws Exception {
    Context ctx = ctx(backend);
    try (MpQueue<Object> q = ctx.queue();
        MpQueue<Integer> counts = ctx.queue()) {
      ChildProcess consumer = ctx.process(QueueEdgeCasesTest::countUntilEnd, q, counts).start();
      for (int i = 1; i <= 100; i++) {
        q.put(i);
      }
      q.put(EndOfStream.END);
      assertEquals(5050, counts.get(WAIT));
      assertTrue(consumer.join(WAIT));
      assertEquals(OptionalInt.of(0), consumer.exitCode());
      consumer.close();
      q.put(EndOfStream.END);
      assertTrue(EndOfStream.is(q.get(WAIT)));
    }
  }

  /** The marker through a pipe, to a child process and back. */
  @Test
  void endOfStream_throughAPipe_isTheSameConstant() throws Exception {
    Context ctx = Multiprocessing.local();
    Pipe pipe = ctx.pipe(true);
    try (Connection mine = pipe.conn1();
        Connection theirs = pipe.conn2()) {
      ChildProcess echo = ctx.process(QueueEdgeCasesTest::echoUntilEnd, theirs).start();
      mine.send("a");
      assertEquals("a", mine.recv());
      mine.send(EndOfStream.END);
      assertSame(EndOfStream.END, mine.recv());
      assertTrue(echo.join(WAIT));
      assertEquals(OptionalInt.of(0), echo.exitCode());
      echo.close();
    }
  }

  /** Child: sends back what it receives, the end marker included, then ends. */
  static void echoUntilEnd(Connection conn) throws Exception {
    Object item;
    do {
      item = conn.recv();
      conn.send(item);
    } while (!EndOfStream.is(item));
  }
}
