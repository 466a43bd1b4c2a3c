package dev.multiproc.conformance.jsr166;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.shared.SharedInt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * What {@link ExecutorService} promises (the JSR-166 TCK's AbstractExecutorService cases and
 * OpenJDK's executor {@code InvokeTest} and {@code CloseTest}): argument checks, {@code submit},
 * {@code invokeAny}/{@code invokeAll} with and without timeouts (an interrupted or timed-out
 * {@code invokeAll} cancels what did not finish), shutdown, {@code shutdownNow}, termination and
 * {@code close()}. Every task is serializable and reports through its result or through a shared
 * counter of the backend ({@code SharedInt}), never through memory of the test, so the cases hold
 * for executors whose tasks run in other processes.
 */
public final class ExecutorServiceCases extends ContractCase {
  private final Supplier<? extends ExecutorService> shared;
  private final Supplier<? extends ExecutorService> fresh;
  private final IntFunction<SharedInt> counters;

  private ExecutorServiceCases(
      Supplier<? extends ExecutorService> shared,
      Supplier<? extends ExecutorService> fresh,
      IntFunction<SharedInt> counters) {
    this.shared = shared;
    this.fresh = fresh;
    this.counters = counters;
  }

  /**
   * The cases.
   *
   * @param shared the executor the cases that leave it running share
   * @param fresh makes a new executor with one worker, for the cases that shut it down
   * @param counters makes a shared counter tasks can reach
   * @return the suite
   */
  public static junit.framework.TestSuite suite(
      Supplier<? extends ExecutorService> shared,
      Supplier<? extends ExecutorService> fresh,
      IntFunction<SharedInt> counters) {
    return suite(
        ExecutorServiceCases.class, () -> new ExecutorServiceCases(shared, fresh, counters));
  }

  private ExecutorService freshExecutor() {
    ExecutorService e = fresh.get();
    made((AutoCloseable) e::shutdownNow);
    return e;
  }

  /** Runs a task on {@code e} first, so that its workers are up before a timed call. */
  private static ExecutorService warmed(ExecutorService e) throws Exception {
    e.submit((Callable<Integer>) value(0)).get(LONG.toMillis(), MILLISECONDS);
    e.submit((Callable<Integer>) value(0)).get(LONG.toMillis(), MILLISECONDS);
    return e;
  }

  private static SerializableCallable<Integer> value(int v) {
    return () -> v;
  }

  private static SerializableCallable<Integer> failing() {
    return () -> {
      throw new ArithmeticException("failing on purpose");
    };
  }

  /** Sleeps {@code millis}, then counts 1 on {@code done} and returns 1. */
  private static SerializableCallable<Integer> slow(long millis, SharedInt done) {
    return () -> {
      Thread.sleep(millis);
      done.getAndAdd(1);
      return 1;
    };
  }

  private SharedInt counter() {
    return made(counters.apply(0));
  }

  /* ----------------------------- argument checks ----------------------------- */

  public void testExecuteNull() {
    assertThrows(NullPointerException.class, () -> shared.get().execute(null));
  }

  public void testSubmitNullCallable() {
    assertThrows(NullPointerException.class, () -> shared.get().submit((Callable<Integer>) null));
  }

  public void testSubmitNullRunnable() {
    assertThrows(NullPointerException.class, () -> shared.get().submit((Runnable) null));
    assertThrows(NullPointerException.class, () -> shared.get().submit((Runnable) null, 1));
  }

  public void testInvokeAnyNull() {
    assertThrows(NullPointerException.class, () -> shared.get().invokeAny(null));
  }

  public void testInvokeAnyEmpty() {
    assertThrows(IllegalArgumentException.class, () -> shared.get().invokeAny(List.of()));
  }

  /** A null task is refused (the first one: invokeAny may return before it reaches a later one). */
  public void testInvokeAnyNullElement() {
    List<Callable<Integer>> tasks = Arrays.asList(null, value(1));
    assertThrows(NullPointerException.class, () -> shared.get().invokeAny(tasks));
  }

  public void testTimedInvokeAnyNullUnit() {
    List<Callable<Integer>> tasks = List.of(value(1));
    assertThrows(NullPointerException.class, () -> shared.get().invokeAny(tasks, 1, null));
  }

  public void testInvokeAllNull() {
    assertThrows(NullPointerException.class, () -> shared.get().invokeAll(null));
  }

  public void testInvokeAllNullElement() {
    List<Callable<Integer>> tasks = Arrays.asList(value(1), null);
    assertThrows(NullPointerException.class, () -> shared.get().invokeAll(tasks));
  }

  public void testTimedInvokeAllNullUnit() {
    List<Callable<Integer>> tasks = List.of(value(1));
    assertThrows(NullPointerException.class, () -> shared.get().invokeAll(tasks, 1, null));
  }

  /* ----------------------------- submit ----------------------------- */

  public void testSubmitCallable() throws Exception {
    assertEquals(
        7, shared.get().submit((Callable<Integer>) value(7)).get(LONG.toMillis(), MILLISECONDS));
  }

  public void testSubmitRunnable() throws Exception {
    SerializableRunnable task = () -> {};
    Future<?> f = shared.get().submit((Runnable) task);
    assertNull(f.get(LONG.toMillis(), MILLISECONDS));
    Future<String> g = shared.get().submit((Runnable) task, "done");
    assertEquals("done", g.get(LONG.toMillis(), MILLISECONDS));
  }

  public void testSubmitFailingCallable() {
    Future<Integer> f = shared.get().submit((Callable<Integer>) failing());
    var e = assertThrows(ExecutionException.class, () -> f.get(LONG.toMillis(), MILLISECONDS));
    assertInstanceOf(ArithmeticException.class, e.getCause());
  }

  public void testFutureGetTimesOut() throws Exception {
    SharedInt done = counter();
    Future<Integer> f = shared.get().submit((Callable<Integer>) slow(SHORT.toMillis() * 5, done));
    assertThrows(TimeoutException.class, () -> f.get(SHORT.toMillis(), MILLISECONDS));
    assertEquals(1, f.get(LONG.toMillis(), MILLISECONDS));
  }

  public void testCancelRunningTask() throws Exception {
    SharedInt done = counter();
    ExecutorService e = freshExecutor();
    Future<Integer> f = e.submit((Callable<Integer>) slow(1000, done));
    assertTrue(f.cancel(true));
    assertTrue(f.isCancelled());
    assertTrue(f.isDone());
    assertThrows(CancellationException.class, f::get);
    e.shutdown();
    assertTrue(e.awaitTermination(LONG.toMillis(), MILLISECONDS));
    assertEquals(0, done.get(), "the cancelled task ran to its end");
  }

  /* ----------------------------- invokeAny ----------------------------- */

  public void testInvokeAnyReturnsAResult() throws Exception {
    assertEquals(3, shared.get().invokeAny(List.of(value(3), value(3))));
  }

  public void testInvokeAnyAllFail() {
    List<Callable<Integer>> tasks = List.of(failing(), failing());
    var e = assertThrows(ExecutionException.class, () -> shared.get().invokeAny(tasks));
    assertInstanceOf(ArithmeticException.class, e.getCause());
  }

  public void testInvokeAnySkipsAFailure() throws Exception {
    assertEquals(5, shared.get().invokeAny(List.of(failing(), value(5))));
  }

  public void testTimedInvokeAnyReturnsAResult() throws Exception {
    assertEquals(4, shared.get().invokeAny(List.of(value(4)), LONG.toMillis(), MILLISECONDS));
  }

  /** A timeout of zero or less gives up at once (no task has finished yet). */
  public void testTimedInvokeAnyNonPositiveTimeout() throws Exception {
    SharedInt done = counter();
    List<Callable<Integer>> tasks = List.of(slow(PROMPT.toMillis(), done));
    ExecutorService e = freshExecutor();
    for (long timeout : new long[] {0, -1}) {
      assertThrows(
          TimeoutException.class,
          () ->
              returnsPromptly(
                  "invokeAny(" + timeout + " ms)",
                  () -> e.invokeAny(tasks, timeout, MILLISECONDS)));
    }
  }

  public void testTimedInvokeAnyTimesOut() throws Exception {
    SharedInt done = counter();
    ExecutorService e = freshExecutor();
    List<Callable<Integer>> tasks = List.of(slow(LONG.toMillis(), done));
    assertThrows(TimeoutException.class, () -> e.invokeAny(tasks, SHORT.toMillis(), MILLISECONDS));
  }

  /* ----------------------------- invokeAll ----------------------------- */

  public void testInvokeAllEmpty() throws Exception {
    assertEquals(List.of(), shared.get().invokeAll(List.of()));
    assertEquals(List.of(), shared.get().invokeAll(List.of(), 1, MILLISECONDS));
  }

  public void testInvokeAllResultsInOrder() throws Exception {
    List<Future<Integer>> fs = shared.get().invokeAll(List.of(value(1), value(2), value(3)));
    List<Integer> results = new ArrayList<>();
    for (Future<Integer> f : fs) {
      assertTrue(f.isDone());
      results.add(f.get());
    }
    assertEquals(List.of(1, 2, 3), results);
  }

  public void testInvokeAllWithFailure() throws Exception {
    List<Future<Integer>> fs = shared.get().invokeAll(List.of(value(1), failing()));
    assertEquals(1, fs.get(0).get());
    var e = assertThrows(ExecutionException.class, () -> fs.get(1).get());
    assertInstanceOf(ArithmeticException.class, e.getCause());
  }

  /** A timed invokeAll returns every future done; those that did not finish are cancelled. */
  public void testTimedInvokeAllCancelsWhatDidNotFinish() throws Exception {
    SharedInt done = counter();
    ExecutorService e = warmed(freshExecutor());
    List<Future<Integer>> fs =
        e.invokeAll(
            List.of(value(1), slow(LONG.toMillis(), done)), SHORT.toMillis() * 10, MILLISECONDS);
    assertEquals(2, fs.size());
    assertEquals(1, fs.get(0).get());
    assertTrue(fs.get(1).isDone(), "invokeAll returned an unfinished future");
    assertTrue(fs.get(1).isCancelled(), "invokeAll did not cancel the task past its timeout");
  }

  public void testTimedInvokeAllZeroTimeout() throws Exception {
    SharedInt done = counter();
    ExecutorService e = freshExecutor();
    List<Future<Integer>> fs = e.invokeAll(List.of(slow(LONG.toMillis(), done)), 0, MILLISECONDS);
    assertEquals(1, fs.size());
    assertTrue(fs.get(0).isDone() && fs.get(0).isCancelled(), "not cancelled: " + fs.get(0));
  }

  /** An interrupted invokeAll throws and cancels the tasks that did not finish. */
  public void testInvokeAllInterruptedCancelsTasks() throws Exception {
    SharedInt done = counter();
    ExecutorService e = freshExecutor();
    CountDownLatch calling = new CountDownLatch(1);
    Thread t =
        started(
            () -> {
              calling.countDown();
              try {
                e.invokeAll(List.of(slow(1000, done), slow(1000, done)));
                shouldThrow("InterruptedException");
              } catch (InterruptedException expected) {
                assertNotInterrupted();
              }
            });
    calling.await();
    stillBlocked(t);
    t.interrupt();
    joinedPromptly(t);
    e.shutdown();
    assertTrue(e.awaitTermination(LONG.toMillis(), MILLISECONDS));
    assertEquals(0, done.get(), "tasks of the interrupted invokeAll ran to their end");
  }

  /* ----------------------------- shutdown and close ----------------------------- */

  public void testShutdownRejectsNewTasks() {
    ExecutorService e = freshExecutor();
    e.shutdown();
    assertTrue(e.isShutdown());
    assertThrows(RejectedExecutionException.class, () -> e.submit((Callable<Integer>) value(1)));
    assertThrows(
        RejectedExecutionException.class, () -> e.execute((SerializableRunnable) () -> {}));
    assertThrows(RejectedExecutionException.class, () -> e.invokeAll(List.of(value(1))));
  }

  public void testShutdownCompletesSubmittedTasks() throws Exception {
    SharedInt done = counter();
    ExecutorService e = freshExecutor();
    Future<Integer> f1 = e.submit((Callable<Integer>) slow(200, done));
    Future<Integer> f2 = e.submit((Callable<Integer>) slow(200, done));
    e.shutdown();
    assertTrue(e.awaitTermination(LONG.toMillis(), MILLISECONDS));
    assertTrue(e.isTerminated());
    assertEquals(1, f1.get());
    assertEquals(1, f2.get());
    assertEquals(2, done.get());
  }

  public void testAwaitTerminationTimesOutWhileRunning() throws Exception {
    ExecutorService e = freshExecutor();
    long start = System.nanoTime();
    assertFalse(e.awaitTermination(SHORT.toMillis(), MILLISECONDS));
    assertTrue(millisSince(start) >= SHORT.toMillis(), "returned before its timeout");
    assertFalse(e.isTerminated());
  }

  /** shutdownNow returns the tasks that never started, and stops the running ones. */
  public void testShutdownNow() throws Exception {
    SharedInt done = counter();
    ExecutorService e = freshExecutor();
    for (int i = 0; i < 6; i++) {
      var _ = e.submit((Callable<Integer>) slow(1000, done)); // what shutdownNow does is checked
    }
    List<Runnable> neverStarted = e.shutdownNow();
    assertTrue(e.isShutdown());
    assertTrue(e.awaitTermination(LONG.toMillis(), MILLISECONDS));
    assertTrue(e.isTerminated());
    assertTrue(
        neverStarted.size() >= 4 && neverStarted.size() <= 6,
        "shutdownNow returned "
            + neverStarted.size()
            + " tasks; 4 to 6 (at most 2 workers)"
            + " never started");
    assertEquals(0, done.get(), "tasks ran to their end after shutdownNow");
  }

  /** close() waits for the submitted tasks, then the executor is terminated. */
  public void testCloseWaitsForTasks() throws Exception {
    SharedInt done = counter();
    ExecutorService e = freshExecutor();
    Future<Integer> f = e.submit((Callable<Integer>) slow(300, done));
    e.close();
    assertTrue(e.isTerminated());
    assertTrue(f.isDone());
    assertEquals(1, f.get());
  }

  public void testCloseAfterShutdownAndTwice() {
    ExecutorService e = freshExecutor();
    e.shutdown();
    e.close();
    e.close();
    assertTrue(e.isTerminated());
  }

  /**
   * close() on an interrupted thread stops the tasks (shutdownNow), returns, and keeps the
   * interrupt status (OpenJDK's CloseTest).
   */
  public void testCloseWhenInterrupted() throws Exception {
    SharedInt done = counter();
    ExecutorService e = freshExecutor();
    Future<Integer> f = e.submit((Callable<Integer>) slow(LONG.toMillis(), done));
    Thread.currentThread().interrupt();
    try {
      e.close();
      assertTrue(Thread.currentThread().isInterrupted(), "close() lost the interrupt status");
    } finally {
      Thread.interrupted();
    }
    assertTrue(e.isShutdown());
    assertTrue(e.awaitTermination(LONG.toMillis(), MILLISECONDS));
    assertTrue(f.isDone());
    assertEquals(0, done.get(), "close() on an interrupted thread let the task finish");
  }
}
