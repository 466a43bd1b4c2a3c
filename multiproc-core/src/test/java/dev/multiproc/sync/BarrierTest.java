package dev.multiproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Barrier} across real child processes. */
@ExtendWith(NoLeaksExtension.class)
class BarrierTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  private final Context ctx = Multiprocessing.local();

  @Test
  void await_threeProcessesThreeGenerations_distinctIndicesAndActionOncePerGeneration()
      throws Exception {
    try (var actions = new SharedCounter();
        var indices = new SharedCounter()) {
      SerializableRunnable action = actions::incrementAndGet;
      try (Barrier barrier = ctx.barrier(3, action, WAIT)) {
        List<ChildProcess> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          children.add(ctx.process(SyncTasks::passBarrier, barrier, indices).start());
        }
        SyncTasks.passBarrier(barrier, indices);
        for (ChildProcess child : children) {
          assertTrue(child.join(WAIT));
          assertEquals(OptionalInt.of(0), child.exitCode());
        }
        assertEquals(3, actions.get(), "the action ran once per generation");
        assertEquals(
            3 * (1 + (1 << 8) + (1 << 16)),
            indices.get(),
            "each index 0, 1, 2 was returned once per generation");
        assertFalse(barrier.isBroken());
        assertEquals(0, barrier.nWaiting());
      }
    }
  }

  @Test
  void await_timesOut_breaksUntilReset() throws Exception {
    try (Barrier barrier = ctx.barrier(2)) {
      var e =
          assertThrows(BrokenBarrierException.class, () -> barrier.await(Duration.ofMillis(100)));
      assertEquals(
          "barrier timed out after PT0.1S with 1 of 2 parties arrived; it is now broken",
          e.getMessage());
      assertTrue(barrier.isBroken());
      e = assertThrows(BrokenBarrierException.class, barrier::await);
      assertEquals("barrier is broken", e.getMessage());
      barrier.reset();
      assertFalse(barrier.isBroken());
      CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> await(barrier));
      int mine = barrier.await(WAIT);
      assertEquals(1, mine + other.join(), "indices 0 and 1 after the reset");
    }
  }

  @Test
  void abort_whileChildWaits_childGetsBrokenBarrier() throws Exception {
    try (Barrier barrier = ctx.barrier(2);
        var outcome = new SharedCounter()) {
      ChildProcess child = ctx.process(SyncTasks::awaitBroken, barrier, outcome).start();
      long end = System.nanoTime() + WAIT.toNanos();
      while (barrier.nWaiting() != 1 && System.nanoTime() < end) {
        Thread.sleep(5);
      }
      assertEquals(1, barrier.nWaiting());
      barrier.abort();
      assertTrue(outcome.awaitValue(1, WAIT), "the child was told the barrier broke");
      assertTrue(barrier.isBroken());
      assertTrue(child.join(WAIT));
    }
  }

  @Test
  void reset_whileThreadWaits_itGetsBrokenBarrierAndBarrierIsUsable() throws Exception {
    try (Barrier barrier = ctx.barrier(2)) {
      CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(() -> await(barrier));
      long end = System.nanoTime() + WAIT.toNanos();
      while (barrier.nWaiting() != 1 && System.nanoTime() < end) {
        Thread.sleep(5);
      }
      barrier.reset();
      var e = assertThrows(CompletionException.class, waiter::join);
      assertTrue(e.getCause().getCause() instanceof BrokenBarrierException, e.toString());
      assertFalse(barrier.isBroken());
      assertEquals(0, barrier.nWaiting());
    }
  }

  @Test
  void await_actionThrows_lastPartyGetsItOthersBroken() throws Exception {
    SerializableRunnable failing =
        () -> {
          throw new IllegalStateException("action failed");
        };
    try (Barrier barrier = ctx.barrier(2, failing, null)) {
      CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> await(barrier));
      long end = System.nanoTime() + WAIT.toNanos();
      while (barrier.nWaiting() != 1 && System.nanoTime() < end) {
        Thread.sleep(5);
      }
      var e = assertThrows(IllegalStateException.class, () -> barrier.await(WAIT));
      assertEquals("action failed", e.getMessage());
      var c = assertThrows(CompletionException.class, first::join);
      assertTrue(c.getCause().getCause() instanceof BrokenBarrierException, c.toString());
      assertTrue(barrier.isBroken());
    }
  }

  @Test
  void barrier_zeroParties_isRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> ctx.barrier(0));
    assertEquals("barrier parties must be at least 1: parties=0", e.getMessage());
  }

  private static int await(Barrier barrier) {
    try {
      return barrier.await(WAIT);
    } catch (InterruptedException | BrokenBarrierException e) {
      throw new IllegalStateException(e);
    }
  }
}
