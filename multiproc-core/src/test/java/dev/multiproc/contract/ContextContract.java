package dev.multiproc.contract;

import static dev.multiproc.contract.ContractTasks.WAIT;
import static dev.multiproc.function.Args2.args;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.ipc.BufferTooShortException;
import dev.multiproc.ipc.ConnectionClosedException;
import dev.multiproc.ipc.Connections;
import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.Pipe;
import dev.multiproc.ipc.QueueEmptyException;
import dev.multiproc.ipc.QueueFullException;
import dev.multiproc.ipc.SimpleMpQueue;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.pool.ResultIterator;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.shared.SharedDoubleArray;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedIntArray;
import dev.multiproc.shared.SharedLong;
import dev.multiproc.sync.Barrier;
import dev.multiproc.sync.BoundedSemaphore;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.MpSemaphore;
import dev.multiproc.sync.RLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every {@link Context} must have, written against {@code Context} alone and run
 * once per backend by a subclass. Where backends differ on purpose (isolation, killing), the
 * subclass says which way through {@link #isolated()}, and the test checks that backend's side.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContextContract {
  private Pool pool;

  /** The context under test. */
  abstract Context ctx();

  /** Whether processes are separate JVMs: own pid, copies of what they are sent, killable. */
  abstract boolean isolated();

  @BeforeAll
  void startPool() {
    pool = ctx().pool(2);
  }

  @AfterAll
  void closePool() {
    pool.close();
  }

  private ChildProcess started(ChildProcess p) {
    return p.start();
  }

  private static void joined(ChildProcess p) throws InterruptedException {
    assertTrue(p.join(WAIT), () -> p + " did not end in time");
    assertEquals(OptionalInt.of(0), p.exitCode(), () -> p + " failed");
    p.close();
  }

  /* ------------------------------ processes ------------------------------ */

  @Test
  void process_exitCodes_zeroOnReturnOneOnException() throws Exception {
    ChildProcess ok = started(ctx().process(ContractTasks::doNothing).name("ok"));
    ChildProcess bad = started(ctx().process(ContractTasks::fail).name("bad"));
    assertTrue(ok.join(WAIT));
    assertTrue(bad.join(WAIT));
    assertEquals(OptionalInt.of(0), ok.exitCode());
    assertEquals(OptionalInt.of(1), bad.exitCode());
    assertEquals("ok", ok.name());
    ok.close();
    bad.close();
  }

  @Test
  void process_lifecycle_aliveJoinTimeoutAndStateErrors() throws Exception {
    ChildProcess p = ctx().process(ContractTasks::sleepMillis, 400L);
    assertEquals(OptionalInt.empty(), p.exitCode());
    assertThrows(IllegalStateException.class, () -> p.join(Duration.ZERO)); // not started
    p.start();
    assertThrows(IllegalStateException.class, p::start);
    assertThrows(IllegalStateException.class, () -> p.daemon(true));
    assertTrue(p.isAlive());
    assertFalse(p.join(Duration.ofMillis(10)));
    assertEquals(OptionalInt.empty(), p.exitCode());
    assertThrows(IllegalStateException.class, p::close); // still running
    joined(p);
    assertThrows(IllegalStateException.class, p::isAlive); // closed
  }

  @Test
  void process_pidAndKill_followIsolation() throws Exception {
    ChildProcess p = started(ctx().process(ContractTasks::sleepMillis, 20_000L).daemon(true));
    long me = ProcessHandle.current().pid();
    if (isolated()) {
      // another JVM: another pid, or none here when that JVM is on another machine (cluster)
      assertNotEquals(OptionalLong.of(me), p.pid());
      p.kill();
      assertTrue(p.join(WAIT));
      assertEquals(OptionalInt.of(-9), p.exitCode());
    } else {
      assertEquals(me, p.pid().orElseThrow());
      var e = assertThrows(UnsupportedOperationException.class, p::kill);
      assertTrue(e.getMessage().contains("cannot be stopped"), e.getMessage());
      assertThrows(UnsupportedOperationException.class, p::terminate);
      assertTrue(p.isAlive());
      // a thread ends only when its target returns: this one sleeps 20 s; leave it (daemon-like)
    }
    if (!p.isAlive()) {
      p.close();
    }
  }

  /* ------------------------------ queues ------------------------------ */

  @Test
  void queue_fullAndEmpty_throwWithMessages() throws Exception {
    try (MpQueue<String> q = ctx().queue(1)) {
      assertEquals(1, q.maxsize());
      assertTrue(q.empty());
      q.put("a", Duration.ofMillis(10));
      assertTrue(q.full());
      var full = assertThrows(QueueFullException.class, () -> q.put("b", Duration.ofMillis(20)));
      assertEquals("queue full (maxsize 1)", full.getMessage());
      assertThrows(QueueFullException.class, () -> q.putNow("b"));
      assertFalse(q.offer("b"));
      assertEquals(1, q.qsize());
      assertEquals("a", q.get(WAIT));
      var empty = assertThrows(QueueEmptyException.class, q::getNow);
      assertEquals("queue empty", empty.getMessage());
      var timed = assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(20)));
      assertTrue(
          timed.getMessage().startsWith("queue empty: no item came within"), timed.getMessage());
      assertNull(q.poll());
      assertThrows(NullPointerException.class, () -> q.put(null));
      assertNull(q.peek());
      assertFalse(q.iterator().hasNext());
    }
    assertThrows(IllegalArgumentException.class, () -> ctx().queue(-1));
  }

  @Test
  void queue_closed_refusesUse() {
    MpQueue<String> q = ctx().queue();
    q.close();
    q.close(); // idempotent
    assertThrows(IllegalStateException.class, () -> q.putNow("x"));
  }

  @Test
  void queue_itemsFromAnotherProcess_arriveInOrder() throws Exception {
    try (MpQueue<Integer> q = ctx().queue()) {
      ChildProcess p = started(ctx().process(ContractTasks::putRange, q, 50));
      List<Integer> got = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        got.add(q.get(WAIT));
      }
      assertEquals(IntStream.range(0, 50).boxed().toList(), got);
      joined(p);
    }
  }

  @Test
  void queue_itemIdentity_followsIsolation() throws Exception {
    try (MpQueue<List<Integer>> q = ctx().queue()) {
      List<Integer> item = new ArrayList<>(List.of(1, 2, 3));
      q.put(item);
      List<Integer> got = q.get(WAIT);
      assertEquals(item, got);
      if (isolated()) {
        assertNotSame(item, got); // encoded: a copy
      } else {
        assertSame(item, got); // same heap: the object itself
      }
    }
  }

  @Test
  void joinableQueue_joinWaitsForTaskDone() throws Exception {
    try (JoinableMpQueue<Integer> q = ctx().joinableQueue()) {
      for (int i = 0; i < 5; i++) {
        q.put(i);
      }
      ChildProcess p = started(ctx().process(ContractTasks::consume, q, 5));
      q.join(); // returns only once the child marked all 5 done
      assertTrue(q.empty());
      joined(p);
      var e = assertThrows(IllegalStateException.class, q::taskDone);
      assertTrue(e.getMessage().contains("taskDone() called too many times"), e.getMessage());
    }
  }

  @Test
  void simpleQueue_carriesNull() throws Exception {
    try (SimpleMpQueue<String> q = ctx().simpleQueue()) {
      assertTrue(q.empty());
      q.put(null);
      q.put("x");
      assertNull(q.get());
      assertEquals("x", q.get());
    }
  }

  /* ------------------------------ pipes ------------------------------ */

  @Test
  void pipe_duplex_echoesThroughAnotherProcessThenEof() throws Exception {
    try (Pipe pipe = ctx().pipe()) {
      ChildProcess p = started(ctx().process(ContractTasks::echo, pipe.conn2()));
      assertFalse(pipe.conn1().poll(Duration.ofMillis(10)));
      assertEquals(List.of(), Connections.wait(List.of(pipe.conn1()), Duration.ofMillis(10)));
      pipe.conn1().send("hi");
      assertEquals(List.of(pipe.conn1()), Connections.wait(List.of(pipe.conn1()), WAIT));
      assertTrue(pipe.conn1().poll(WAIT));
      assertEquals("hi!", pipe.conn1().recv());
      pipe.conn1().send("stop");
      joined(p);
      if (!isolated()) {
        // the child closed the very end we hold; on processes it closed its own copy
        assertTrue(pipe.conn2().closed());
      }
      pipe.conn2().close();
      assertThrows(ConnectionClosedException.class, () -> pipe.conn1().recv());
      assertTrue(pipe.conn1().poll(Duration.ZERO)); // EOF is readable
    }
  }

  @Test
  void pipe_oneWay_directionAndBufferErrors() {
    try (Pipe pipe = ctx().pipe(false)) {
      assertTrue(pipe.conn1().readable());
      assertFalse(pipe.conn1().writable());
      assertFalse(pipe.conn2().readable());
      var ro = assertThrows(IllegalStateException.class, () -> pipe.conn1().send("x"));
      assertEquals("this end of the pipe is read-only", ro.getMessage());
      var wo = assertThrows(IllegalStateException.class, () -> pipe.conn2().recv());
      assertEquals("this end of the pipe is write-only", wo.getMessage());
      pipe.conn2().sendBytes(new byte[] {1, 2, 3, 4, 5});
      var shortBuf =
          assertThrows(
              BufferTooShortException.class, () -> pipe.conn1().recvBytesInto(new byte[3]));
      assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, shortBuf.message());
      pipe.conn2().sendBytes(new byte[] {7, 8});
      byte[] buf = new byte[4];
      assertEquals(2, pipe.conn1().recvBytesInto(buf, 1));
      assertArrayEquals(new byte[] {0, 7, 8, 0}, buf);
      pipe.conn1().close();
      assertTrue(pipe.conn1().closed());
      assertThrows(ConnectionClosedException.class, () -> pipe.conn1().recv());
    }
  }

  /* ------------------------------ locks ------------------------------ */

  @Test
  void lock_excludesAcrossTwoProcesses() throws Exception {
    try (MpLock lock = ctx().lock();
        SharedInt v = ctx().sharedInt(0, false);
        Barrier start = ctx().barrier(2)) {
      ChildProcess a = started(ctx().process(() -> ContractTasks.lockedIncrements(lock, v, start)));
      ChildProcess b = started(ctx().process(() -> ContractTasks.lockedIncrements(lock, v, start)));
      joined(a);
      joined(b);
      assertEquals(2 * ContractTasks.INCREMENTS, v.get());
    }
  }

  @Test
  void lock_plain_notReentrantReleasableByAnyThreadNotTooOften() throws Exception {
    try (MpLock lock = ctx().lock()) {
      assertTrue(lock.acquire(WAIT));
      assertFalse(lock.tryLock()); // not reentrant
      assertFalse(lock.acquire(Duration.ofMillis(10)));
      var released = new AtomicReference<Throwable>();
      Thread other =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      lock.release();
                    } catch (Throwable t) {
                      released.set(t);
                    }
                  });
      other.join();
      assertNull(released.get());
      var e = assertThrows(IllegalStateException.class, lock::release);
      assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
      assertFalse(lock.previousHolderDied());
      try (var _ = lock.hold()) {
        assertFalse(lock.tryLock());
      }
      assertTrue(lock.tryLock());
      lock.unlock();
    }
  }

  @Test
  void rLock_reentrantAndOnlyOwnerReleases() throws Exception {
    try (RLock lock = ctx().rLock()) {
      lock.acquire();
      lock.acquire();
      assertEquals(2, lock.holdCount());
      assertTrue(lock.isHeldByCurrentThread());
      var error = new AtomicReference<Throwable>();
      Thread other =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      lock.release();
                    } catch (Throwable t) {
                      error.set(t);
                    }
                  });
      other.join();
      assertInstanceOf(IllegalMonitorStateException.class, error.get());
      lock.release();
      lock.release();
      assertEquals(0, lock.holdCount());
      assertThrows(IllegalMonitorStateException.class, lock::release);
    }
  }

  /* ------------------------------ semaphores, events, conditions, barriers ------------------ */

  @Test
  void semaphore_boundsPermits() throws Exception {
    try (MpSemaphore s = ctx().semaphore(2)) {
      assertTrue(s.tryAcquire());
      assertTrue(s.acquire(WAIT));
      assertFalse(s.tryAcquire());
      assertFalse(s.acquire(Duration.ofMillis(10)));
      assertEquals(0, s.getValue());
      s.release();
      s.release();
      s.release(); // a plain semaphore may go above its initial value
      assertEquals(3, s.getValue());
      assertEquals(0, s.reclaimedPermits());
    }
    assertThrows(IllegalArgumentException.class, () -> ctx().semaphore(-1));
  }

  @Test
  void boundedSemaphore_refusesOverRelease() throws Exception {
    try (BoundedSemaphore s = ctx().boundedSemaphore(1)) {
      assertEquals(1, s.initialValue());
      var e = assertThrows(IllegalStateException.class, s::release);
      assertEquals(
          "BoundedSemaphore released too many times: value 1 is already its initial" + " value 1",
          e.getMessage());
      try (var _ = s.hold()) {
        assertEquals(0, s.getValue());
      }
      assertEquals(1, s.getValue());
    }
  }

  @Test
  void event_setByAnotherProcessWakesWaiter() throws Exception {
    try (Event e = ctx().event()) {
      assertFalse(e.isSet());
      assertFalse(e.await(Duration.ofMillis(10)));
      ChildProcess p = started(ctx().process(ContractTasks::set, e));
      assertTrue(e.await(WAIT));
      assertTrue(e.isSet());
      joined(p);
      e.clear();
      assertFalse(e.isSet());
    }
  }

  @Test
  @SuppressWarnings("WaitNotInLoop") // no further signal: one await times out
  void condition_signalFromAnotherProcessWakesWaitFor() throws Exception {
    try (MpCondition cond = ctx().condition();
        SharedInt v = ctx().sharedInt(0, false)) {
      assertThrows(IllegalMonitorStateException.class, cond::signalAll); // lock not held
      ChildProcess p;
      try (var _ = cond.hold()) {
        p = started(ctx().process(ContractTasks::setAndSignal, cond, v));
        assertTrue(cond.waitFor(() -> v.get() == 1, WAIT));
        assertFalse(cond.await(Duration.ofMillis(10))); // no further signal
      }
      joined(p);
    }
  }

  @Test
  @SuppressWarnings("WaitNotInLoop") // one await's outcome is what this checks
  void condition_overPlainLock_timesOutAndNeedsTheLock() throws Exception {
    try (MpLock lock = ctx().lock();
        MpCondition cond = ctx().condition(lock)) {
      assertSame(lock, cond.getLock());
      assertThrows(IllegalMonitorStateException.class, () -> cond.await(Duration.ofMillis(1)));
      try (var _ = cond.hold()) {
        assertFalse(cond.await(Duration.ofMillis(10)));
        assertFalse(lock.tryLock()); // held again after the wait
      }
      assertTrue(lock.tryLock());
      lock.unlock();
    }
  }

  @Test
  void condition_overForeignLock_isRefused() {
    MpLock foreign = new ContractForeignLock();
    assertThrows(IllegalArgumentException.class, () -> ctx().condition(foreign));
  }

  @Test
  void barrier_releasesAllWithDistinctIndices() throws Exception {
    try (Barrier b = ctx().barrier(3);
        SharedIntArray indices = ctx().sharedIntArray(new int[3])) {
      ChildProcess p1 = started(ctx().process(ContractTasks::awaitBarrier, b, indices));
      ChildProcess p2 = started(ctx().process(ContractTasks::awaitBarrier, b, indices));
      int mine = b.await(WAIT);
      indices.addAndGet(mine, 1);
      joined(p1);
      joined(p2);
      assertArrayEquals(new int[] {1, 1, 1}, indices.toArray());
      assertEquals(0, b.nWaiting());
      assertFalse(b.isBroken());
    }
  }

  @Test
  void barrier_timeoutBreaksUntilReset() throws Exception {
    try (Barrier b = ctx().barrier(2)) {
      var e = assertThrows(BrokenBarrierException.class, () -> b.await(Duration.ofMillis(30)));
      assertTrue(e.getMessage().contains("timed out"), e.getMessage());
      assertTrue(b.isBroken());
      assertThrows(BrokenBarrierException.class, () -> b.await(Duration.ofMillis(30)));
      b.reset();
      assertFalse(b.isBroken());
      b.abort();
      assertTrue(b.isBroken());
    }
    assertThrows(IllegalArgumentException.class, () -> ctx().barrier(0));
  }

  /* ------------------------------ shared values ------------------------------ */

  @Test
  void sharedValues_atomicsLocksAndBounds() {
    try (SharedLong l = ctx().sharedLong(5);
        SharedDoubleArray d = ctx().sharedDoubleArray(1.0, 2.0);
        SharedInt raw = ctx().sharedInt(0, false)) {
      assertEquals(7, l.addAndGet(2));
      assertTrue(l.compareAndSet(7, 9));
      assertFalse(l.compareAndSet(7, 10));
      assertTrue(l.hasLock());
      try (var _ = l.getLock().hold()) {
        l.set(l.get() + 1);
      }
      assertEquals(10, l.get());
      assertEquals(3.5, d.addAndGet(1, 1.5));
      assertArrayEquals(new double[] {1.0, 3.5}, d.toArray());
      assertThrows(IndexOutOfBoundsException.class, () -> d.get(2));
      assertThrows(IndexOutOfBoundsException.class, () -> d.setAll(1, 2, 3));
      assertFalse(raw.hasLock());
      assertThrows(UnsupportedOperationException.class, raw::getLock);
    }
  }

  /* ------------------------------ pool ------------------------------ */

  @Test
  void pool_mapAndStarmap_keepOrder() {
    assertEquals(
        List.of(0, 1, 4, 9, 16, 25, 36),
        pool.map(ContractTasks::square, List.of(0, 1, 2, 3, 4, 5, 6)));
    assertEquals(List.of(0, 1, 4, 9), pool.map(ContractTasks::square, List.of(0, 1, 2, 3), 3));
    assertEquals(
        List.of(8, 27), pool.starmap(ContractTasks::power, List.of(args(2, 3), args(3, 3))));
    assertEquals(List.of(), pool.map(ContractTasks::square, List.of()));
    assertThrows(
        IllegalArgumentException.class, () -> pool.map(ContractTasks::square, List.of(1), 0));
    assertEquals(2, pool.processes());
  }

  @Test
  void pool_imap_isLazyOverAnEndlessInput() {
    Iterable<Integer> naturals = () -> Stream.iterate(0, i -> i + 1).iterator();
    List<Integer> first = new ArrayList<>();
    try (ResultIterator<Integer> it = pool.imap(ContractTasks::square, naturals, 2)) {
      for (int i = 0; i < 6; i++) {
        first.add(it.next());
      }
    }
    assertEquals(List.of(0, 1, 4, 9, 16, 25), first);
    Set<Integer> unordered = new HashSet<>();
    pool.imapUnordered(ContractTasks::square, List.of(1, 2, 3, 4)).forEach(unordered::add);
    assertEquals(Set.of(1, 4, 9, 16), unordered);
  }

  @Test
  void pool_applyAsync_callbacksRunBeforeResultIsReady() throws Exception {
    var seen = new AtomicReference<Object>();
    AsyncResult<Integer> ok = pool.applyAsync(ContractTasks::square, 7, seen::set, seen::set);
    assertEquals(49, ok.get(WAIT));
    assertEquals(49, seen.get());
    assertTrue(ok.successful());

    AsyncResult<Integer> bad =
        pool.applyAsync(ContractTasks::throwIllegalArgument, 1, seen::set, seen::set);
    var e = assertThrows(ExecutionException.class, () -> bad.get(WAIT));
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertInstanceOf(IllegalArgumentException.class, seen.get());
    assertFalse(bad.successful());
  }

  @Test
  void pool_taskException_reachesCallerAsItself() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> pool.apply(ContractTasks::throwIllegalArgument, 3));
    assertEquals("bad x=3", e.getMessage());
    var m =
        assertThrows(
            IllegalArgumentException.class,
            () -> pool.map(ContractTasks::throwIllegalArgument, List.of(1, 2)));
    assertTrue(m.getMessage().startsWith("bad x="), m.getMessage());
  }

  @Test
  void pool_taskTimeout_failsTheTaskAndThePoolGoesOn() throws Exception {
    try (Pool timed = ctx().pool(PoolOptions.of(1).withTaskTimeout(Duration.ofMillis(300)))) {
      AsyncResult<Long> slow = timed.applyAsync(ContractTasks::sleep, 20_000L);
      var e = assertThrows(ExecutionException.class, () -> slow.get(WAIT));
      assertInstanceOf(TaskTimeoutException.class, e.getCause());
      assertEquals(25, timed.apply(ContractTasks::square, 5));
    }
  }

  @Test
  void pool_closed_refusesTasks() throws Exception {
    Pool p = ctx().pool(1);
    p.close();
    assertThrows(IllegalStateException.class, () -> p.apply(ContractTasks::square, 2));
    p.join(); // already ended
  }

  /* ------------------------------ executor ------------------------------ */

  @Test
  void executor_shutdownNow_returnsTasksNeverStartedAndStopsTheRunningOne() throws Exception {
    ProcessPoolExecutor ex = ctx().executor(1);
    CompletableFuture<Long> running;
    try (Event started = ctx().event()) {
      running = ex.submit(ContractTasks::signalThenSleep, started);
      assertTrue(started.await(WAIT));
    }
    ContractTasks.sleepMillis(100); // the local pool queues behind a task only in its first 2 ms
    CompletableFuture<Long> first = ex.submit(ContractTasks::sleep, 20_000L);
    SerializableRunnable queued = ContractTasks::doNothing;
    var _ = ex.submit(queued); // shutdownNow returns it unstarted
    var _ = ex.submit(queued);
    List<Runnable> neverStarted = ex.shutdownNow();
    assertEquals(3, neverStarted.size());
    assertThrows(
        java.util.concurrent.CancellationException.class,
        () -> first.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertThrows(
        java.util.concurrent.CancellationException.class,
        () -> running.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertTrue(ex.awaitTermination(30, TimeUnit.SECONDS));
  }

  @Test
  void executor_submitInvokeAllAndShutdown() throws Exception {
    ProcessPoolExecutor ex = ctx().executor(2);
    try {
      CompletableFuture<Integer> f = ex.submit(ContractTasks::square, 9);
      assertEquals(81, f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      SerializableCallable<Long> one = () -> ContractTasks.sleep(1);
      SerializableCallable<Long> two = () -> 2L;
      List<Callable<Long>> tasks = List.of(one, two);
      List<Long> results = new ArrayList<>();
      for (Future<Long> r : ex.invokeAll(tasks)) {
        results.add(r.get());
      }
      assertEquals(List.of(1L, 2L), results);
      List<Integer> mapped = new ArrayList<>();
      ex.map(ContractTasks::square, List.of(1, 2, 3)).forEach(mapped::add);
      assertEquals(List.of(1, 4, 9), mapped);
      var failed = ex.submit(ContractTasks::throwIllegalArgument, 4);
      var e = assertThrows(ExecutionException.class, () -> failed.get(30, TimeUnit.SECONDS));
      assertInstanceOf(IllegalArgumentException.class, e.getCause());
    } finally {
      ex.shutdown();
    }
    assertTrue(ex.isShutdown());
    assertThrows(RejectedExecutionException.class, () -> ex.submit(ContractTasks::square, 1));
    assertTrue(ex.awaitTermination(30, TimeUnit.SECONDS));
    assertTrue(ex.isTerminated());
  }
}
