package dev.multiproc.pool;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.sync.Event;
import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.ProcessStates;
import dev.multiproc.testing.TestTasks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Pool#close()} interrupted, on both local backends: as {@link
 * java.util.concurrent.ExecutorService#close()}, it terminates the pool, still waits until its
 * workers have ended, and keeps the interrupt.
 */
@ExtendWith(NoLeaksExtension.class)
class PoolCloseTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Sets {@code started}, then runs on for 500 ms past an interrupt before it returns. */
  static long stubborn(Event started) {
    started.set();
    try {
      Thread.sleep(60_000);
    } catch (InterruptedException e) {
      long end = System.nanoTime() + 500_000_000L;
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
    }
    return 0;
  }

  private static void closeInterrupted(Context ctx) throws Exception {
    Pool pool = ctx.pool(1);
    try (Event started = ctx.event()) {
      List<Long> pids = List.of(pool.apply(TestTasks::pid, 0));
      AsyncResult<Long> running = pool.applyAsync(PoolCloseTest::stubborn, started);
      assertTrue(started.await(WAIT));
      Thread.currentThread().interrupt();
      try {
        pool.close();
        assertTrue(Thread.currentThread().isInterrupted());
      } finally {
        Thread.interrupted();
      }
      assertTrue(pool.workers().isEmpty(), pool::toString);
      if (!pids.contains(ProcessHandle.current().pid())) {
        assertTrue(pids.stream().noneMatch(ProcessStates::running), pids::toString);
      }
      assertThrows(CancellationException.class, () -> running.get(WAIT));
    }
  }

  @Test
  void close_interruptedOnThreads_terminatesWaitsForTheWorkersAndKeepsTheInterrupt()
      throws Exception {
    closeInterrupted(Multiprocessing.threads());
  }

  @Test
  void close_interruptedOnProcesses_terminatesWaitsForTheWorkersAndKeepsTheInterrupt()
      throws Exception {
    closeInterrupted(Multiprocessing.local());
  }
}
