package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.manager.Manager;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.sync.BoundedSemaphore;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpSemaphore;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Permits of a process that ends, on every backend that has processes or threads as holders.
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>consumed signals</td><td>semaphore(0); the parent releases 3; a child acquires 3
 *       and exits normally</td><td>the parent's acquire(3 s) times out; nothing
 *       reclaimed</td></tr>
 *   <tr><td>consumer killed</td><td>a child acquires (not in hold()) and is SIGKILLed</td>
 *       <td>the permit stays consumed</td></tr>
 *   <tr><td>holder killed</td><td>a child inside hold() is SIGKILLed</td><td>the permit comes
 *       back, reclaimedPermits() counts it</td></tr>
 *   <tr><td>holder returns</td><td>a child returns from its task with a hold still
 *       open</td><td>the permit comes back when its process has ended</td></tr>
 *   <tr><td>hold closed</td><td>a child closes its hold, then acquires plainly and
 *       exits</td><td>the plain permit stays consumed</td></tr>
 * </table>
 */
@ExtendWith(NoLeaksExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SemaphoreFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** How long a parent waits for a permit that must not come back. */
  private static final Duration NOT_BACK = Duration.ofSeconds(3);

  /** How long a dead holder's permit may take to come back (it takes about 50 ms). */
  private static final Duration BACK = Duration.ofSeconds(10);

  private final Context local = Multiprocessing.local();
  private Manager manager;

  @BeforeAll
  void startManager() {
    manager = local.manager();
  }

  @AfterAll
  void stopManager() {
    if (manager != null) {
      manager.close();
    }
  }

  /** Acquires {@code n} permits (not as a hold) and returns: the process then exits. */
  static void acquirePlainly(MpSemaphore sem, Integer n) {
    try {
      for (int i = 0; i < n; i++) {
        if (!sem.acquire(WAIT)) {
          throw new IllegalStateException("no permit " + i + " within " + WAIT);
        }
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Acquires a permit plainly, says so, then waits to be killed. */
  static void acquirePlainlyThenSleep(MpSemaphore sem, Event acquired) {
    acquirePlainly(sem, 1);
    acquired.set();
    sleep(Duration.ofMinutes(1));
  }

  /** Takes a permit inside hold(), says so, then waits to be killed. */
  static void holdThenSleep(MpSemaphore sem, Event acquired) {
    try (var _ = sem.hold()) {
      acquired.set();
      sleep(Duration.ofMinutes(1));
    }
  }

  /** Takes a permit inside hold() and returns without closing it. */
  static void holdAndReturn(MpSemaphore sem) {
    var _ = sem.hold();
  }

  /** Takes and gives back a permit inside hold(), then acquires one plainly and returns. */
  static void holdCloseThenAcquire(MpSemaphore sem) {
    try (var _ = sem.hold()) {
      // held as a lock, and given back
    }
    acquirePlainly(sem, 1);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void ranToTheEnd(ChildProcess child) throws InterruptedException {
    assertTrue(child.join(WAIT), "the child ended");
    assertEquals(OptionalInt.of(0), child.exitCode());
  }

  private static void consumedSignalsStayConsumed(Context ctx, MpSemaphore sem) throws Exception {
    for (int i = 0; i < 3; i++) {
      sem.release();
    }
    ranToTheEnd(ctx.process(SemaphoreFaultTest::acquirePlainly, sem, 3).start());
    assertFalse(sem.acquire(NOT_BACK), "a consumed signal was given back");
    assertEquals(0, sem.reclaimedPermits());
    assertEquals(0, sem.getValue());
  }

  @Test
  void semaphore_signalsConsumedByAChildThatExits_areNotGivenBack() throws Exception {
    try (MpSemaphore sem = local.semaphore(0)) {
      consumedSignalsStayConsumed(local, sem);
    }
  }

  @Test
  void boundedSemaphore_permitsConsumedByAChildThatExits_areNotGivenBack() throws Exception {
    try (BoundedSemaphore sem = local.boundedSemaphore(3)) {
      ranToTheEnd(local.process(SemaphoreFaultTest::acquirePlainly, sem, 3).start());
      assertFalse(sem.acquire(NOT_BACK), "a consumed permit was given back");
      assertEquals(0, sem.reclaimedPermits());
      for (int i = 0; i < 3; i++) {
        sem.release(); // the parent may return them: the bound is still 3
      }
      assertEquals(3, sem.getValue());
    }
  }

  @Test
  void threadsSemaphore_signalsConsumedByAThreadThatEnds_areNotGivenBack() throws Exception {
    Context threads = Multiprocessing.threads();
    try (MpSemaphore sem = threads.semaphore(0)) {
      consumedSignalsStayConsumed(threads, sem);
    }
  }

  @Test
  void managerSemaphore_signalsConsumedByAChildThatExits_areNotGivenBack() throws Exception {
    try (MpSemaphore sem = manager.semaphore(0)) {
      consumedSignalsStayConsumed(local, sem);
    }
  }

  @Test
  void semaphore_plainAcquirerKilled_itsPermitStaysConsumed() throws Exception {
    try (MpSemaphore sem = local.semaphore(1);
        Event acquired = local.event()) {
      ChildProcess child =
          local.process(SemaphoreFaultTest::acquirePlainlyThenSleep, sem, acquired).start();
      assertTrue(acquired.await(WAIT));
      child.kill();
      assertTrue(child.join(WAIT));
      assertFalse(sem.acquire(NOT_BACK), "a consumed permit was given back");
      assertEquals(0, sem.reclaimedPermits());
    }
  }

  @Test
  void semaphore_holderKilledInsideHold_permitComesBack() throws Exception {
    holderKilled(local.semaphore(1));
  }

  @Test
  void boundedSemaphore_holderKilledInsideHold_permitComesBack() throws Exception {
    holderKilled(local.boundedSemaphore(1));
  }

  private void holderKilled(MpSemaphore semaphore) throws Exception {
    try (MpSemaphore sem = semaphore;
        Event acquired = local.event()) {
      ChildProcess child = local.process(SemaphoreFaultTest::holdThenSleep, sem, acquired).start();
      assertTrue(acquired.await(WAIT));
      assertFalse(sem.tryAcquire(), "the child holds it");
      child.kill();
      assertTrue(sem.acquire(BACK), "the killed holder's permit came back");
      assertEquals(1, sem.reclaimedPermits());
      sem.release();
      assertEquals(1, sem.getValue());
      assertTrue(child.join(WAIT));
    }
  }

  @Test
  void semaphore_childReturnsWithAHoldOpen_permitComesBackAfterItEnds() throws Exception {
    try (MpSemaphore sem = local.semaphore(1)) {
      ranToTheEnd(local.process(SemaphoreFaultTest::holdAndReturn, sem).start());
      assertTrue(sem.acquire(BACK), "the ended holder's permit came back");
      assertEquals(1, sem.reclaimedPermits());
    }
  }

  @Test
  void semaphore_holdClosedThenPlainAcquire_onlyTheHoldIsOwed() throws Exception {
    try (MpSemaphore sem = local.semaphore(1)) {
      ranToTheEnd(local.process(SemaphoreFaultTest::holdCloseThenAcquire, sem).start());
      assertFalse(sem.acquire(NOT_BACK), "the plain permit was given back");
      assertEquals(0, sem.reclaimedPermits());
    }
  }
}
