package dev.multiproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.function.SerializableCallable;
import dev.multiproc.sync.Event;
import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.TestTasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The {@link java.util.concurrent.ExecutorService} contract of {@link ProcessPoolExecutor}. */
@ExtendWith(NoLeaksExtension.class)
class ProcessPoolExecutorTest {
  private static final long WAIT_S = 30;

  static SerializableCallable<Long> sleeper(long millis) {
    return () -> TestTasks.sleep(millis);
  }

  /** A task that sets {@code started} when it runs, then sleeps a minute. */
  static SerializableCallable<Long> startedSleeper(Event started) {
    return () -> {
      started.set();
      return TestTasks.sleep(60_000);
    };
  }

  /* --------------- submit --------------- */

  @Test
  void submit_callableAndFunction_completeWithResults() throws Exception {
    try (ProcessPoolExecutor ex = Multiprocessing.local().executor(2)) {
      CompletableFuture<Integer> a = ex.submit(() -> 6 * 7);
      CompletableFuture<Integer> b = ex.submit(TestTasks::square, 9);
      assertEquals(42, a.get(WAIT_S, TimeUnit.SECONDS));
      assertEquals(81, b.get(WAIT_S, TimeUnit.SECONDS));
      // CompletableFuture interop: composes in this process
      assertEquals(123, a.thenCombine(b, Integer::sum).get());
    }
  }

  @Test
  void submit_throughPlainExecutorServiceType_serializableCallableWorks() throws Exception {
    try (ExecutorService ex = Multiprocessing.local().executor(1)) {
      Future<Integer> f = ex.submit((SerializableCallable<Integer>) () -> 5);
      assertEquals(5, f.get(WAIT_S, TimeUnit.SECONDS));
      Callable<Integer> plain = () -> 5;
      var e = assertThrows(TaskTransferException.class, () -> ex.submit(plain));
      assertTrue(
          e.getMessage()
              .contains(
                  "a lambda or method reference whose target type,"
                      + " Callable<T>, is not Serializable (written in "
                      + getClass().getName()
                      + ")"),
          e.getMessage());
      assertTrue(
          e.getMessage().contains("or cast it: (Callable<T> & Serializable) () -> ..."),
          e.getMessage());
    }
  }

  /** Every ExecutorService path with a plain lambda fails at the call, with the fix. */
  @Test
  void executorServicePaths_plainLambdas_failAtTheCallWithTheFix() throws Exception {
    try (ExecutorService ex = Multiprocessing.local().executor(1)) {
      Runnable plainRunnable = () -> {};
      var run = assertThrows(TaskTransferException.class, () -> ex.execute(plainRunnable));
      assertTrue(
          run.getMessage().contains("or cast it: (Runnable & Serializable) () -> ..."),
          run.getMessage());
      Callable<Integer> plain = () -> 5;
      var all = assertThrows(TaskTransferException.class, () -> ex.invokeAll(List.of(plain)));
      assertTrue(all.getMessage().contains("(Callable<T> & Serializable)"), all.getMessage());
      var async =
          assertThrows(
              TaskTransferException.class, () -> CompletableFuture.supplyAsync(() -> 5, ex));
      assertTrue(
          async.getMessage().contains("supplyAsync/runAsync(fn, executor)"), async.getMessage());
      assertTrue(async.getMessage().contains("processPoolExecutor.submit("), async.getMessage());
      assertFalse(async.getMessage().contains("CompletableFuture$"), async.getMessage());
      // what can work, works: an intersection cast, and the same callable through invokeAll
      Callable<Integer> cast = (Callable<Integer> & java.io.Serializable) () -> 6;
      assertEquals(6, ex.submit(cast).get(WAIT_S, TimeUnit.SECONDS));
      assertEquals(6, ex.invokeAll(List.of(cast)).getFirst().get(WAIT_S, TimeUnit.SECONDS));
      ex.execute((Runnable & java.io.Serializable) () -> {});
    }
  }

  @Test
  void submit_taskThrows_futureFailsWithSameType() {
    try (ProcessPoolExecutor ex = Multiprocessing.local().executor(1)) {
      var e =
          assertThrows(
              ExecutionException.class,
              () -> ex.submit(TestTasks::throwIllegalState, 1).get(WAIT_S, TimeUnit.SECONDS));
      assertInstanceOf(IllegalStateException.class, e.getCause());
      assertInstanceOf(RemoteTraceback.class, e.getCause().getCause());
    }
  }

  /* --------------- invokeAll / invokeAny --------------- */

