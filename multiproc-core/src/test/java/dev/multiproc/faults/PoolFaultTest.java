package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.BrokenPoolException;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.process.ProcessInfo;
import dev.multiproc.shared.SharedLong;
import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.ProcessStates;
import dev.multiproc.testing.TestTasks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a stalled or dying worker does to a process pool. Each case: what is done, what must
 * happen.
 *
 * <table>
 *   <caption>Pool fault cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>idle worker frozen, large task</td><td>pool(2), 3 s timeout; one idle worker gets
 *       SIGSTOP; {@code applyAsync} with an 8 MB argument, then a small task</td><td>{@code
 *       applyAsync} and {@code workers()} return at once; the small task completes on the other
 *       worker; the large one fails with {@link TaskTimeoutException}; the frozen worker is
 *       killed and replaced</td></tr>
 *   <tr><td>worker frozen mid-task</td><td>SIGSTOP to the worker running a task; then large and
 *       small tasks</td><td>only the running task fails, by its timeout; the others complete;
 *       the worker is replaced</td></tr>
 *   <tr><td>worker frozen while sent a map chunk</td><td>SIGSTOP to an idle worker; {@code
 *       mapAsync} of 4 chunks of 4 MB</td><td>{@code mapAsync} returns at once; the map fails
 *       with {@link TaskTimeoutException}; the pool goes on</td></tr>
 *   <tr><td>initializer calls System.exit / halts / is killed</td><td>pool(2) whose initializer
 *       ends its worker; pool(1) whose only worker is killed in its initializer</td><td>{@link BrokenPoolException} naming the exit status; no worker is
 *       started again</td></tr>
 * </table>
 */
