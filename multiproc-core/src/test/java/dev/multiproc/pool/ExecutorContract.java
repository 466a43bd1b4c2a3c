package dev.multiproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.function.SerializableCallable;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.sync.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@link ExecutorService} contract, as the JSR-166 TCK and OpenJDK's {@code InvokeTest} and
 * {@code CloseTest} state it, written against {@link Context#executor} alone and run once per
 * backend by a subclass. Tasks are static methods, so they run in worker JVMs as well as on
 * threads; "the task was stopped" is checked the way every backend can show it: an executor of
 * one worker runs the next task at once instead of after the stopped one.
 *
 * <p>One deliberate difference from the JDK's thread pools: a task that {@code shutdownNow} (or an
 * interrupted {@code close}) stops completes with {@link CancellationException}, on every backend,
 * since a worker process is killed rather than interrupted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExecutorContract {
  static final Duration WAIT = Duration.ofSeconds(30);

  /** Long enough that a test never waits it out: only a stop ends it. */
  static final long FOREVER_MS = 600_000;

  /** The context under test. */
  abstract Context ctx();

  /* --------------- tasks --------------- */

  static String foo() {
    return "foo";
  }

  static String bar() {
    return "bar";
  }

  /** Sets {@code started}, then sleeps until stopped. */
  static String startThenSleep(Event started) {
    started.set();
    try {
      Thread.sleep(FOREVER_MS);
    } catch (InterruptedException e) {
      throw new IllegalStateException("interrupted", e);
    }
    return "slept";
  }

  static String sleepThenFoo(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return "foo";
  }

  static int count(SharedInt ran) {
    return ran.getAndAdd(1) + 1;
  }

  static String fail() {
    throw new IllegalArgumentException("failing on purpose");
  }

  static SerializableCallable<String> foos() {
    return ExecutorContract::foo;
  }

  static SerializableCallable<String> sleeper(Event started) {
    return () -> startThenSleep(started);
  }

  /* --------------- helpers --------------- */

  /** Interrupts {@code target} once {@code started} is set and it waits inside {@code method}. */
  static Thread interruptWhenWaiting(Thread target, String method, Event started) {
    return Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                if (!started.await(WAIT)) {
                  return;
                }
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                  Thread.State state = target.getState();
                  if ((state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                      && Arrays.stream(target.getStackTrace())
                          .anyMatch(e -> e.getMethodName().equals(method))) {
                    target.interrupt();
                    return;
                  }
                  Thread.sleep(10);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }

  /** Checks that an executor of one worker is free: a new task runs at once. */
  static void assertFree(ExecutorService ex) throws Exception {
    assertEquals("foo", ex.submit(foos()).get(WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  static void closeAfterStop(ExecutorService ex) {
    ex.shutdownNow();
    ex.close();
  }

  /* --------------- invokeAll --------------- */

  @Test
  void invokeAll_interrupted_throwsAndCancelsUnfinishedTasks() throws Exception {
    ExecutorService ex = ctx().executor(1);
    try (Event started = ctx().event()) {
      List<Callable<String>> tasks = List.of(foos(), sleeper(started));
      Thread interrupter = interruptWhenWaiting(Thread.currentThread(), "invokeAll", started);
      assertThrows(InterruptedException.class, () -> ex.invokeAll(tasks));
      assertFalse(Thread.currentThread().isInterrupted());
      interrupter.join();
      assertFree(ex);
    } finally {
      Thread.interrupted();
      closeAfterStop(ex);
    }
  }

  @Test
  void invokeAllTimed_interrupted_throwsAndCancelsUnfinishedTasks() throws Exception {
    ExecutorService ex = ctx().executor(1);
    try (Event started = ctx().event()) {
      List<Callable<String>> tasks = List.of(foos(), sleeper(started));
      Thread interrupter = interruptWhenWaiting(Thread.currentThread(), "invokeAll", started);
      assertThrows(
          InterruptedException.class,
          () -> ex.invokeAll(tasks, WAIT.toSeconds(), TimeUnit.SECONDS));
      assertFalse(Thread.currentThread().isInterrupted());
      interrupter.join();
      assertFree(ex);
    } finally {
      Thread.interrupted();
      closeAfterStop(ex);
    }
  }

  @Test
  void invokeAll_interruptSetBefore_throwsAndRunsNothingLeft() throws Exception {
    ExecutorService ex = ctx().executor(1);
    try (Event started = ctx().event()) {
      List<Callable<String>> tasks = List.of(sleeper(started), foos());
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, () -> ex.invokeAll(tasks));
      assertFalse(Thread.currentThread().isInterrupted());
      assertFree(ex);
    } finally {
      Thread.interrupted();
      closeAfterStop(ex);
    }
  }

  @Test
  void invokeAllTimed_timeoutExpires_cancelsUnfinishedKeepsFinished() throws Exception {
    ExecutorService ex = ctx().executor(1);
    try (Event started = ctx().event()) {
      List<Future<String>> futures =
          ex.invokeAll(List.of(foos(), sleeper(started)), 2, TimeUnit.SECONDS);
      assertEquals(2, futures.size());
      assertTrue(futures.stream().allMatch(Future::isDone));
      assertEquals("foo", futures.get(0).resultNow());
      assertTrue(futures.get(1).isCancelled());
      assertFree(ex);
      // a timeout already past runs nothing and cancels all
      List<Future<String>> none = ex.invokeAll(List.of(foos(), foos()), 0, TimeUnit.SECONDS);
      assertEquals(2, none.size());
      assertTrue(none.stream().allMatch(Future::isDone));
    } finally {
      closeAfterStop(ex);
    }
  }

  @Test
  void invokeAll_resultsInTaskOrder() throws Exception {
    try (ExecutorService ex = ctx().executor(2)) {
      SerializableCallable<String> slowFoo = () -> sleepThenFoo(50);
      SerializableCallable<String> bar = ExecutorContract::bar;
      List<Future<String>> futures = ex.invokeAll(List.of(slowFoo, bar));
      assertEquals(List.of("foo", "bar"), futures.stream().map(Future::resultNow).toList());
      SerializableCallable<String> failing = ExecutorContract::fail;
      List<Future<String>> timed = ex.invokeAll(List.of(failing, bar), 1, TimeUnit.MINUTES);
      var e = assertThrows(ExecutionException.class, () -> timed.getFirst().get());
      assertInstanceOf(IllegalArgumentException.class, e.getCause());
      assertEquals("bar", timed.get(1).resultNow());
    }
  }

  /* --------------- invokeAny --------------- */

  @Test
  void invokeAny_timeoutNotPositive_timesOutAtOnceRunningNothing() throws Exception {
    ExecutorService ex = ctx().executor(1);
    try (SharedInt ran = ctx().sharedInt(0)) {
      SerializableCallable<Integer> counting = () -> count(ran);
      List<Callable<Integer>> tasks = List.of(counting);
      for (long timeout : new long[] {0, -1, Long.MIN_VALUE}) {
        var done = new AtomicReference<Throwable>();
        Thread caller =
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        ex.invokeAny(tasks, timeout, TimeUnit.SECONDS);
                      } catch (Throwable t) {
                        done.set(t);
                      }
                    });
        caller.join(WAIT);
        assertFalse(caller.isAlive(), "invokeAny(timeout=" + timeout + ") still waits");
        assertInstanceOf(TimeoutException.class, done.get(), "timeout=" + timeout);
      }
      assertFree(ex); // runs after anything submitted before it
      assertEquals(0, ran.get());
    } finally {
      closeAfterStop(ex);
    }
  }

  @Test
  void invokeAny_interrupted_throwsAndCancelsItsTasks() throws Exception {
    ExecutorService ex = ctx().executor(1);
    try (Event started = ctx().event()) {
      Thread interrupter = interruptWhenWaiting(Thread.currentThread(), "invokeAny", started);
      assertThrows(InterruptedException.class, () -> ex.invokeAny(List.of(sleeper(started))));
      assertFalse(Thread.currentThread().isInterrupted());
      interrupter.join();
      assertFree(ex);
    } finally {
      Thread.interrupted();
      closeAfterStop(ex);
    }
  }

  @Test
  void invokeAny_resultOfOneThatSucceedsOrTheFailure() throws Exception {
    try (ExecutorService ex = ctx().executor(2)) {
      SerializableCallable<String> failing = ExecutorContract::fail;
      SerializableCallable<String> slowFoo = () -> sleepThenFoo(50);
      assertEquals("foo", ex.invokeAny(List.of(failing, slowFoo)));
      assertEquals("foo", ex.invokeAny(List.of(slowFoo, failing), 1, TimeUnit.MINUTES));
      var e = assertThrows(ExecutionException.class, () -> ex.invokeAny(List.of(failing, failing)));
      assertInstanceOf(IllegalArgumentException.class, e.getCause());
      e =
          assertThrows(
              ExecutionException.class, () -> ex.invokeAny(List.of(failing), 1, TimeUnit.MINUTES));
      assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }
  }

  /* --------------- null and empty arguments --------------- */

  @Test
  void nullTasksAndUnits_throwNullPointerExceptionRunningNothing() throws Exception {
    ExecutorService ex = ctx().executor(1);
    try (SharedInt ran = ctx().sharedInt(0)) {
      SerializableCallable<Integer> counting = () -> count(ran);
      List<Callable<Integer>> withNull = new ArrayList<>();
      withNull.add(counting);
      withNull.add(null);
      List<Callable<Integer>> one = List.of(counting);
      assertThrows(NullPointerException.class, () -> ex.execute(null));
      assertThrows(NullPointerException.class, () -> ex.submit((Runnable) null));
      assertThrows(NullPointerException.class, () -> ex.submit((Runnable) null, "x"));
      assertThrows(NullPointerException.class, () -> ex.submit((Callable<?>) null));
      assertThrows(NullPointerException.class, () -> ex.invokeAll(null));
      assertThrows(NullPointerException.class, () -> ex.invokeAll(null, 1, TimeUnit.SECONDS));
      assertThrows(NullPointerException.class, () -> ex.invokeAll(withNull));
      assertThrows(NullPointerException.class, () -> ex.invokeAll(withNull, 1, TimeUnit.MINUTES));
      assertThrows(NullPointerException.class, () -> ex.invokeAll(one, 1, null));
      assertThrows(NullPointerException.class, () -> ex.invokeAny(null));
      assertThrows(NullPointerException.class, () -> ex.invokeAny(null, 1, TimeUnit.SECONDS));
      assertThrows(NullPointerException.class, () -> ex.invokeAny(withNull));
      assertThrows(NullPointerException.class, () -> ex.invokeAny(withNull, 1, TimeUnit.MINUTES));
      assertThrows(NullPointerException.class, () -> ex.invokeAny(one, 1, null));
      assertThrows(NullPointerException.class, () -> ex.invokeAny(one, -1, null));
      assertThrows(NullPointerException.class, () -> ex.awaitTermination(1, null));
      assertThrows(IllegalArgumentException.class, () -> ex.invokeAny(List.of()));
      assertThrows(
          IllegalArgumentException.class, () -> ex.invokeAny(List.of(), 1, TimeUnit.SECONDS));
      assertEquals(List.of(), ex.invokeAll(List.of()));
      assertEquals(List.of(), ex.invokeAll(List.of(), 1, TimeUnit.SECONDS));
      assertFree(ex);
      assertEquals(0, ran.get());
    } finally {
      closeAfterStop(ex);
    }
  }

  @Test
  void shutDown_rejectsEveryKindOfSubmission() {
    ExecutorService ex = ctx().executor(1);
    ex.shutdown();
    List<Callable<String>> tasks = List.of(foos());
    assertThrows(RejectedExecutionException.class, () -> ex.submit(foos()));
    assertThrows(RejectedExecutionException.class, () -> ex.invokeAll(tasks));
    assertThrows(RejectedExecutionException.class, () -> ex.invokeAll(tasks, 1, TimeUnit.SECONDS));
    assertThrows(RejectedExecutionException.class, () -> ex.invokeAny(tasks));
    assertThrows(RejectedExecutionException.class, () -> ex.invokeAny(tasks, 1, TimeUnit.SECONDS));
    ex.close();
  }

  /* --------------- close --------------- */

  static void assertTerminated(ExecutorService ex) throws InterruptedException {
    assertTrue(ex.isShutdown());
    assertTrue(ex.isTerminated());
    assertTrue(ex.awaitTermination(10, TimeUnit.MILLISECONDS));
  }

  @Test
  void close_noTasks_terminates() throws Exception {
    ExecutorService ex = ctx().executor(1);
    ex.close();
    assertTerminated(ex);
  }

  @Test
  void close_waitsForRunningAndQueuedTasks() throws Exception {
    ExecutorService ex = ctx().executor(1);
    SerializableCallable<String> slowFoo = () -> sleepThenFoo(200);
    Future<String> running = ex.submit(slowFoo);
    Future<String> queued = ex.submit(slowFoo);
    ex.close();
    assertTerminated(ex);
    assertEquals("foo", running.resultNow());
    assertEquals("foo", queued.resultNow());
  }

  @Test
  void close_afterShutdown_waitsForTheRunningTask() throws Exception {
    ExecutorService ex = ctx().executor(1);
    try (Event started = ctx().event()) {
      SerializableCallable<String> signalled =
          () -> {
            started.set();
            return sleepThenFoo(200);
          };
      Future<String> running = ex.submit(signalled);
      assertTrue(started.await(WAIT));
      ex.shutdown();
      ex.close();
      assertTerminated(ex);
      assertEquals("foo", running.resultNow());
    }
  }

  @Test
  void close_afterTermination_andTwice_changesNothing() throws Exception {
    ExecutorService ex = ctx().executor(1);
    ex.shutdown();
    assertTrue(ex.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS));
    ex.close();
    assertTerminated(ex);
    ex.close();
    assertTerminated(ex);
  }

  @Test
  void close_afterShutdownNow_terminates() throws Exception {
    ExecutorService ex = ctx().executor(1);
    try (Event started = ctx().event()) {
      Future<String> running = ex.submit(sleeper(started));
      assertTrue(started.await(WAIT));
      ex.shutdownNow();
      ex.close();
      assertTerminated(ex);
      assertThrows(CancellationException.class, running::get);
    }
  }

  @Test
  void close_interruptSetBefore_stopsTasksTerminatesAndKeepsTheInterrupt() throws Exception {
    ExecutorService ex = ctx().executor(1);
    try (Event started = ctx().event()) {
      Future<String> running = ex.submit(sleeper(started));
      assertTrue(started.await(WAIT));
      Thread.currentThread().interrupt();
      try {
        ex.close();
        assertTrue(Thread.currentThread().isInterrupted());
      } finally {
        Thread.interrupted();
      }
      assertTerminated(ex);
      assertThrows(CancellationException.class, running::get);
    }
  }

  @Test
  void close_interruptedWhileWaiting_stopsTasksTerminatesAndKeepsTheInterrupt() throws Exception {
    ExecutorService ex = ctx().executor(1);
    try (Event started = ctx().event()) {
      Future<String> running = ex.submit(sleeper(started));
      Thread interrupter = interruptWhenWaiting(Thread.currentThread(), "close", started);
      try {
        ex.close();
        assertTrue(Thread.currentThread().isInterrupted());
      } finally {
        Thread.interrupted();
      }
      interrupter.join();
      assertTerminated(ex);
      assertThrows(CancellationException.class, running::get);
    }
  }
}
