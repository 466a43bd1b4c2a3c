package dev.multiproc.faults;

import static dev.multiproc.faults.Faults.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.internal.footprint.Footprint;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.pool.Pool;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedLong;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.TestTasks;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Floods of virtual threads, the normal way to fan out blocking calls on JDK 25, on one pool,
 * queue, lock and shared value: every call succeeds with the right answer, and the caller is
 * left with no more threads or file descriptors than before.
 */
@ExtendWith(NoLeaksExtension.class)
class FloodFaultTest {
  static final int THREADS = 2_000;

  private final Context ctx = Multiprocessing.local();

  /** Runs {@code n} virtual threads of {@code body(i)} and waits for all; rethrows a failure. */
  private static <T> List<T> flood(int n, Body<T> body) throws Exception {
    List<Future<T>> futures = new ArrayList<>(n);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(threads.submit(() -> body.run(index)));
      }
    }
    List<T> results = new ArrayList<>(n);
    for (Future<T> f : futures) {
      results.add(f.get());
    }
    return results;
  }

  private interface Body<T> {
    T run(int i) throws Exception;
  }

  /** Fails if this JVM holds more library threads or descriptors than {@code before}. */
  private static void assertFlat(Footprint before) throws InterruptedException {
    List<String> grown = Footprint.settle(before, NoLeaksExtension.SETTLE).growthSince(before);
    assertTrue(grown.isEmpty(), () -> "grew: " + grown);
  }

  @Test
  void applyAsync_fromTwoThousandVirtualThreads_allCompleteWithTheRightAnswer() throws Exception {
    try (Pool pool = ctx.pool(2)) {
      assertEquals(1, pool.apply(TestTasks::square, 1));
      Faults.await(() -> pool.workers().size() == 2, WAIT, () -> "workers: " + pool.workers());
      Footprint before = Footprint.take();
      long start = System.nanoTime();
      List<Integer> results = flood(THREADS, i -> pool.applyAsync(TestTasks::square, i).get(WAIT));
      Faults.report(THREADS + " virtual threads on pool.applyAsync", Faults.millisSince(start));
      for (int i = 0; i < THREADS; i++) {
        assertEquals(i * i, results.get(i), "task " + i);
      }
      assertFlat(before);
    }
  }

  @Test
  void putAndGet_fromTwoThousandVirtualThreads_everyItemArrivesOnce() throws Exception {
    try (MpQueue<Integer> queue = ctx.queue(64)) {
      Footprint before = Footprint.take();
      var got = new ConcurrentLinkedQueue<Integer>();
      long start = System.nanoTime();
      flood(
          THREADS,
          i -> {
            if (i % 2 == 0) {
              queue.put(i / 2, WAIT);
            } else {
              got.add(queue.get(WAIT));
            }
            return null;
          });
      Faults.report(THREADS + " virtual threads on queue put/get", Faults.millisSince(start));
      BitSet seen = new BitSet();
      for (int v : got) {
        assertTrue(!seen.get(v), "item " + v + " arrived twice");
        seen.set(v);
      }
      assertEquals(THREADS / 2, seen.cardinality());
      assertEquals(0, queue.qsize());
      assertFlat(before);
    }
  }

  @Test
  void eventAwait_virtualThreadsWaiting_anotherVirtualThreadCanStillSetIt() throws Exception {
    try (Event event = ctx.event();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var waiting = new java.util.concurrent.CountDownLatch(THREADS);
      List<Future<Boolean>> waiters = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        waiters.add(
            threads.submit(
                () -> {
                  waiting.countDown();
                  return event.await(WAIT);
                }));
      }
      assertTrue(waiting.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
      long start = System.nanoTime();
      // more waiters than carriers: a waiter that blocks its carrier starves this one
      threads.submit(event::set).get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      for (Future<Boolean> w : waiters) {
        assertTrue(w.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
      }
      long took = Faults.millisSince(start);
      Faults.report(THREADS + " virtual threads woken by a virtual thread's set()", took);
      assertTrue(took < 5_000, "took " + took + " ms");
    }
  }

  @Test
  void conditionAwait_twoHundredVirtualWaitersOnWordsOfTheirOwn_allWokenBySignalAll()
      throws Exception {
    int waitersCount = 200; // each waits on a slot word of its own: more words than watchers
    try (MpCondition cond = ctx.condition();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Footprint before = Footprint.take();
      var waiting = new java.util.concurrent.atomic.AtomicInteger();
      List<Future<Boolean>> waiters = new ArrayList<>();
      for (int i = 0; i < waitersCount; i++) {
        waiters.add(
            threads.submit(
                () -> {
                  try (var _ = cond.hold()) {
                    waiting.incrementAndGet();
                    return cond.await(WAIT);
                  }
                }));
      }
      Faults.await(() -> waiting.get() == waitersCount, WAIT, () -> "waiting: " + waiting);
      try (var _ = cond.hold()) {
        // every waiter counted itself holding the lock, and released it only inside await
      }
      long start = System.nanoTime();
      try (var _ = cond.hold()) {
        cond.signalAll();
      }
      for (Future<Boolean> w : waiters) {
        assertTrue(w.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
      }
      Faults.report(
          waitersCount + " virtual condition waiters woken by signalAll",
          Faults.millisSince(start));
      assertFlat(before);
    }
  }

  @Test
  void lockHold_fromTwoThousandVirtualThreads_noUpdateIsLost() throws Exception {
    try (MpLock lock = ctx.lock();
        SharedInt counter = ctx.sharedInt(0, false)) {
      Footprint before = Footprint.take();
      long start = System.nanoTime();
      flood(
          THREADS,
          i -> {
            for (int k = 0; k < 5; k++) {
              assertTrue(lock.acquire(WAIT), "lock not acquired within " + WAIT);
              try {
                counter.set(counter.get() + 1); // a read-modify-write only the lock makes safe
              } finally {
                lock.release();
              }
            }
            return null;
          });
      Faults.report(THREADS + " virtual threads x 5 on lock acquire", Faults.millisSince(start));
      assertEquals(5 * THREADS, counter.get());
      assertFlat(before);
    }
  }

  @Test
  void sharedValueUpdates_fromTenThousandVirtualThreads_noUpdateIsLost() throws Exception {
    try (SharedLong atomic = ctx.sharedLong(0);
        SharedLong locked = ctx.sharedLong(0)) {
      Footprint before = Footprint.take();
      long start = System.nanoTime();
      flood(
          5 * THREADS,
          i -> {
            atomic.getAndAdd(i);
            try (var _ = locked.getLock().hold()) {
              locked.set(locked.get() + 1);
            }
            return null;
          });
      Faults.report(
          5 * THREADS + " virtual threads on shared value updates", Faults.millisSince(start));
      long n = 5L * THREADS;
      assertEquals(n * (n - 1) / 2, atomic.get());
      assertEquals(n, locked.get());
      assertFlat(before);
    }
  }
}
