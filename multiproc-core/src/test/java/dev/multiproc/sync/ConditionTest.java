package dev.multiproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link MpCondition} across real child processes. */
@ExtendWith(NoLeaksExtension.class)
// A single await's outcome, and locks taken and released apart, are what these tests check.
@SuppressWarnings({"WaitNotInLoop", "LockNotBeforeTry"})
class ConditionTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  private final Context ctx = Multiprocessing.local();

  @Test
  void signal_twoOfThreeWaitingChildren_wakesExactlyTwoThenAll() throws Exception {
    try (MpCondition cond = ctx.condition();
        var waiting = new SharedCounter();
        var woken = new SharedCounter()) {
      var w = new SyncTasks.Waiting(waiting, woken);
      List<ChildProcess> children = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        children.add(ctx.process(SyncTasks::awaitSignal, cond, w).start());
      }
      assertTrue(waiting.awaitValue(3, WAIT));
      try (var _ = cond.hold()) { // all three count themselves with the lock held, then wait
        cond.signal(2);
      }
      assertTrue(woken.awaitValue(2, WAIT));
      Thread.sleep(300);
      assertEquals(2, woken.get(), "signal(2) woke no more than two");
      try (var _ = cond.hold()) {
        cond.signalAll();
      }
      assertTrue(woken.awaitValue(3, WAIT));
      for (ChildProcess child : children) {
        assertTrue(child.join(WAIT));
        assertEquals(OptionalInt.of(0), child.exitCode());
      }
    }
  }

  static void setAndSignal(MpCondition cond, SharedCounter value) {
    SyncTasks.sleep(Duration.ofMillis(100));
    try (var _ = cond.hold()) {
      value.set(1);
      cond.signalAll();
    }
  }

  @Test
  void waitFor_predicateMadeTrueAndSignalledByChild_returnsTrue() throws Exception {
    try (MpLock lock = ctx.lock();
        MpCondition cond = ctx.condition(lock);
        var value = new SharedCounter()) {
      ChildProcess child = ctx.process(ConditionTest::setAndSignal, cond, value).start();
      try (var _ = cond.hold()) {
        assertFalse(cond.waitFor(() -> value.get() == 2, Duration.ofMillis(20)));
        assertTrue(cond.waitFor(() -> value.get() == 1, WAIT));
      }
      assertTrue(child.join(WAIT));
      assertEquals(OptionalInt.of(0), child.exitCode());
      assertSame(lock, cond.getLock());
    }
  }

  @Test
  void await_rLockHeldTwice_releasesFullyAndRestoresCount() throws Exception {
    try (RLock lock = ctx.rLock();
        MpCondition cond = lock.newCondition()) {
      lock.lock();
      lock.lock();
      CompletableFuture<Void> other =
          CompletableFuture.runAsync(
              () -> {
                lock.lock(); // only possible while main waits
                try {
                  cond.signal();
                } finally {
                  lock.unlock();
                }
              });
      assertTrue(cond.await(WAIT));
      assertEquals(2, lock.holdCount());
      other.get(30, TimeUnit.SECONDS);
      assertFalse(cond.await(Duration.ofMillis(50)), "no signal: times out");
      assertEquals(2, lock.holdCount());
      lock.unlock();
      lock.unlock();
    }
  }

  @Test
  void awaitAndSignal_lockNotHeld_throwIllegalMonitorState() {
    try (MpCondition cond = ctx.condition()) {
      var e = assertThrows(IllegalMonitorStateException.class, () -> cond.await(WAIT));
      assertTrue(e.getMessage().startsWith("cannot wait on RLock[mp-"), e.getMessage());
      e = assertThrows(IllegalMonitorStateException.class, cond::signal);
      assertTrue(e.getMessage().startsWith("cannot notify on RLock[mp-"), e.getMessage());
    }
    try (MpLock lock = ctx.lock();
        MpCondition cond = ctx.condition(lock)) {
      var e = assertThrows(IllegalMonitorStateException.class, cond::signalAll);
      assertTrue(
          e.getMessage().startsWith("cannot notify on un-acquired lock: Lock[mp-"), e.getMessage());
    }
  }

  /**
   * Another thread of the same process awaits and signals on a condition whose plain lock the
   * main thread holds: both are refused, and the main thread's hold is untouched.
   */
  private static void plainLockHeldByAnotherThread_isNotReleasedThroughTheCondition(
      MpLock lock, MpCondition cond) throws Exception {
    assertTrue(lock.acquire(WAIT));
    try {
      CompletableFuture<Throwable> awaited = new CompletableFuture<>();
      CompletableFuture<Throwable> signalled = new CompletableFuture<>();
      Thread.ofPlatform()
          .start(
              () -> {
                try {
                  cond.await(Duration.ofMillis(200));
                  awaited.complete(null);
                } catch (Throwable t) {
                  awaited.complete(t);
                }
                try {
                  cond.signalAll();
                  signalled.complete(null);
                } catch (Throwable t) {
                  signalled.complete(t);
                }
              })
          .join();
      Throwable e = awaited.get(30, TimeUnit.SECONDS);
      assertTrue(e instanceof IllegalMonitorStateException, "await by a non-holder: " + e);
      assertTrue(e.getMessage().startsWith("cannot wait on un-acquired lock"), e.getMessage());
      e = signalled.get(30, TimeUnit.SECONDS);
      assertTrue(e instanceof IllegalMonitorStateException, "signal by a non-holder: " + e);
      assertTrue(e.getMessage().startsWith("cannot notify on un-acquired lock"), e.getMessage());
      assertFalse(lock.tryLock(), "the main thread's hold is still there");
      assertFalse(cond.await(Duration.ofMillis(10)), "the holder itself may wait");
    } finally {
      lock.release();
    }
    assertTrue(lock.tryLock(), "released once, by its holder");
    lock.unlock();
  }

  @Test
  void awaitAndSignal_plainLockHeldByAnotherThread_throwAndKeepTheHold() throws Exception {
    for (Context c : List.of(ctx, Multiprocessing.threads())) {
      try (MpLock lock = c.lock();
          MpCondition cond = c.condition(lock)) {
        plainLockHeldByAnotherThread_isNotReleasedThroughTheCondition(lock, cond);
      }
    }
  }

  @Test
  void awaitAndSignal_managerPlainLockHeldByAnotherThread_throwAndKeepTheHold() throws Exception {
    try (var manager = ctx.manager()) {
      MpLock lock = manager.lock();
      plainLockHeldByAnotherThread_isNotReleasedThroughTheCondition(lock, manager.condition(lock));
    }
  }

  private static void assertSame(Object expected, Object actual) {
    org.junit.jupiter.api.Assertions.assertSame(expected, actual);
  }
}
