package dev.multiproc.faults;

import static dev.multiproc.faults.EmbeddedCluster.awaitBlocked;
import static dev.multiproc.faults.EmbeddedCluster.inThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.sync.Barrier;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.MpSemaphore;
import dev.multiproc.sync.RLock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDK contracts of the cluster's locks, conditions, semaphores, events, barriers and queues
 * under interrupts and timeouts, from a member and from a client, each case repeated: an
 * interrupt is an {@link InterruptedException} with the interrupt status clear, and loses
 * nothing (no item taken, no permit or lock left held for a caller that has gone); an
 * uninterruptible wait goes on through interrupts and sets the status again; a timed wait ends
 * neither before its timeout nor long after it, and takes {@code Long.MIN_VALUE} and {@code
 * Long.MAX_VALUE} of any unit. Also: a semaphore's consumed permits are never given back, a
 * held one is when its holder's JVM is killed; a condition over a plain lock is refused to a
 * thread that did not take the lock.
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>interrupted lockInterruptibly</td><td>a thread waits for a held lock and is
 *       interrupted; the holder releases</td><td>InterruptedException, status clear; the lock
 *       is free for others</td></tr>
 *   <tr><td>interrupted lock()</td><td>as above, with lock()</td><td>it waits on, gets the lock
 *       once released, status set</td></tr>
 *   <tr><td>interrupted await / awaitUninterruptibly</td><td>a waiter on a condition is
 *       interrupted</td><td>InterruptedException with the lock held again / waits on until
 *       signalled, status set</td></tr>
 *   <tr><td>interrupted acquire / hold</td><td>a semaphore waiter is interrupted, then a permit
 *       is released</td><td>InterruptedException, the permit stays free / hold() waits on and
 *       gets it</td></tr>
 *   <tr><td>interrupted take / put</td><td>a queue waiter is interrupted, then an item (room)
 *       comes</td><td>InterruptedException; the item is not swallowed, the put item never goes
 *       in</td></tr>
 *   <tr><td>interrupted event, barrier, join</td><td>a waiter is interrupted</td>
 *       <td>InterruptedException, status clear (the barrier breaks)</td></tr>
 *   <tr><td>timed waits</td><td>tryLock, poll, offer, await, acquire with 300 ms, repeated</td>
 *       <td>false after at least 300 ms, well before 10 s</td></tr>
 *   <tr><td>extreme timeouts</td><td>Long.MIN_VALUE and Long.MAX_VALUE days</td><td>MIN: at
 *       once; MAX: waits until the item, room, lock comes</td></tr>
 *   <tr><td>consumed permits</td><td>a client JVM acquires 3 released permits and exits</td>
 *       <td>not given back</td></tr>
 *   <tr><td>held permit of a killed JVM</td><td>a client JVM inside hold() is SIGKILLed</td>
 *       <td>the permit comes back, counted</td></tr>
 *   <tr><td>condition over a plain lock</td><td>another thread awaits and signals while the
 *       taker holds it</td><td>IllegalMonitorStateException; the hold is untouched</td></tr>
 * </table>
 */
@Timeout(300)
// A single await's outcome, and locks taken and released apart, are what these tests check.
@SuppressWarnings({"WaitNotInLoop", "LockNotBeforeTry"})
class ClusterContractFaultTest {
  /** How many times each interrupt case runs: the faults it finds are races. */
  private static final int ROUNDS = 5;

  private static final long LONG_SECONDS = 60;

  private static EmbeddedCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = EmbeddedCluster.start(ClusterContractFaultTest.class);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** What a waiter ended with: a result or a throwable, and its interrupt status then. */
  private record Outcome<T>(T value, Throwable thrown, boolean interruptedAfter) {}

  /** Runs {@code body} in a thread, returns the thread and its outcome. */
  private static <T> CompletableFuture<Outcome<T>> waiter(
      Callable<T> body, AtomicReference<Thread> thread) {
    return inThread(
        () -> {
          thread.set(Thread.currentThread());
          try {
            T v = body.call();
            return new Outcome<>(v, null, Thread.currentThread().isInterrupted());
          } catch (Throwable t) {
            return new Outcome<>(null, t, Thread.currentThread().isInterrupted());
          }
        });
  }

