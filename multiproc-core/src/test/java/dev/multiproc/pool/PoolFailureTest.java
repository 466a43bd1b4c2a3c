package dev.multiproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.function.ClassFilter;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.TestTasks;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a task can do to its worker, and what the caller gets: each case fails only its own task,
 * with the error type and a message that names the facts, and the pool goes on.
 */
@ExtendWith(NoLeaksExtension.class)
class PoolFailureTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static Pool pool;

  @BeforeAll
  static void startPool() {
    pool =
        Multiprocessing.local()
            .pool(
                PoolOptions.of(2)
                    .withTaskTimeout(Duration.ofSeconds(3))
                    .withJvm(JvmOptions.defaults().withMaxHeap("64m")));
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  record CrashCase(
      String name,
      SerializableFunction<Integer, ?> task,
      Class<? extends Throwable> expected,
      String messagePattern) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<CrashCase> crashCases() {
    return Stream.of(
        // the task's own code
        new CrashCase(
            "task throws", TestTasks::throwIllegalState, IllegalStateException.class, "^boom: 1$"),
        new CrashCase(
            "task calls System.exit(3)",
            TestTasks::exit3,
            WorkerDiedException.class,
            "^worker ended while running a task: pid=\\d+, worker=PoolWorker-\\d+,"
                + " status=Exited\\[code=3\\]"),
        new CrashCase(
            "task halts the JVM",
            TestTasks::halt,
            WorkerDiedException.class,
            "status=Exited\\[code=7\\]"),
        new CrashCase(
            "task is SIGKILLed",
            TestTasks::sigkillSelf,
            WorkerDiedException.class,
            "status=Killed\\[signal=9\\]"),
        new CrashCase(
            "task exhausts the heap",
            TestTasks::exhaustHeap,
            OutOfMemoryError.class,
            "Java heap space"),
        new CrashCase(
            "task never ends",
            TestTasks::spin,
            TaskTimeoutException.class,
            "^task ran longer than its timeout and its worker was killed: timeout=PT3S, pid=\\d+$"),
        // sending the result back
        new CrashCase(
            "result is not serializable",
            TestTasks::plainObject,
            ResultTransferException.class,
            "could not send the result back: cannot send a value of class java\\.lang\\.Object:"
                + " it is not Serializable"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crashCases")
  void applyAsync_failingTask_failsItsFutureAndPoolGoesOn(CrashCase c) throws Exception {
    AsyncResult<?> result = pool.applyAsync(c.task(), 1);
    AsyncResult<Integer> bystander = pool.applyAsync(TestTasks::inc, 41);
    var e = assertThrows(ExecutionException.class, () -> result.get(WAIT));
    assertInstanceOf(c.expected(), e.getCause(), () -> "got " + e.getCause());
    String message = String.valueOf(e.getCause().getMessage());
    assertTrue(
        Pattern.compile(c.messagePattern()).matcher(message).find(), () -> "message: " + message);
    assertEquals(42, bystander.get(WAIT)); // queued behind it: not lost
    // a dead worker is replaced, the pool goes on
    assertEquals(4, (int) pool.apply((Integer x) -> x + 2, 2));
    assertEquals(
        java.util.List.of(1, 4, 9, 16),
        pool.map(TestTasks::square, java.util.List.of(1, 2, 3, 4), 1));
  }

  @Test
  void applyAsync_taskCapturesUnserializableValue_failsAtSubmitNamingIt() {
    Thread captured = new Thread(() -> {});
    var e =
        assertThrows(
            TaskTransferException.class,
            () -> pool.applyAsync((Integer x) -> x + captured.getName().length(), 1));
    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot send the task to a worker: cannot send a value of"
                    + " class java.lang.Thread: it is not Serializable; found at lambda"
                    + " dev.multiproc.pool.PoolFailureTest::lambda$"),
        e.getMessage());
    assertTrue(e.getMessage().contains("captured arg 0 = Thread["), e.getMessage());
    assertEquals(3, pool.apply(TestTasks::inc, 2));
  }

  @Test
  void apply_resultClassNotAllowed_failsWithClassNamed() {
    try (Pool strict =
        Multiprocessing.local()
            .pool(
                PoolOptions.of(1)
                    .withClassFilter(ClassFilter.only("dev.multiproc.testing.TestTasks")))) {
      var e = assertThrows(ResultTransferException.class, () -> strict.apply(TestTasks::point, 1));
      assertEquals(
          "cannot decode the result of a task: class not allowed:"
              + " dev.multiproc.testing.TestTasks$Point is outside the ClassFilter"
              + " (ClassFilter[applicationClasses=false, allowed=[dev.multiproc.testing.TestTasks]])",
          e.getMessage());
      assertEquals(5, strict.apply(TestTasks::inc, 4));
    }
  }

  @Test
  void apply_taskClassNotAllowedInWorker_failsWithClassNamed() {
    try (Pool strict =
        Multiprocessing.local()
            .pool(PoolOptions.of(1).withClassFilter(ClassFilter.only("dev.multiproc.pool.*")))) {
      // the lambda's capturing class, TestTasks, is not allowed in the worker
      var e = assertThrows(TaskTransferException.class, () -> strict.apply(TestTasks.doubler(), 4));
      assertTrue(
          Pattern.compile(
                  "^worker pid=\\d+ \\(PoolWorker-\\d+\\) could not decode the"
                      + " task: class not allowed: dev\\.multiproc\\.testing\\.TestTasks is outside"
                      + " the ClassFilter")
              .matcher(e.getMessage())
              .find(),
          e.getMessage());
      assertEquals(10, (int) strict.apply((Integer x) -> x * 2, 5));
    }
  }

  @Test
  void workerKilledFromOutside_whileIdle_isReplaced() throws Exception {
    long victim = pool.workers().getFirst().pid();
    ProcessHandle.of(victim).orElseThrow().destroyForcibly();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline
        && (pool.workers().size() < 2
            || pool.workers().stream().anyMatch(w -> w.pid() == victim))) {
      Thread.sleep(20);
    }
    assertEquals(2, pool.workers().size(), pool::toString);
    assertEquals(10, pool.apply(TestTasks::inc, 9));
  }
}
