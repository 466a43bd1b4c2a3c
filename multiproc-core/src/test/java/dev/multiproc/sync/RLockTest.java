package dev.multiproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.Pool;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link RLock} across real child processes. */
@ExtendWith(NoLeaksExtension.class)
// Locks taken and released apart (by another thread or process) are what these tests check.
@SuppressWarnings("LockNotBeforeTry")
class RLockTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  private static final long PID = ProcessHandle.current().pid();
  private final Context ctx = Multiprocessing.local();

  static String releaseAndReport(RLock lock) {
    try {
      lock.release();
      return "released";
    } catch (IllegalMonitorStateException e) {
      return e.getMessage()
          + " | pid "
          + ProcessHandle.current().pid()
          + " thread "
          + Thread.currentThread().threadId();
    }
  }

  @Test
  void hold_inThreeProcesses_noIncrementIsLost() throws Exception {
    int times = 20_000;
    try (RLock lock = ctx.rLock();
        var counter = new SharedCounter();
        Barrier start = ctx.barrier(3)) {
      var job = new SyncTasks.Job(counter, times, start);
      ChildProcess a = ctx.process(SyncTasks::incrementUnderLock, lock, job).start();
      ChildProcess b = ctx.process(SyncTasks::incrementUnderLock, lock, job).start();
      SyncTasks.incrementUnderLock(lock, job);
      assertTrue(a.join(WAIT) && b.join(WAIT));
      assertEquals(OptionalInt.of(0), a.exitCode());
      assertEquals(OptionalInt.of(0), b.exitCode());
      assertEquals(3 * times, counter.get());
    }
  }

  @Test
  void acquire_reentered_countsAndFreesOnlyAtZero() throws Exception {
    try (RLock lock = ctx.rLock()) {
      lock.acquire();
      assertTrue(lock.acquire(Duration.ZERO));
      lock.lock();
      assertEquals(3, lock.holdCount());
      assertTrue(lock.isHeldByCurrentThread());
      lock.release();
      lock.release();
      assertEquals(1, lock.holdCount());
      assertFalse(CompletableFuture.supplyAsync(lock::tryLock).get(), "still held by main");
      lock.release();
      assertEquals(0, lock.holdCount());
      assertFalse(lock.isHeldByCurrentThread());
      assertTrue(
          CompletableFuture.supplyAsync(
                  () -> {
                    boolean got = lock.tryLock();
                    lock.unlock();
                    return got;
                  })
              .get());
    }
  }

  @Test
  void release_byAnotherThread_namesOwnerAndCaller() throws Exception {
    try (RLock lock = ctx.rLock()) {
      lock.lock();
      long me = Thread.currentThread().threadId();
      String message = CompletableFuture.supplyAsync(() -> releaseAndReport(lock)).get();
      assertTrue(
          message.matches(
              "cannot release RLock\\[mp-\\S+]: it is held by pid "
                  + PID
                  + " thread "
                  + me
                  + ", not by the caller \\(pid "
                  + PID
                  + " thread (\\d+)\\)"
                  + " \\| pid "
                  + PID
                  + " thread \\1"),
          message);
      assertEquals(1, lock.holdCount(), "a refused release changes nothing");
      lock.unlock();
      var e = assertThrows(IllegalMonitorStateException.class, lock::release);
      assertTrue(
          e.getMessage().contains(": it is not held, not by the caller (pid " + PID),
          e.getMessage());
    }
  }

  @Test
  void release_byAnotherProcess_isRefusedNamingBoth() throws Exception {
    try (RLock lock = ctx.rLock();
        Pool pool = ctx.pool(1)) {
      lock.lock();
      String message = pool.apply(RLockTest::releaseAndReport, lock);
      assertTrue(
          message.matches(
              "cannot release RLock\\[mp-\\S+]: it is held by pid "
                  + PID
                  + " thread \\d+, not by the caller \\(pid (\\d+) thread (\\d+)\\) \\| pid \\1 thread \\2"),
          message);
      assertFalse(message.contains("(pid " + PID + " "), message);
      assertTrue(lock.isHeldByCurrentThread());
      lock.unlock();
    }
  }

  @Test
  void lock_holderHaltsHoldingItTwice_nextWaiterOwnsItOnce() throws Exception {
    try (RLock lock = ctx.rLock();
        Event acquired = ctx.event()) {
      ChildProcess child = ctx.process(SyncTasks::acquireTwiceThenHalt, lock, acquired).start();
      assertTrue(acquired.await(WAIT));
      assertFalse(lock.isHeldByCurrentThread());
      assertTrue(lock.acquire(Duration.ofSeconds(10)));
      assertTrue(lock.previousHolderDied());
      assertEquals(1, lock.holdCount());
      lock.release();
      assertEquals(0, lock.holdCount());
      assertTrue(child.join(WAIT));
      assertEquals(OptionalInt.of(3), child.exitCode());
    }
  }
}
