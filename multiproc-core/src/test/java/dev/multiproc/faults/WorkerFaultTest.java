package dev.multiproc.faults;

import static dev.multiproc.faults.Faults.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.pool.WorkerDiedException;
import dev.multiproc.process.ExitStatus;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedLong;
import dev.multiproc.sync.Event;
import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.TestTasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pool worker killed or frozen at the worst moments: while it runs a task, while it starts, while
 * it sends its result. Only the task it was running may fail, with an error that says how the
 * worker ended; every other task completes; the pool gets its worker back.
 */
@ExtendWith(NoLeaksExtension.class)
class WorkerFaultTest {
  /** A worker's death must reach its task's future within this. */
  static final Duration DEATH_SEEN = Duration.ofSeconds(5);

  private final Context ctx = Multiprocessing.local();

  /** Says which worker runs it and that it started, then sleeps until it is killed. */
  static int reportThenSleep(SharedLong pid, Event started) {
    pid.set(ProcessHandle.current().pid());
    started.set();
    Faults.sleepUntilKilled();
    return -1;
  }

  /** The first worker to run it says so and then never finishes its start-up. */
  static void firstInitializerHangs(SharedInt runs, SharedLong pid, Event started) {
    if (runs.getAndAdd(1) == 0) {
      pid.set(ProcessHandle.current().pid());
      started.set();
      Faults.sleepUntilKilled();
    }
  }

