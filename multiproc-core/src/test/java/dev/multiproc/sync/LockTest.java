package dev.multiproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.testing.Blocked;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link MpLock} from {@code Context.lock()} across real child processes. */
@ExtendWith(NoLeaksExtension.class)
// Locks taken and released apart (by another thread or process) are what these tests check.
@SuppressWarnings("LockNotBeforeTry")
class LockTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  private final Context ctx = Multiprocessing.local();

  static void release(MpLock lock) {
    lock.release();
  }

  @Test
  void hold_inThreeProcesses_noIncrementIsLost() throws Exception {
    int times = 20_000;
    try (MpLock lock = ctx.lock();
        var counter = new SharedCounter();
        Barrier start = ctx.barrier(3)) {
      var job = new SyncTasks.Job(counter, times, start);
      List<ChildProcess> children = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        children.add(ctx.process(SyncTasks::incrementUnderLock, lock, job).start());
      }
      SyncTasks.incrementUnderLock(lock, job);
      for (ChildProcess child : children) {
        assertTrue(child.join(WAIT));
        assertEquals(OptionalInt.of(0), child.exitCode());
      }
      assertEquals(3 * times, counter.get());
    }
  }

  @Test
  void acquire_heldByChild_timesOutThenTakesOverWhenChildIsKilled() throws Exception {
    try (MpLock lock = ctx.lock();
        Event acquired = ctx.event()) {
      ChildProcess child = ctx.process(SyncTasks::acquireThenSleep, lock, acquired).start();
      assertTrue(acquired.await(WAIT));
      long start = System.nanoTime();
      assertFalse(lock.acquire(Duration.ofMillis(200)));
      assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(190));
      assertFalse(lock.tryLock());
      child.kill();
      assertTrue(lock.acquire(Duration.ofSeconds(10)), "taken over from the killed holder");
      assertTrue(lock.previousHolderDied());
      lock.release();
      assertFalse(lock.previousHolderDied());
      assertTrue(child.join(WAIT));
    }
  }

  @Test
  void lock_holderHalts_nextWaiterGetsItAndLearnsHolderDied() throws Exception {
    try (MpLock lock = ctx.lock();
        Event acquired = ctx.event()) {
      ChildProcess child = ctx.process(SyncTasks::acquireThenHalt, lock, acquired).start();
      assertTrue(acquired.await(WAIT));
      assertTrue(lock.acquire(Duration.ofSeconds(10)));
      assertTrue(lock.previousHolderDied());
      lock.unlock();
      assertTrue(child.join(WAIT));
      assertEquals(OptionalInt.of(3), child.exitCode());
      try (var _ = lock.hold()) {
        assertFalse(lock.previousHolderDied(), "an ordinary acquire after the recovery");
      }
    }
  }

  @Test
  void release_byAnotherProcess_isAllowedAsInPython() throws Exception {
    try (MpLock lock = ctx.lock()) {
      lock.lock();
      ChildProcess child = ctx.process(LockTest::release, lock).start();
      assertTrue(child.join(WAIT));
      assertEquals(OptionalInt.of(0), child.exitCode());
      assertTrue(lock.tryLock());
      lock.unlock();
    }
  }

  @Test
  void release_notHeld_throwsReleasedTooManyTimes() {
    try (MpLock lock = ctx.lock()) {
      var e = assertThrows(IllegalStateException.class, lock::release);
      assertTrue(
          e.getMessage().startsWith("lock released too many times: Lock[mp-"), e.getMessage());
      Held held = lock.hold();
      held.close();
      held.close(); // the second close does nothing
      assertTrue(lock.tryLock());
      lock.unlock();
    }
  }

  @Test
  void lockInterruptibly_interrupted_throwsAndDoesNotTakeTheLock() throws Exception {
    try (MpLock lock = ctx.lock()) {
      lock.lock();
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread t =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      lock.lockInterruptibly();
                    } catch (Throwable e) {
                      thrown.set(e);
                    }
                  });
      // interrupted while parked in the kernel, not before it got there
      Blocked.untilInside(t, "Futex", "kernelAwait", WAIT);
      t.interrupt();
      t.join(WAIT);
      assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
      lock.unlock();
      assertTrue(lock.tryLock(1, TimeUnit.SECONDS));
      lock.unlock();
    }
  }

  @Test
  void close_thenUse_throwsClosed() {
    MpLock lock = ctx.lock();
    lock.close();
    lock.close();
    var e = assertThrows(IllegalStateException.class, lock::lock);
    assertTrue(e.getMessage().endsWith(" is closed"), e.getMessage());
  }
}