  @Test
  void invokeAll_returnsAllDone() throws Exception {
    try (ProcessPoolExecutor ex = Multiprocessing.local().executor(2)) {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        int n = i;
        tasks.add((SerializableCallable<Integer>) () -> n * n);
      }
      List<Future<Integer>> futures = ex.invokeAll(tasks);
      List<Integer> results = new ArrayList<>();
      for (Future<Integer> f : futures) {
        assertTrue(f.isDone());
        results.add(f.get());
      }
      assertEquals(List.of(0, 1, 4, 9, 16, 25), results);
    }
  }

  @Test
  void invokeAll_withTimeout_cancelsUnfinished() throws Exception {
    try (ProcessPoolExecutor ex = Multiprocessing.local().executor(1)) {
      List<Callable<Long>> tasks = List.of(sleeper(10), sleeper(60_000));
      List<Future<Long>> futures = ex.invokeAll(tasks, 5, TimeUnit.SECONDS);
      assertEquals(10L, futures.get(0).get());
      assertTrue(futures.get(1).isCancelled());
    }
  }

  @Test
  void invokeAny_returnsFirstSuccessAndCancelsOthers() throws Exception {
    try (ProcessPoolExecutor ex = Multiprocessing.local().executor(2)) {
      long winner = ex.invokeAny(List.of(sleeper(60_000), sleeper(50)));
      assertEquals(50L, winner);
    }
  }

  @Test
  void invokeAny_allFail_throwsExecutionException() {
    try (ProcessPoolExecutor ex = Multiprocessing.local().executor(1)) {
      SerializableCallable<Integer> bad = () -> TestTasks.throwIllegalState(1);
      assertThrows(ExecutionException.class, () -> ex.invokeAny(List.of(bad, bad)));
    }
  }

  /* --------------- map --------------- */

  @Test
  void map_inOrderWithChunks() {
    try (ProcessPoolExecutor ex = Multiprocessing.local().executor(2)) {
      List<Integer> out = new ArrayList<>();
      ex.map(TestTasks::square, List.of(1, 2, 3, 4, 5), Duration.ZERO, 2).forEach(out::add);
      assertEquals(List.of(1, 4, 9, 16, 25), out);
    }
  }

  @Test
  void map_timeoutPasses_nextThrowsTimeout() {
    try (ProcessPoolExecutor ex = Multiprocessing.local().executor(1)) {
      ResultIterator<Long> it =
          ex.map(TestTasks::sleep, List.of(10L, 60_000L), Duration.ofSeconds(5), 1);
      assertEquals(10L, it.next());
      var e = assertThrows(CompletionException.class, it::next);
      assertInstanceOf(TimeoutException.class, e.getCause());
      ex.shutdownNow();
    }
  }

  /* --------------- cancel / shutdown --------------- */

  @Test
  void cancel_runningTaskWithInterrupt_killsItsWorkerAndExecutorGoesOn() throws Exception {
    try (ProcessPoolExecutor ex = Multiprocessing.local().executor(1)) {
      Event started = Multiprocessing.local().event();
      CompletableFuture<Long> running = ex.submit(startedSleeper(started));
      // cancelled while it runs in the worker, not while it waits to be sent
      assertTrue(started.await(Duration.ofSeconds(WAIT_S)), "the task never started");
      started.close();
      assertTrue(running.cancel(true));
      assertThrows(CancellationException.class, running::get);
      assertEquals(4, ex.submit(TestTasks::square, 2).get(WAIT_S, TimeUnit.SECONDS));
    }
  }

  @Test
  void shutdown_rejectsNewTasksAndFinishesQueued() throws Exception {
    ProcessPoolExecutor ex = Multiprocessing.local().executor(1);
    CompletableFuture<Long> queued = ex.submit(sleeper(200));
    ex.shutdown();
    assertTrue(ex.isShutdown());
    assertThrows(RejectedExecutionException.class, () -> ex.submit(() -> 1));
    assertThrows(RejectedExecutionException.class, () -> ex.execute(() -> {}));
    assertEquals(200L, queued.get(WAIT_S, TimeUnit.SECONDS));
    assertTrue(ex.awaitTermination(WAIT_S, TimeUnit.SECONDS));
    assertTrue(ex.isTerminated());
  }

  @Test
  void shutdownNow_killsRunningAndReturnsNeverStarted() throws Exception {
    ProcessPoolExecutor ex = Multiprocessing.local().executor(1);
    Event started = Multiprocessing.local().event();
    CompletableFuture<Long> running = ex.submit(startedSleeper(started));
    List<CompletableFuture<Long>> waiting = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      waiting.add(ex.submit(sleeper(60_000)));
    }
    // one task runs in the worker while five wait
    assertTrue(started.await(Duration.ofSeconds(WAIT_S)), "the first task never started");
    started.close();
    List<Runnable> neverStarted = ex.shutdownNow();
    assertTrue(neverStarted.size() >= 3, "never started: " + neverStarted.size());
    assertTrue(ex.awaitTermination(WAIT_S, TimeUnit.SECONDS));
    assertThrows(CancellationException.class, () -> running.get(WAIT_S, TimeUnit.SECONDS));
    assertTrue(waiting.stream().allMatch(CompletableFuture::isDone));
  }

  @Test
  void awaitTermination_beforeShutdown_timesOut() throws Exception {
    try (ProcessPoolExecutor ex = Multiprocessing.local().executor(1)) {
      assertFalse(ex.awaitTermination(50, TimeUnit.MILLISECONDS));
      assertFalse(ex.isTerminated());
    }
  }

  @Test
  void maxTasksPerChild_andTaskTimeout_apply() throws Exception {
    try (ProcessPoolExecutor ex =
        Multiprocessing.local()
            .executor(
                PoolOptions.of(1).withMaxTasksPerChild(1).withTaskTimeout(Duration.ofSeconds(2)))) {
      long first = ex.submit(TestTasks::pid, 1).get(WAIT_S, TimeUnit.SECONDS);
      long second = ex.submit(TestTasks::pid, 2).get(WAIT_S, TimeUnit.SECONDS);
      assertTrue(first != second);
      var e =
          assertThrows(
              ExecutionException.class,
              () -> ex.submit(TestTasks::spin, 1).get(WAIT_S, TimeUnit.SECONDS));
      assertInstanceOf(TaskTimeoutException.class, e.getCause());
    }
  }
}
