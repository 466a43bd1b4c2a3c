package dev.multiproc.faults;

import static dev.multiproc.faults.Faults.WAIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.internal.ipc.SharedMemoryIpc;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.QueueEmptyException;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.sync.Event;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A queue's producer killed in the middle of a put. A consumer never gets bytes from inside an
 * item: it gets the next whole item, or a clear error; and the queue goes on serving the
 * producers and consumers that are alive.
 */
@ExtendWith(NoLeaksExtension.class)
class ProducerFaultTest {
  private final Context ctx = Multiprocessing.local();

  /** An item whose every byte can be checked: byte i is {@code (byte) (i * 31 + seed)}. */
  static byte[] item(int size, int seed) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  /** Says it is about to put, then puts one {@code size}-byte item, then sleeps. */
  static void putThenSleep(MpQueue<Object> queue, Event putting, int size) {
    byte[] b = item(size, 7);
    putting.set();
    try {
      queue.put(b);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    Faults.sleepUntilKilled();
  }

  @Test
  void producerKilledMidPutOfAnItemThatFits_getGetsTheWholeItemOrNothing_queueGoesOn()
      throws Exception {
    int size = 24 << 20;
    try (MpQueue<Object> queue = SharedMemoryIpc.queue(0, 32L << 20);
        Event putting = ctx.event()) {
      ChildProcess producer = ctx.process(() -> putThenSleep(queue, putting, size)).start();
      assertTrue(putting.await(WAIT));
      // the worst moment: the item is counted and being copied into the ring
      Faults.await(() -> queue.qsize() > 0, WAIT, () -> "the producer never started its put");
      producer.kill();
      assertTrue(producer.join(WAIT));
      queue.put("after", WAIT); // takes the dead producer's put lock over
      Object first = queue.get(WAIT);
      if (first instanceof byte[] whole) {
        assertArrayEquals(item(size, 7), whole, "the item came whole");
        first = queue.get(WAIT);
        System.err.println("[fault] producer killed after its item was written");
      } else {
        System.err.println("[fault] producer killed before its item was written");
      }
      assertEquals("after", first);
      assertEquals(0, queue.qsize());
      assertInstanceOf(
          QueueEmptyException.class,
          org.junit.jupiter.api.Assertions.assertThrows(
              RuntimeException.class, () -> queue.get(Duration.ofMillis(50))));
      producer.close();
    }
  }

  @Test
  void producerKilledWhileAConsumerStreamsItsHugeItem_consumerGetsAClearError_queueGoesOn()
      throws Exception {
    int size = 4 << 20;
    try (MpQueue<Object> queue = SharedMemoryIpc.queue(0, 64 * 1024);
        Event putting = ctx.event()) {
      ChildProcess producer = ctx.process(() -> putThenSleep(queue, putting, size)).start();
      assertTrue(putting.await(WAIT));
      Faults.await(
          () -> queue.qsize() > 0 && !queue.empty(),
          WAIT,
          () -> "the producer never filled the ring");
      long pid = producer.pid().orElseThrow();
      Faults.freeze(pid);
      CompletableFuture<Object> consumer =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return queue.get(WAIT);
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      // the consumer drained what the frozen producer wrote: it is in the middle of the item
      Faults.await(queue::empty, WAIT, () -> "the consumer did not start reading the item");
      producer.kill();
      assertTrue(producer.join(WAIT));
      var e =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> consumer.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().contains("died"), e.getCause().getMessage());
      queue.put("next", WAIT);
      assertEquals("next", queue.get(WAIT));
      assertEquals(0, queue.qsize());
      producer.close();
    }
  }

  @Test
  void producerKilledMidHugeItemWithNoConsumer_putsWaitUntilAConsumerHasMetTheLostItem()
      throws Exception {
    int size = 4 << 20;
    try (MpQueue<Object> queue = SharedMemoryIpc.queue(0, 64 * 1024);
        Event putting = ctx.event()) {
      ChildProcess producer = ctx.process(() -> putThenSleep(queue, putting, size)).start();
      assertTrue(putting.await(WAIT));
      // no consumer: the producer fills the ring and waits in the middle of its item
      Faults.await(
          () -> queue.qsize() > 0 && !queue.empty(),
          WAIT,
          () -> "the producer never filled the ring");
      long pid = producer.pid().orElseThrow();
      producer.kill();
      assertTrue(producer.join(WAIT));
      // nothing may follow the cut until a consumer has met it: a consumer in the cut item
      // would read on into the next one
      assertFalse(
          queue.offer("early", 200, TimeUnit.MILLISECONDS),
          "a put went through while the ring held a cut item");
      var e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalStateException.class, () -> queue.get(WAIT));
      assertTrue(e.getMessage().contains("its producer (pid " + pid + ") died"), e.getMessage());
      queue.put("next", WAIT);
      assertEquals("next", queue.get(WAIT));
      assertEquals(0, queue.qsize());
      producer.close();
    }
  }
}
