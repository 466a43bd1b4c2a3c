package dev.multiproc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.BrokenPoolException;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.testing.CapturedOutput;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@link ContextContract} on threads of this JVM, plus what only the threads backend does:
 * its pool options emulated on threads, its timeout that interrupts and abandons a thread.
 */
@ExtendWith(NoLeaksExtension.class)
class ThreadContextContractTest extends ContextContract {
  private static final Duration WAIT = ContractTasks.WAIT;
  private static final ThreadLocal<Integer> INITIALIZED_HERE = ThreadLocal.withInitial(() -> 0);
  private static final CountDownLatch STUCK = new CountDownLatch(1);

  @Override
  Context ctx() {
    return Multiprocessing.threads();
  }

  @Override
  boolean isolated() {
    return false;
  }

  static void initialize() {
    INITIALIZED_HERE.set(INITIALIZED_HERE.get() + 1);
  }

  /** This thread's name, and how many times the initializer ran on it. */
  static String threadName(int ignored) {
    return Thread.currentThread().getName() + " x" + INITIALIZED_HERE.get();
  }

  /** Ignores interrupts until the test lets it go. */
  static int stuck(int x) {
    boolean interrupted = false;
    while (true) {
      try {
        STUCK.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    return interrupted ? -x : x;
  }

  @Test
  void context_byName() {
    assertSame(Multiprocessing.threads(), Multiprocessing.context("threads"));
    assertSame(Multiprocessing.local(), Multiprocessing.context("local"));
    var e = assertThrows(IllegalArgumentException.class, () -> Multiprocessing.context("fork"));
    assertTrue(e.getMessage().contains("\"threads\""), e.getMessage());
  }

  @Test
  void pool_maxTasksPerChild_replacesTheThreadWhichRunsTheInitializerAgain() {
    var options =
        PoolOptions.of(1)
            .withMaxTasksPerChild(2)
            .withInitializer(ThreadContextContractTest::initialize);
    Set<String> threads = new HashSet<>();
    try (Pool pool = ctx().pool(options)) {
      for (int i = 0; i < 6; i++) {
        threads.add(pool.apply(ThreadContextContractTest::threadName, i));
      }
    }
    assertEquals(3, threads.size(), threads::toString); // a new thread every 2 tasks
    assertTrue(threads.stream().allMatch(t -> t.endsWith(" x1")), threads::toString);
  }

  @Test
  void pool_initializerThatThrows_breaksThePool() throws Exception {
    var options = PoolOptions.of(1).withInitializer(ContractTasks::fail);
    try (Pool pool = ctx().pool(options)) {
      BrokenPoolException broken;
      try {
        AsyncResult<Integer> r = pool.applyAsync(ContractTasks::square, 2);
        var e = assertThrows(ExecutionException.class, () -> r.get(WAIT));
        broken = assertInstanceOf(BrokenPoolException.class, e.getCause());
      } catch (BrokenPoolException e) {
        broken = e; // the initializer failed before the submit: refused at once
      }
      assertInstanceOf(IllegalStateException.class, broken.getCause());
    }
  }

  @Test
  void pool_taskTimeout_abandonsAThreadThatIgnoresInterrupts() throws Exception {
    Pool pool = ctx().pool(PoolOptions.of(1).withTaskTimeout(Duration.ofMillis(200)));
    AsyncResult<Integer> stuck = pool.applyAsync(ThreadContextContractTest::stuck, 1);
    var e = assertThrows(ExecutionException.class, () -> stuck.get(WAIT));
    var timeout = assertInstanceOf(TaskTimeoutException.class, e.getCause());
    assertTrue(timeout.getMessage().contains("interrupted and replaced"), timeout.getMessage());
    assertEquals(9, pool.apply(ContractTasks::square, 3)); // a new thread took its place
    pool.close(); // does not wait for the abandoned thread (the test would time out)
    STUCK.countDown();
  }

  @Test
  void process_uncaughtException_printsItsStackTraceToStderr() throws Exception {
    try (var output = new CapturedOutput()) {
      ChildProcess p = ctx().process(ContractTasks::fail).name("Loud").start();
      assertTrue(p.join(WAIT));
      assertEquals(1, p.exitCode().orElseThrow());
      assertTrue(output.err().contains("Process Loud (thread):"), output::err);
      assertTrue(output.err().contains("failing on purpose"), output::err);
      assertEquals(List.of(), Multiprocessing.activeChildren()); // threads are not listed
    }
  }
}