@ExtendWith(NoLeaksExtension.class)
class PoolFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  /** How long a call that must not block may take, on a busy machine. */
  private static final long PROMPT_SECONDS = 10;

  private static final Context LOCAL = Multiprocessing.local();
  private static final ExecutorService CALLERS = Executors.newVirtualThreadPerTaskExecutor();

  @AfterAll
  static void stopCallers() {
    CALLERS.shutdownNow();
  }

  /* --------------- tasks (static, so that method references travel) --------------- */

  static int length(byte[] bytes) {
    return bytes.length;
  }

  static int total(List<byte[]> chunk) {
    return chunk.stream().mapToInt(b -> b.length).sum();
  }

  /** Publishes this worker's pid, then sleeps up to a minute. */
  static long publishPidThenSleep(SharedLong pid) {
    pid.set(ProcessHandle.current().pid());
    return TestTasks.sleep(60_000);
  }

  static void exitInInitializer() {
    System.exit(3);
  }

  static void haltInInitializer() {
    Runtime.getRuntime().halt(5);
  }

  static void sleepInInitializer() {
    try {
      Thread.sleep(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /* --------------- helpers --------------- */

  /** Runs {@code call} on another thread and returns its value, failing if it blocks. */
  private static <T> T promptly(String what, Callable<T> call) throws Exception {
    Future<T> f = CALLERS.submit(call);
    try {
      return f.get(PROMPT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(what + " blocked for more than " + PROMPT_SECONDS + " s", e);
    }
  }

  private static void signal(String signal, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
  }

  /** The state letter of {@code pid} in /proc (R, S, T, Z ...), or '?' once it is gone. */
  private static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (IOException e) {
      return '?';
    }
  }

  private static void awaitCondition(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what);
      }
      Thread.sleep(10);
    }
  }

  private static void freeze(long pid) throws Exception {
    signal("STOP", pid);
    awaitCondition("pid " + pid + " is stopped", () -> state(pid) == 'T');
  }

  /** Kills {@code pid} if it still runs: a frozen worker must not outlive a failed test. */
  private static void killIfRunning(long pid) throws Exception {
    if (ProcessStates.running(pid)) {
      signal("KILL", pid);
    }
  }

  private static Pool startedPool(PoolOptions options) throws InterruptedException {
    Pool pool = LOCAL.pool(options);
    awaitCondition("both workers started", () -> pool.workers().size() == options.processes());
    return pool;
  }

  /** Waits until {@code pool} has its full count of workers again, none of them {@code gone}. */
  private static void awaitReplaced(Pool pool, long gone) throws InterruptedException {
    awaitCondition(
        "worker " + gone + " replaced in " + pool,
        () -> {
          List<ProcessInfo> now = pool.workers();
          return now.size() == pool.processes() && now.stream().noneMatch(w -> w.pid() == gone);
        });
    awaitCondition("worker " + gone + " ended", () -> !ProcessStates.running(gone));
  }

  private static void assertTimedOut(AsyncResult<?> result) {
    var e = assertThrows(ExecutionException.class, () -> result.get(WAIT));
    assertInstanceOf(TaskTimeoutException.class, e.getCause(), () -> "got " + e.getCause());
  }

  /* --------------- a stalled worker --------------- */

  @Test
  void idleWorkerFrozen_largeTaskSentToIt_onlyThatTaskFailsByItsTimeout() throws Exception {
    try (Pool pool = startedPool(PoolOptions.of(2).withTaskTimeout(TIMEOUT))) {
      // both idle: the first listed worker is the one a task goes to first
      long frozen = pool.workers().getFirst().pid();
      freeze(frozen);
      try {
        AsyncResult<Integer> large =
            promptly(
                "applyAsync of 8 MB to a frozen worker",
                () -> pool.applyAsync(PoolFaultTest::length, new byte[8 << 20]));
        List<ProcessInfo> workers = promptly("workers()", pool::workers);
        assertEquals(2, workers.size(), workers::toString);
        AsyncResult<Integer> small =
            promptly("applyAsync of a small task", () -> pool.applyAsync(TestTasks::inc, 41));
        assertEquals(42, small.get(WAIT));
        assertTimedOut(large);
        awaitReplaced(pool, frozen);
        assertEquals(8 << 20, pool.apply(PoolFaultTest::length, new byte[8 << 20]));
      } finally {
        killIfRunning(frozen);
      }
    }
  }

  @Test
  void workerFrozenMidTask_onlyItsTaskFailsByItsTimeout() throws Exception {
    try (Pool pool = startedPool(PoolOptions.of(2).withTaskTimeout(TIMEOUT));
        SharedLong pid = LOCAL.sharedLong(0)) {
      AsyncResult<Long> running = pool.applyAsync(PoolFaultTest::publishPidThenSleep, pid);
      awaitCondition("the task published its pid", () -> pid.get() != 0);
      long frozen = pid.get();
      freeze(frozen);
      try {
        AsyncResult<Integer> large =
            promptly(
                "applyAsync of 8 MB",
                () -> pool.applyAsync(PoolFaultTest::length, new byte[8 << 20]));
        List<AsyncResult<Integer>> small = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          int x = i;
          small.add(
              promptly("applyAsync of a small task", () -> pool.applyAsync(TestTasks::inc, x)));
        }
        assertEquals(8 << 20, large.get(WAIT));
        for (int i = 0; i < small.size(); i++) {
          assertEquals(i + 1, small.get(i).get(WAIT));
        }
        assertTimedOut(running);
        awaitReplaced(pool, frozen);
      } finally {
        killIfRunning(frozen);
      }
    }
  }

  @Test
  void workerFrozenWhileSentAMapChunk_mapFailsByItsTimeout_poolGoesOn() throws Exception {
    try (Pool pool = startedPool(PoolOptions.of(2).withTaskTimeout(TIMEOUT))) {
      long frozen = pool.workers().getFirst().pid();
      freeze(frozen);
      try {
        List<byte[]> items = Collections.nCopies(4, new byte[4 << 20]);
        AsyncResult<List<Integer>> map =
            promptly(
                "mapAsync of 4 chunks of 4 MB",
                () -> pool.mapAsync(PoolFaultTest::length, items, 1));
        assertEquals(2, promptly("workers()", pool::workers).size());
        assertEquals(
            42,
            promptly("applyAsync of a small task", () -> pool.applyAsync(TestTasks::inc, 41))
                .get(WAIT));
        assertTimedOut(map);
        awaitReplaced(pool, frozen);
        assertEquals(
            List.of(4 << 20, 4 << 20), pool.map(PoolFaultTest::length, items.subList(0, 2), 1));
      } finally {
        killIfRunning(frozen);
      }
    }
  }

  /* --------------- an initializer that ends its worker --------------- */

  private static void assertBrokenByInitializer(Pool pool, String status) throws Exception {
    AsyncResult<Integer> task;
    try {
      task = pool.applyAsync(TestTasks::inc, 1);
    } catch (BrokenPoolException e) {
      assertMessage(e, status);
      return;
    }
    var e = assertThrows(ExecutionException.class, () -> task.get(WAIT));
    assertInstanceOf(BrokenPoolException.class, e.getCause(), () -> "got " + e.getCause());
    assertMessage(e.getCause(), status);
    var again = assertThrows(BrokenPoolException.class, () -> pool.applyAsync(TestTasks::inc, 1));
    assertMessage(again, status);
    assertTrue(pool.workers().isEmpty(), pool::toString);
  }

  private static void assertMessage(Throwable e, String status) {
    assertTrue(
        Pattern.compile(
                "^the pool's initializer ended its worker: pid=\\d+,"
                    + " worker=PoolWorker-\\d+, status="
                    + Pattern.quote(status))
            .matcher(e.getMessage())
            .find(),
        e.getMessage());
  }

  @Test
  void initializerCallsSystemExit_breaksThePoolWithTheExitCode() throws Exception {
    Pool pool = LOCAL.pool(PoolOptions.of(2).withInitializer(PoolFaultTest::exitInInitializer));
    try {
      assertBrokenByInitializer(pool, "Exited[code=3]");
    } finally {
      pool.terminate();
    }
  }

  @Test
  void initializerHalts_breaksThePoolWithTheExitCode() throws Exception {
    Pool pool = LOCAL.pool(PoolOptions.of(1).withInitializer(PoolFaultTest::haltInInitializer));
    try {
      assertBrokenByInitializer(pool, "Exited[code=5]");
    } finally {
      pool.terminate();
    }
  }

  @Test
  void workerKilledInItsInitializer_breaksThePool() throws Exception {
    Pool pool = startedPool(PoolOptions.of(1).withInitializer(PoolFaultTest::sleepInInitializer));
    try {
      long victim = pool.workers().getFirst().pid();
      AsyncResult<Integer> task = pool.applyAsync(TestTasks::inc, 1);
      signal("KILL", victim);
      var e = assertThrows(ExecutionException.class, () -> task.get(WAIT));
      assertInstanceOf(BrokenPoolException.class, e.getCause(), () -> "got " + e.getCause());
      assertMessage(e.getCause(), "Killed[signal=9]");
      assertFalse(ProcessStates.running(victim));
      assertTrue(pool.workers().isEmpty(), pool::toString);
    } finally {
      pool.terminate();
    }
  }
}
