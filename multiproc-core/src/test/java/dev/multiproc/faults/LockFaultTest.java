package dev.multiproc.faults;

import static dev.multiproc.faults.Faults.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedLong;
import dev.multiproc.sync.Barrier;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.RLock;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lock holders and waiting parties of events, barriers and conditions killed or frozen at the
 * worst moment. A dead holder's lock goes to the next waiter, who is told; a frozen holder keeps
 * it, and waiters with a timeout time out; a dead waiter does not take what a live one waits for.
 */
@ExtendWith(NoLeaksExtension.class)
class LockFaultTest {
  /** A dead holder's lock must reach a waiter within this. */
  static final Duration TAKEOVER = Duration.ofSeconds(5);

  private final Context ctx = Multiprocessing.local();

  /** Takes {@code lock} ({@code depth} times), says so, then sleeps until it is killed. */
  static void holdUntilKilled(MpLock lock, int depth, Event holding) {
    for (int i = 0; i < depth; i++) {
      lock.lock();
    }
    holding.set();
    Faults.sleepUntilKilled();
  }

  /**
   * Says it is about to wait, waits for {@code lock}, and records in {@code outcome} whether it
   * took over from a dead holder (2) or not (1); then keeps the lock until {@code done}.
   */
  static void waitForLock(MpLock lock, Event waiting, SharedInt outcome, Event done) {
    waiting.set();
    try {
      if (!lock.acquire(WAIT)) {
        outcome.set(-1);
        return;
      }
      outcome.set(lock.previousHolderDied() ? 2 : 1);
      done.await(WAIT);
      lock.release();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private ChildProcess start(dev.multiproc.function.SerializableRunnable target) {
    return ctx.process(target).start();
  }

  private static long pid(ChildProcess p) {
    return p.pid().orElseThrow();
  }

  private static void join(ChildProcess... children) throws InterruptedException {
    for (ChildProcess c : children) {
      assertTrue(c.join(WAIT), "child did not end: " + c);
      c.close();
    }
  }

  /* --------------- holder killed --------------- */

  @Test
  void lockHolderKilled_twoWaitingProcesses_exactlyOneTakesOverAndIsTold() throws Exception {
    try (MpLock lock = ctx.lock();
        Event holding = ctx.event();
        Event done = ctx.event();
        Event w1 = ctx.event();
        Event w2 = ctx.event();
        SharedInt o1 = ctx.sharedInt(0);
        SharedInt o2 = ctx.sharedInt(0)) {
      ChildProcess holder = start(() -> holdUntilKilled(lock, 1, holding));
      assertTrue(holding.await(WAIT));
      ChildProcess a = start(() -> waitForLock(lock, w1, o1, done));
      ChildProcess b = start(() -> waitForLock(lock, w2, o2, done));
      assertTrue(w1.await(WAIT) && w2.await(WAIT));
      assertFalse(lock.tryLock(), "the holder still holds it");
      long at = System.nanoTime();
      holder.kill();
      Faults.await(
          () -> o1.get() != 0 || o2.get() != 0,
          TAKEOVER,
          () -> "no waiter took the dead holder's lock");
      Faults.report(
          "lock holder SIGKILLed: a waiting process took over after", Faults.millisSince(at));
      assertEquals(2, Math.max(o1.get(), o2.get()), "the new holder is told the old one died");
      assertEquals(0, Math.min(o1.get(), o2.get()), "only one holds it");
      done.set();
      join(holder, a, b);
      assertEquals(
          List.of(2, 1),
          List.of(Math.max(o1.get(), o2.get()), Math.min(o1.get(), o2.get())),
          "the second waiter got it from a live holder");
      assertTrue(lock.acquire(WAIT));
      assertFalse(lock.previousHolderDied());
      lock.release();
    }
  }

  @Test
  void rLockHolderKilledHoldingItTwice_waiterOwnsItOnceAndIsTold() throws Exception {
    try (RLock lock = ctx.rLock();
        Event holding = ctx.event()) {
      ChildProcess holder = start(() -> holdUntilKilled(lock, 2, holding));
      assertTrue(holding.await(WAIT));
      assertFalse(lock.tryLock());
      holder.kill();
      assertTrue(lock.acquire(TAKEOVER));
      assertTrue(lock.previousHolderDied());
      assertEquals(1, lock.holdCount());
      lock.release();
      assertEquals(0, lock.holdCount());
      assertTrue(lock.tryLock(), "free after one release");
      lock.release();
      join(holder);
    }
  }

  @Test
  void sharedValueUpdaterKilledHoldingItsLock_nextUpdateTakesOverAndValueIsUsable()
      throws Exception {
    try (SharedLong value = ctx.sharedLong(10);
        Event holding = ctx.event()) {
      ChildProcess updater = start(() -> holdUntilKilled(value.getLock(), 1, holding));
      assertTrue(holding.await(WAIT));
      updater.kill();
      RLock lock = value.getLock();
      assertTrue(lock.acquire(TAKEOVER), "the value's lock was not taken over");
      try {
        assertTrue(lock.previousHolderDied());
        value.set(value.get() + 1);
      } finally {
        lock.release();
      }
      assertEquals(11, value.get());
      join(updater);
    }
  }

  /* --------------- holder frozen --------------- */

  @Test
  void lockHolderFrozen_waitersWithATimeoutTimeOut_andGetItOnceItIsThawedAndReleases()
      throws Exception {
    try (MpLock lock = ctx.lock();
        Event holding = ctx.event();
        Event release = ctx.event()) {
      ChildProcess holder = start(() -> holdUntilReleased(lock, holding, release));
      assertTrue(holding.await(WAIT));
      long frozen = pid(holder);
      Faults.freeze(frozen);
      try {
        long at = System.nanoTime();
        assertFalse(lock.acquire(Duration.ofMillis(300)), "a frozen holder still holds it");
        long waited = Faults.millisSince(at);
        assertTrue(waited >= 290 && waited < 5_000, "waited " + waited + " ms");
        release.set(); // the holder will release once it runs again
        assertFalse(lock.acquire(Duration.ofMillis(200)), "still frozen: still held");
      } finally {
        Faults.thaw(frozen);
      }
      assertTrue(lock.acquire(WAIT));
      assertFalse(lock.previousHolderDied(), "the holder released it: it did not die");
      lock.release();
      assertTrue(holder.join(WAIT));
      assertEquals(0, holder.exitCode().orElseThrow(), "the holder ended normally");
      holder.close();
    }
  }

  @Test
  void lockHolderFrozenThenKilled_waiterTakesOver() throws Exception {
    try (MpLock lock = ctx.lock();
        Event holding = ctx.event()) {
      ChildProcess holder = start(() -> holdUntilKilled(lock, 1, holding));
      assertTrue(holding.await(WAIT));
      Faults.freeze(pid(holder));
      assertFalse(lock.acquire(Duration.ofMillis(100)));
      holder.kill(); // SIGKILL ends a stopped process too
      assertTrue(lock.acquire(TAKEOVER));
      assertTrue(lock.previousHolderDied());
      lock.release();
      join(holder);
    }
  }

  /** Takes {@code lock}, says so, waits for {@code release}, releases it and returns. */
  static void holdUntilReleased(MpLock lock, Event holding, Event release) {
    lock.lock();
    try {
      holding.set();
      release.await(WAIT);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    } finally {
      lock.unlock();
    }
  }

  /* --------------- waiting parties killed --------------- */

  /** Says it waits, then waits for {@code event}; records 1 when it saw it set. */
  static void awaitEvent(Event event, Event waiting, SharedInt saw) {
    waiting.set();
    try {
      if (event.await(WAIT)) {
        saw.set(1);
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void eventWaiterKilled_otherWaitersStillWake() throws Exception {
    try (Event event = ctx.event();
        Event waitA = ctx.event();
        Event waitB = ctx.event();
        SharedInt sawA = ctx.sharedInt(0);
        SharedInt sawB = ctx.sharedInt(0)) {
      ChildProcess a = start(() -> awaitEvent(event, waitA, sawA));
      ChildProcess b = start(() -> awaitEvent(event, waitB, sawB));
      assertTrue(waitA.await(WAIT) && waitB.await(WAIT));
      a.kill();
      assertTrue(a.join(WAIT));
      event.set();
      Faults.await(() -> sawB.get() == 1, TAKEOVER, () -> "the live waiter did not wake");
      assertEquals(0, sawA.get());
      assertTrue(event.isSet());
      event.clear();
      assertFalse(event.await(Duration.ofMillis(50)));
      join(a, b);
    }
  }

  /** Says it waits, then waits at {@code barrier}; records its index + 1, or -1 if broken. */
  static void awaitBarrier(Barrier barrier, Event waiting, SharedInt result) {
    waiting.set();
    try {
      result.set(barrier.await(WAIT) + 1);
    } catch (BrokenBarrierException e) {
      result.set(-1);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void barrierPartyKilledWhileWaiting_itsArrivalCounts_thenTheShortGenerationTimesOut()
      throws Exception {
    try (Barrier barrier = ctx.barrier(3);
        Event waitA = ctx.event();
        Event waitB = ctx.event();
        SharedInt a = ctx.sharedInt(0);
        SharedInt b = ctx.sharedInt(0)) {
      ChildProcess victim = start(() -> awaitBarrier(barrier, waitA, a));
      assertTrue(waitA.await(WAIT));
      ChildProcess live = start(() -> awaitBarrier(barrier, waitB, b));
      assertTrue(waitB.await(WAIT));
      Faults.await(() -> barrier.nWaiting() == 2, WAIT, () -> "waiting: " + barrier.nWaiting());
      victim.kill();
      assertTrue(victim.join(WAIT));
      // as in Python, an arrival is not taken back: the third party releases the generation
      int index = barrier.await(WAIT);
      Faults.await(() -> b.get() != 0, TAKEOVER, () -> "the live party was not released");
      assertEquals(0, a.get(), "the killed party recorded nothing");
      assertTrue(index >= 0 && index < 3 && b.get() - 1 != index, index + " / " + b.get());
      // the next generation is short of a party: a timeout breaks it instead of a hang
      long at = System.nanoTime();
      var e =
          assertThrows(BrokenBarrierException.class, () -> barrier.await(Duration.ofMillis(300)));
      assertTrue(e.getMessage().contains("timed out"), e.getMessage());
      assertTrue(Faults.millisSince(at) < 5_000);
      barrier.reset();
      assertFalse(barrier.isBroken());
      join(victim, live);
    }
  }

  /** Takes the condition's lock, says it waits, waits for a signal; records 1 when woken. */
  @SuppressWarnings("WaitNotInLoop") // the test counts the waiters that one wait woke
  static void awaitCondition(MpCondition cond, Event waiting, SharedInt woken) {
    try (var _ = cond.hold()) {
      waiting.set();
      if (cond.await(WAIT)) {
        woken.set(1);
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void conditionWaiterKilled_signalOneWakesTheLiveWaiter() throws Exception {
    try (MpCondition cond = ctx.condition();
        Event waitA = ctx.event();
        Event waitB = ctx.event();
        SharedInt a = ctx.sharedInt(0);
        SharedInt b = ctx.sharedInt(0)) {
      ChildProcess victim = start(() -> awaitCondition(cond, waitA, a));
      assertTrue(waitA.await(WAIT));
      ChildProcess live = start(() -> awaitCondition(cond, waitB, b));
      assertTrue(waitB.await(WAIT));
      // both wait: the first one in line dies there
      try (var _ = cond.hold()) {
        // taking the lock proves the second one released it in its wait
      }
      victim.kill();
      assertTrue(victim.join(WAIT));
      try (var _ = cond.hold()) {
        cond.signal(1);
      }
      Faults.await(
          () -> b.get() == 1,
          TAKEOVER,
          () -> "signal(1) went to the dead waiter, not the live one");
      join(victim, live);
    }
  }

  /* --------------- many holders in a row --------------- */

  @Test
  void holdersKilledOneAfterAnother_eachNextOneIsToldAndNothingIsLeft() throws Exception {
    try (MpLock lock = ctx.lock()) {
      List<ChildProcess> dead = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        try (Event holding = ctx.event()) {
          ChildProcess holder = start(() -> holdUntilKilled(lock, 1, holding));
          if (i > 0) {
            lock.release(); // hand over from the test to the next holder
          }
          assertTrue(holding.await(WAIT));
          holder.kill();
          assertTrue(lock.acquire(TAKEOVER), "round " + i);
          assertTrue(lock.previousHolderDied(), "round " + i);
          dead.add(holder);
        }
      }
      lock.release();
      join(dead.toArray(ChildProcess[]::new));
    }
  }
}