  /** Starts {@code body} in a thread, interrupts it once it waits, and returns its outcome. */
  private static <T> Outcome<T> interrupted(Callable<T> body) throws Exception {
    var thread = new AtomicReference<Thread>();
    CompletableFuture<Outcome<T>> f = waiter(body, thread);
    Thread t = awaitThread(thread);
    awaitBlocked(t);
    t.interrupt();
    return f.get(LONG_SECONDS, TimeUnit.SECONDS);
  }

  private static Thread awaitThread(AtomicReference<Thread> thread) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (thread.get() == null) {
      assertTrue(System.nanoTime() < deadline, "the waiter did not start");
      Thread.onSpinWait();
    }
    return thread.get();
  }

  private static void assertInterruptedCleanly(Outcome<?> o) {
    assertInstanceOf(
        InterruptedException.class,
        o.thrown(),
        () -> "an interrupt surfaces as InterruptedException, not " + o.thrown());
    assertFalse(o.interruptedAfter(), "the interrupt status is clear once it is thrown");
  }

  /* ------------------------------ interrupts ------------------------------ */

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  void lock_lockInterruptiblyInterrupted_throwsAndLeavesTheLockFree(String side) throws Exception {
    ClusterContext ctx = cluster.side(side);
    for (int round = 0; round < ROUNDS; round++) {
      try (MpLock lock = ctx.lock()) {
        lock.lock();
        Outcome<Object> o =
            interrupted(
                () -> {
                  lock.lockInterruptibly();
                  return "locked";
                });
        assertInterruptedCleanly(o);
        lock.unlock();
        assertTrue(
            inThread(
                    () -> {
                      boolean taken = lock.tryLock(LONG_SECONDS, TimeUnit.SECONDS);
                      if (taken) {
                        lock.unlock();
                      }
                      return taken;
                    })
                .get(2 * LONG_SECONDS, TimeUnit.SECONDS),
            "nobody holds the lock for the waiter" + " that gave up");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  void lock_lockInterrupted_waitsOnAndKeepsTheInterrupt(String side) throws Exception {
    ClusterContext ctx = cluster.side(side);
    for (int round = 0; round < ROUNDS; round++) {
      try (RLock lock = ctx.rLock()) {
        lock.lock();
        var released = new AtomicBoolean();
        var thread = new AtomicReference<Thread>();
        CompletableFuture<Outcome<Boolean>> f =
            waiter(
                () -> {
                  lock.lock();
                  boolean afterRelease = released.get();
                  lock.unlock();
                  return afterRelease;
                },
                thread);
        Thread t = awaitThread(thread);
        awaitBlocked(t);
        t.interrupt();
        released.set(true);
        lock.unlock();
        Outcome<Boolean> o = f.get(LONG_SECONDS, TimeUnit.SECONDS);
        assertNull(o.thrown(), () -> "lock() went on through the interrupt: " + o.thrown());
        assertTrue(o.value(), "it got the lock only once released");
        assertTrue(o.interruptedAfter(), "the interrupt status is set again");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  @SuppressWarnings("Finally") // a wait that returns without the lock fails, whatever it threw
  void condition_awaitInterrupted_throwsWithTheLockHeldAgain(String side) throws Exception {
    ClusterContext ctx = cluster.side(side);
    for (int round = 0; round < ROUNDS; round++) {
      try (RLock lock = ctx.rLock();
          MpCondition cond = ctx.condition(lock)) {
        Outcome<Boolean> o =
            interrupted(
                () -> {
                  lock.lock();
                  try {
                    cond.await();
                    return true;
                  } finally {
                    boolean held = lock.isHeldByCurrentThread();
                    lock.unlock();
                    if (!held) {
                      throw new AssertionError("the lock was not held again after the wait");
                    }
                  }
                });
        assertInterruptedCleanly(o);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  void condition_awaitUninterruptiblyInterrupted_waitsForTheSignal(String side) throws Exception {
    ClusterContext ctx = cluster.side(side);
    for (int round = 0; round < ROUNDS; round++) {
      try (RLock lock = ctx.rLock();
          MpCondition cond = ctx.condition(lock)) {
        var signalled = new AtomicBoolean();
        var locked = new CountDownLatch(1);
        var thread = new AtomicReference<Thread>();
        CompletableFuture<Outcome<Boolean>> f =
            waiter(
                () -> {
                  lock.lock();
                  locked.countDown();
                  try {
                    cond.awaitUninterruptibly();
                    return signalled.get() && lock.isHeldByCurrentThread();
                  } finally {
                    lock.unlock();
                  }
                },
                thread);
        assertTrue(locked.await(LONG_SECONDS, TimeUnit.SECONDS), "the waiter took the lock");
        Thread t = awaitThread(thread);
        awaitBlocked(t);
        t.interrupt();
        // the lock is free for the signaller only once the waiter waits, and it keeps waiting
        assertTrue(lock.tryLock(LONG_SECONDS, TimeUnit.SECONDS));
        try {
          signalled.set(true);
          cond.signalAll();
        } finally {
          lock.unlock();
        }
        Outcome<Boolean> o = f.get(LONG_SECONDS, TimeUnit.SECONDS);
        assertNull(o.thrown(), () -> "awaitUninterruptibly went on: " + o.thrown());
        assertTrue(o.value(), "it returned after the signal, with the lock");
        assertTrue(o.interruptedAfter(), "the interrupt status is set again");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  void semaphore_acquireInterrupted_throwsAndTakesNoPermit(String side) throws Exception {
    ClusterContext ctx = cluster.side(side);
    for (int round = 0; round < ROUNDS; round++) {
      try (MpSemaphore sem = ctx.semaphore(0)) {
        Outcome<Object> o =
            interrupted(
                () -> {
                  sem.acquire();
                  return "acquired";
                });
        assertInterruptedCleanly(o);
        sem.release();
        assertTrue(
            sem.acquire(Duration.ofSeconds(LONG_SECONDS)),
            "the released permit was not taken for the waiter that gave up");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  void semaphore_holdInterrupted_waitsOnForAPermit(String side) throws Exception {
    ClusterContext ctx = cluster.side(side);
    try (MpSemaphore sem = ctx.semaphore(0)) {
      var thread = new AtomicReference<Thread>();
      CompletableFuture<Outcome<Integer>> f =
          waiter(
              () -> {
                try (var _ = sem.hold()) {
                  return sem.getValue();
                }
              },
              thread);
      Thread t = awaitThread(thread);
      awaitBlocked(t);
      t.interrupt();
      sem.release();
      Outcome<Integer> o = f.get(LONG_SECONDS, TimeUnit.SECONDS);
      assertNull(o.thrown(), () -> "hold() went on through the interrupt: " + o.thrown());
      assertEquals(0, o.value(), "it held the one permit");
      assertTrue(o.interruptedAfter(), "the interrupt status is set again");
      assertEquals(1, sem.getValue(), "closing the hold gave it back");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  void queue_takeInterrupted_throwsAndSwallowsNoItem(String side) throws Exception {
    ClusterContext ctx = cluster.side(side);
    for (int round = 0; round < ROUNDS; round++) {
      try (MpQueue<String> q = ctx.queue()) {
        Outcome<String> o = interrupted(q::take);
        assertInterruptedCleanly(o);
        q.put("next");
        assertEquals(
            "next",
            q.poll(LONG_SECONDS, TimeUnit.SECONDS),
            "the item put after the interrupt is there for the next taker");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  void queue_putInterruptedOnAFullQueue_throwsAndNeverPuts(String side) throws Exception {
    ClusterContext ctx = cluster.side(side);
    for (int round = 0; round < ROUNDS; round++) {
      try (MpQueue<String> q = ctx.queue(1)) {
        q.put("first");
        Outcome<Object> o =
            interrupted(
                () -> {
                  q.put("late");
                  return "put";
                });
        assertInterruptedCleanly(o);
        assertEquals("first", q.take());
        q.put("after");
        assertEquals("after", q.take(), "the interrupted put did not take the free room");
        assertEquals(0, q.qsize());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  void event_barrier_join_interrupted_throwCleanly(String side) throws Exception {
    ClusterContext ctx = cluster.side(side);
    for (int round = 0; round < ROUNDS; round++) {
      try (Event e = ctx.event();
          Barrier b = ctx.barrier(2);
          JoinableMpQueue<String> jq = ctx.joinableQueue()) {
        assertInterruptedCleanly(
            interrupted(
                () -> {
                  e.await();
                  return "set";
                }));
        assertInterruptedCleanly(interrupted(() -> b.await()));
        assertTrue(b.isBroken(), "an interrupted party breaks the barrier");
        jq.put("unfinished");
        assertInterruptedCleanly(
            interrupted(
                () -> {
                  jq.join();
                  return "joined";
                }));
      }
    }
  }

  /* ------------------------------ timeouts ------------------------------ */

  /** Runs {@code wait} (which must time out) and checks how long it took. */
  private static void timesOutOnTime(String what, Callable<Boolean> wait) throws Exception {
    long start = System.nanoTime();
    boolean got = wait.call();
    long took = System.nanoTime() - start;
    assertFalse(got, what + " timed out");
    assertTrue(
        took >= TimeUnit.MILLISECONDS.toNanos(300),
        what + " gave up before its timeout: after " + took / 1_000_000.0 + " ms");
    assertTrue(
        took < TimeUnit.SECONDS.toNanos(10),
        what + " hung past its timeout: " + took / 1_000_000.0 + " ms");
  }

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  void timedWaits_endAtTheirTimeout(String side) throws Exception {
    ClusterContext ctx = cluster.side(side);
    try (MpLock lock = ctx.lock();
        MpQueue<String> empty = ctx.queue();
        MpQueue<String> full = ctx.queue(1);
        RLock rlock = ctx.rLock();
        MpCondition cond = ctx.condition(rlock);
        MpSemaphore sem = ctx.semaphore(0);
        Event event = ctx.event()) {
      full.put("x");
      lock.lock();
      for (int round = 0; round < 2 * ROUNDS; round++) {
        timesOutOnTime(
            "tryLock",
            () ->
                inThread(() -> lock.tryLock(300, TimeUnit.MILLISECONDS)).get(60, TimeUnit.SECONDS));
        timesOutOnTime("poll", () -> empty.poll(300, TimeUnit.MILLISECONDS) != null);
        timesOutOnTime("offer", () -> full.offer("y", 300, TimeUnit.MILLISECONDS));
        timesOutOnTime("acquire", () -> sem.acquire(Duration.ofMillis(300)));
        timesOutOnTime("event await", () -> event.await(Duration.ofMillis(300)));
        rlock.lock();
        try {
          timesOutOnTime("condition await", () -> cond.await(300, TimeUnit.MILLISECONDS));
        } finally {
          rlock.unlock();
        }
      }
      lock.unlock();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  void extremeTimeouts_minIsNowAndMaxWaits(String side) throws Exception {
    ClusterContext ctx = cluster.side(side);
    try (MpQueue<String> q = ctx.queue(1);
        MpLock lock = ctx.lock();
        RLock rlock = ctx.rLock();
        MpCondition cond = ctx.condition(rlock)) {
      long start = System.nanoTime();
      assertNull(q.poll(Long.MIN_VALUE, TimeUnit.DAYS));
      q.put("x");
      assertFalse(q.offer("y", Long.MIN_VALUE, TimeUnit.DAYS));
      lock.lock();
      assertFalse(
          inThread(() -> lock.tryLock(Long.MIN_VALUE, TimeUnit.DAYS))
              .get(LONG_SECONDS, TimeUnit.SECONDS));
      rlock.lock();
      assertFalse(cond.await(Long.MIN_VALUE, TimeUnit.DAYS));
      rlock.unlock();
      assertTrue(
          System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10),
          "Long.MIN_VALUE waits did not wait");

      CompletableFuture<Boolean> offered =
          inThread(() -> q.offer("y", Long.MAX_VALUE, TimeUnit.DAYS));
      CompletableFuture<Boolean> locked =
          inThread(
              () -> {
                boolean taken = lock.tryLock(Long.MAX_VALUE, TimeUnit.DAYS);
                if (taken) {
                  lock.unlock();
                }
                return taken;
              });
      assertEquals("x", q.take());
      lock.unlock();
      assertTrue(offered.get(LONG_SECONDS, TimeUnit.SECONDS), "offer waited for room");
      assertTrue(locked.get(LONG_SECONDS, TimeUnit.SECONDS), "tryLock waited for the lock");
      assertEquals("y", q.poll(Long.MAX_VALUE, TimeUnit.DAYS));
      CompletableFuture<String> polled = inThread(() -> q.poll(Long.MAX_VALUE, TimeUnit.DAYS));
      q.put("z");
      assertEquals("z", polled.get(LONG_SECONDS, TimeUnit.SECONDS), "poll waited for the item");
    }
  }

  /* ------------------------------ semaphore permits ------------------------------ */

  @Test
  void semaphore_signalsConsumedByAClientJvmThatExits_areNotGivenBack() throws Exception {
    try (MpSemaphore sem = cluster.member.semaphore(0)) {
      for (int i = 0; i < 3; i++) {
        sem.release();
      }
      Process consumer =
          cluster.startClientJvm(
              ClusterSemaphoreUserMain.class, ClusterSemaphoreUserMain.send(sem), "consume", "3");
      try {
        assertTrue(consumer.waitFor(LONG_SECONDS, TimeUnit.SECONDS), "the consumer ended");
        assertEquals(0, consumer.exitValue());
        assertFalse(sem.acquire(Duration.ofSeconds(3)), "a consumed signal was given back");
        assertEquals(0, sem.reclaimedPermits());
      } finally {
        consumer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void semaphore_clientJvmKilledInsideHold_itsPermitComesBack() throws Exception {
    try (MpSemaphore sem = cluster.member.semaphore(1)) {
      Process holder =
          cluster.startClientJvm(
              ClusterSemaphoreUserMain.class, ClusterSemaphoreUserMain.send(sem), "hold");
      try {
        assertTrue(EmbeddedCluster.awaitLine(holder, "HELD", 90), "the other JVM holds it");
        assertFalse(sem.tryAcquire(), "held by the other JVM");
        holder.destroyForcibly(); // SIGKILL
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        assertTrue(
            sem.acquire(Duration.ofSeconds(LONG_SECONDS)), "the killed holder's permit came back");
        assertEquals(1, sem.reclaimedPermits());
      } finally {
        holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /* ------------------------------ condition ownership ------------------------------ */

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  void condition_plainLockHeldByAnotherThread_refusesAwaitAndSignal(String side) throws Exception {
    ClusterContext ctx = cluster.side(side);
    try (MpLock lock = ctx.lock();
        MpCondition cond = ctx.condition(lock)) {
      lock.lock();
      try {
        Throwable awaited =
            inThread(
                    () -> {
                      try {
                        cond.await(Duration.ofMillis(200));
                        return null;
                      } catch (Throwable t) {
                        return t;
                      }
                    })
                .get(LONG_SECONDS, TimeUnit.SECONDS);
        assertInstanceOf(IllegalMonitorStateException.class, awaited);
        Throwable signalled =
            inThread(
                    () -> {
                      try {
                        cond.signalAll();
                        return null;
                      } catch (Throwable t) {
                        return t;
                      }
                    })
                .get(LONG_SECONDS, TimeUnit.SECONDS);
        assertInstanceOf(IllegalMonitorStateException.class, signalled);
        assertFalse(
            inThread(lock::tryLock).get(LONG_SECONDS, TimeUnit.SECONDS),
            "the taker's hold is untouched");
      } finally {
        lock.unlock();
      }
    }
  }
}