  /** Says which worker runs it, then returns {@code size} bytes: a result that takes a while. */
  static byte[] bigResult(SharedLong pid, Event started, int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i += 4096) {
      b[i] = (byte) i;
    }
    pid.set(ProcessHandle.current().pid());
    started.set();
    return b;
  }

  private static void awaitWorkers(Pool pool, int n, long notPid) throws InterruptedException {
    Faults.await(
        () ->
            pool.workers().size() == n && pool.workers().stream().noneMatch(w -> w.pid() == notPid),
        WAIT,
        () -> "pool did not get back to " + n + " workers: " + pool.workers());
  }

  /* --------------- killed while it runs a task --------------- */

  @Test
  void workerKilledMidTask_onlyItsTaskFailsWithTheSignal_othersComplete() throws Exception {
    try (Pool pool = ctx.pool(2);
        SharedLong pid = ctx.sharedLong(0);
        Event started = ctx.event()) {
      AsyncResult<Integer> victim = pool.applyAsync(x -> reportThenSleep(pid, started), 0);
      assertTrue(started.await(WAIT));
      List<AsyncResult<Integer>> others = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        others.add(pool.applyAsync(TestTasks::square, i));
      }
      long killed = pid.get();
      long at = System.nanoTime();
      Faults.kill(killed);
      var e = assertThrows(ExecutionException.class, () -> victim.get(WAIT));
      long seen = Faults.millisSince(at);
      Faults.report("worker SIGKILLed mid-task: its task failed after", seen);
      var died = assertInstanceOf(WorkerDiedException.class, e.getCause());
      assertEquals(killed, died.pid());
      assertEquals(new ExitStatus.Killed(9), died.status());
      assertTrue(seen < DEATH_SEEN.toMillis(), "took " + seen + " ms");
      for (int i = 0; i < others.size(); i++) {
        assertEquals(i * i, others.get(i).get(WAIT));
      }
      awaitWorkers(pool, 2, killed);
      assertEquals(List.of(1, 4, 9), pool.map(TestTasks::square, List.of(1, 2, 3)));
    }
  }

  @Test
  void workerFrozenMidTask_taskTimesOutAndTheFrozenWorkerIsKilled() throws Exception {
    // the clock starts when the task is sent: leave a slow machine time to start it
    PoolOptions options = PoolOptions.of(2).withTaskTimeout(Duration.ofSeconds(4));
    try (Pool pool = ctx.pool(options);
        SharedLong pid = ctx.sharedLong(0);
        Event started = ctx.event()) {
      AsyncResult<Integer> victim = pool.applyAsync(x -> reportThenSleep(pid, started), 0);
      assertTrue(started.await(WAIT));
      long frozen = pid.get();
      Faults.freeze(frozen);
      try {
        AsyncResult<Integer> other = pool.applyAsync(TestTasks::inc, 41);
        var e = assertThrows(ExecutionException.class, () -> victim.get(WAIT));
        assertInstanceOf(TaskTimeoutException.class, e.getCause());
        assertEquals(42, other.get(WAIT));
        Faults.awaitGone(frozen, DEATH_SEEN);
        awaitWorkers(pool, 2, frozen);
      } finally {
        Faults.thaw(frozen);
      }
    }
  }

  /** Spins half a millisecond, then returns {@code x}: still running when the next task comes. */
  static int brief(int x) {
    long end = System.nanoTime() + 500_000;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
    return x;
  }

  @Test
  void workerExitsInATaskQueuedBehindATinyOne_theTinyOneCompletesAndOnlyTheExitingOneFails()
      throws Exception {
    try (Pool pool = ctx.pool(1)) {
      // tiny tasks: the pool sends the next task before the running one answers
      assertEquals(List.of(0, 1, 2, 3), pool.map(TestTasks::inc, List.of(-1, 0, 1, 2), 1));
      for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 20; i++) {
          pool.apply(TestTasks::inc, i);
        }
        AsyncResult<Integer> tiny = pool.applyAsync(WorkerFaultTest::brief, round);
        AsyncResult<Integer> exits = pool.applyAsync(TestTasks::exit3, round);
        assertEquals(round, tiny.get(WAIT), "round " + round + ": the task that finished");
        var e = assertThrows(ExecutionException.class, () -> exits.get(WAIT));
        var died = assertInstanceOf(WorkerDiedException.class, e.getCause());
        assertEquals(new ExitStatus.Exited(3), died.status(), "round " + round);
      }
    }
  }

  /* --------------- killed while it starts --------------- */

  @Test
  void workerKilledInItsInitializer_isReplacedAndNoTaskFails() throws Exception {
    try (SharedInt runs = ctx.sharedInt(0);
        SharedLong pid = ctx.sharedLong(0);
        Event started = ctx.event()) {
      PoolOptions options =
          PoolOptions.of(2).withInitializer(() -> firstInitializerHangs(runs, pid, started));
      try (Pool pool = ctx.pool(options)) {
        List<AsyncResult<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          tasks.add(pool.applyAsync(TestTasks::square, i));
        }
        assertTrue(started.await(WAIT));
        long killed = pid.get();
        Faults.kill(killed);
        for (int i = 0; i < tasks.size(); i++) {
          assertEquals(i * i, tasks.get(i).get(WAIT), "task " + i);
        }
        awaitWorkers(pool, 2, killed);
        // the replacement is a worker from when it connects; its initializer runs after that
        Faults.await(
            () -> runs.get() >= 3,
            WAIT,
            () -> "the replacement did not run the initializer: runs=" + runs.get());
        assertEquals(List.of(1, 4, 9), pool.map(TestTasks::square, List.of(1, 2, 3)));
      }
    }
  }

  @Test
  void workerKilledBeforeItConnectsBack_isReplacedAndNoTaskFails() throws Exception {
    // options other than the defaults: no warm spare, every worker is a fresh JVM
    PoolOptions options = PoolOptions.of(2).withJvm(JvmOptions.defaults().withMaxHeap("96m"));
    Set<Long> before = new HashSet<>();
    ProcessHandle.current().descendants().forEach(h -> before.add(h.pid()));
    AtomicLong killed = new AtomicLong();
    Thread killer =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  long deadline = System.nanoTime() + WAIT.toNanos();
                  while (killed.get() == 0 && System.nanoTime() < deadline) {
                    ProcessHandle.current()
                        .descendants()
                        .filter(h -> !before.contains(h.pid()))
                        .filter(h -> h.info().commandLine().orElse("").contains("WorkerMain"))
                        .findFirst()
                        .ifPresent(
                            h -> {
                              h.destroyForcibly();
                              killed.set(h.pid());
                            });
                    Thread.onSpinWait();
                  }
                });
    try (Pool pool = ctx.pool(options)) {
      killer.join(WAIT.toMillis());
      assertTrue(killed.get() != 0, "no starting worker was seen");
      List<AsyncResult<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        tasks.add(pool.applyAsync(TestTasks::square, i));
      }
      for (int i = 0; i < tasks.size(); i++) {
        assertEquals(i * i, tasks.get(i).get(WAIT), "task " + i);
      }
      awaitWorkers(pool, 2, killed.get());
    }
  }

  /* --------------- killed while it sends its result --------------- */

  @Test
  void workerKilledWhileSendingItsResult_taskFailsAndNoPartialResultIsDecoded() throws Exception {
    int size = 96 << 20;
    PoolOptions options = PoolOptions.of(1).withJvm(JvmOptions.defaults().withMaxHeap("512m"));
    try (Pool pool = ctx.pool(options);
        SharedLong pid = ctx.sharedLong(0)) {
      boolean caught = false;
      for (int attempt = 0; attempt < 3 && !caught; attempt++) {
        try (Event started = ctx.event()) {
          AsyncResult<byte[]> result = pool.applyAsync(x -> bigResult(pid, started, size), 0);
          assertTrue(started.await(WAIT));
          long worker = pid.get();
          long base = Faults.bytesRead();
          // the worst moment: this JVM has read part of the result frame, not all of it (a
          // worker sends a frame in one write(2), so its own counters move only at the end)
          Faults.await(
              () -> result.isDone() || Faults.bytesRead() - base > (8 << 20),
              WAIT,
              () -> "the result never started to arrive");
          Faults.kill(worker);
          try {
            result.get(WAIT);
            continue; // it had all been sent already: try again
          } catch (ExecutionException e) {
            var died = assertInstanceOf(WorkerDiedException.class, e.getCause());
            assertEquals(new ExitStatus.Killed(9), died.status());
            caught = true;
          }
          awaitWorkers(pool, 1, worker);
        }
      }
      assertTrue(caught, "the kill never landed while the result was being sent");
      assertEquals(42, pool.apply(TestTasks::inc, 41));
    }
  }
}
