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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link MpSemaphore} and {@link BoundedSemaphore} across real child processes. */
@ExtendWith(NoLeaksExtension.class)
class SemaphoreTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  private final Context ctx = Multiprocessing.local();

  @Test
  void hold_threeProcessesOnTwoPermits_neverMoreThanTwoInside() throws Exception {
    try (MpSemaphore sem = ctx.semaphore(2);
        var inside = new SharedCounter();
        var most = new SharedCounter();
        Event ready = ctx.event()) {
      var occupancy = new SyncTasks.Occupancy(inside, most, ready);
      List<ChildProcess> children = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        children.add(ctx.process(SyncTasks::occupy, sem, occupancy).start());
      }
      assertTrue(ready.await(WAIT));
      SyncTasks.occupy(sem, occupancy);
      for (ChildProcess child : children) {
        assertTrue(child.join(WAIT));
        assertEquals(OptionalInt.of(0), child.exitCode());
      }
      assertTrue(most.get() >= 1 && most.get() <= 2, "most inside at once: " + most.get());
      assertEquals(0, inside.get());
      assertEquals(2, sem.getValue());
      assertEquals(0, sem.reclaimedPermits());
    }
  }

  @Test
  void acquire_noPermit_timesOutAndReleaseGoesAboveInitial() throws Exception {
    try (MpSemaphore sem = ctx.semaphore(0)) {
      assertFalse(sem.tryAcquire());
      long start = System.nanoTime();
      assertFalse(sem.acquire(Duration.ofMillis(150)));
      assertTrue(System.nanoTime() - start >= Duration.ofMillis(140).toNanos());
      sem.release();
      sem.release();
      assertEquals(2, sem.getValue());
      assertTrue(sem.tryAcquire());
      assertEquals(1, sem.getValue());
    }
  }

  @Test
  void release_boundedAtInitialValue_throwsWithTheValues() throws Exception {
    try (BoundedSemaphore sem = ctx.boundedSemaphore(2)) {
      sem.acquire();
      sem.release();
      var e = assertThrows(IllegalStateException.class, sem::release);
      assertEquals(
          "BoundedSemaphore released too many times: value 2 is already its initial value 2",
          e.getMessage());
      assertEquals(2, sem.getValue());
      assertEquals(2, sem.initialValue());
    }
  }

  @Test
  void semaphore_negativeValue_isRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> ctx.semaphore(-1));
    assertEquals("semaphore initial value must be >= 0: value=-1", e.getMessage());
  }

  @Test
  void acquire_holderKilled_permitComesBackAndIsCounted() throws Exception {
    try (MpSemaphore sem = ctx.semaphore(1);
        Event acquired = ctx.event()) {
      ChildProcess child = ctx.process(SyncTasks::takePermitThenSleep, sem, acquired).start();
      assertTrue(acquired.await(WAIT));
      assertEquals(0, sem.getValue());
      assertFalse(sem.acquire(Duration.ofMillis(100)), "the child still holds it");
      child.kill();
      assertTrue(sem.acquire(Duration.ofSeconds(10)), "the dead child's permit came back");
      assertEquals(1, sem.reclaimedPermits());
      assertEquals(0, sem.getValue());
      sem.release();
      assertEquals(1, sem.getValue());
      assertTrue(child.join(WAIT));
    }
  }
}
