package dev.multiproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.internal.spawn.SpareWorkers;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.ProcessInfo;
import dev.multiproc.sync.Event;
import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.ProcessCensus;
import dev.multiproc.testing.TestTasks;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A closed pool's idle workers wait for the next pool with the same JVM options, and what may and
 * may not be reused: fresh workers on request, a pool with an initializer or a task limit, a
 * worker whose tasks left a process running, a {@code ChildProcess}. Real worker JVMs; the pids
 * tell which JVM ran what.
 */
@ExtendWith(NoLeaksExtension.class)
class WorkerReuseTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Set by {@link #remember} in a worker; what a reused worker keeps (documented). */
  private static String remembered = "";

  private final Context ctx = Multiprocessing.local();

  static String remember(String value) {
    String before = remembered;
    remembered = value;
    return before;
  }

  static long startSleep(Object ignored) {
    try {
      return new ProcessBuilder("sleep", "120").start().pid();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static long startThread(Object ignored) {
    Thread t = new Thread(() -> TestTasks.sleep(120_000), "left-running");
    t.setDaemon(false);
    t.start();
    return ProcessHandle.current().pid();
  }

  /** Starts and joins a child process of its own: the worker then has worker JVMs of its own. */
  static long startAChildProcess(Object ignored) {
    try {
      ChildProcess child = Multiprocessing.local().process(TestTasks::sleep, 0L).start();
      child.join();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return ProcessHandle.current().pid();
  }

  static String awaitEvent(Event e) throws InterruptedException {
    e.await();
    return "done";
  }

  @BeforeEach
  void noKeptWorkers() throws InterruptedException {
    assertTrue(SpareWorkers.get().awaitPlacements(WAIT.toMillis()));
    SpareWorkers.get().releaseKept();
  }

  /** Runs a task on each of the pool's workers, then returns their pids once all are up. */
  private static Set<Long> pidsOf(Pool pool) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (pool.workers().size() < pool.processes()) {
      assertTrue(System.nanoTime() < deadline, "the pool's workers did not start");
      Thread.sleep(10);
    }
    Set<Long> pids = new HashSet<>();
    for (ProcessInfo w : pool.workers()) {
      pids.add(w.pid());
    }
    return pids;
  }

  private static void assertAllGone(Set<Long> pids, String what) throws InterruptedException {
    assertTrue(
        ProcessCensus.awaitAllGone(pids, WAIT),
        () -> what + " still run: " + ProcessCensus.describeRunning(pids));
  }

  @Test
  void secondPool_getsTheClosedPoolsWorkers() throws Exception {
    Set<Long> first;
    try (Pool pool = ctx.pool(2)) {
      first = pidsOf(pool);
      assertEquals(List.of(1, 4), pool.map(TestTasks::square, List.of(1, 2)));
    }
    assertEquals(first, new HashSet<>(SpareWorkers.get().keptPids()));
    try (Pool pool = ctx.pool(2)) {
      assertEquals(first, pidsOf(pool));
      assertEquals(List.of(9, 16), pool.map(TestTasks::square, List.of(3, 4)));
      assertEquals("PoolWorker", pool.apply(TestTasks::processName, 0).replaceAll("-\\d+$", ""));
    }
  }

  @Test
  void reusedWorker_keepsStaticFields_freshWorkerDoesNot() throws Exception {
    try (Pool pool = ctx.pool(1)) {
      assertEquals("", pool.apply(WorkerReuseTest::remember, "first pool"));
    }
    try (Pool pool = ctx.pool(1)) {
      assertEquals("first pool", pool.apply(WorkerReuseTest::remember, "second pool"));
    }
    try (Pool pool = ctx.pool(PoolOptions.of(1).withFreshWorkers(true))) {
      assertEquals("", pool.apply(WorkerReuseTest::remember, "fresh pool"));
    }
  }

  @Test
  void freshWorkers_areNeitherTakenFromNorGivenBackToTheKept() throws Exception {
    Set<Long> kept;
    try (Pool pool = ctx.pool(2)) {
      kept = pidsOf(pool);
    }
    Set<Long> fresh;
    try (Pool pool = ctx.pool(PoolOptions.of(2).withFreshWorkers(true))) {
      fresh = pidsOf(pool);
      assertEquals(2L, (long) pool.apply(TestTasks::inc, 1));
    }
    assertTrue(Collections.disjoint(kept, fresh), () -> kept + " reused in " + fresh);
    assertAllGone(fresh, "the workers of a pool with fresh workers, after close,");
    assertEquals(kept, new HashSet<>(SpareWorkers.get().keptPids()));
  }

  @Test
  void poolWithAnInitializerOrATaskLimit_hasFreshWorkers() throws Exception {
    Set<Long> kept;
    try (Pool pool = ctx.pool(2)) {
      kept = pidsOf(pool);
    }
    for (PoolOptions options :
        List.of(
            PoolOptions.of(2).withInitializer(() -> remember("initialized")),
            PoolOptions.of(2).withMaxTasksPerChild(100))) {
      Set<Long> pids;
      try (Pool pool = ctx.pool(options)) {
        pids = pidsOf(pool);
        assertEquals(2L, (long) pool.apply(TestTasks::inc, 1));
      }
      assertTrue(Collections.disjoint(kept, pids), () -> kept + " reused in " + pids);
      assertAllGone(pids, "the workers of " + options + ", after close,");
    }
    assertEquals(kept, new HashSet<>(SpareWorkers.get().keptPids()));
  }

  @Test
  void workerWhoseTaskLeftAProcessRunning_isNotKept_andTheProcessEnds() throws Exception {
    long worker;
    long sleep;
    try (Pool pool = ctx.pool(1)) {
      worker = pidsOf(pool).iterator().next();
      sleep = pool.apply(WorkerReuseTest::startSleep, 0);
    }
    assertFalse(SpareWorkers.get().keptPids().contains(worker));
    assertAllGone(Set.of(worker, sleep), "the worker and the sleep its task left");
  }

  @Test
  void workerWhoseTaskLeftAThreadRunning_isNotKept() throws Exception {
    long worker = closedPoolWhoseTaskRan(WorkerReuseTest::startThread);
    assertFalse(SpareWorkers.get().keptPids().contains(worker));
    assertAllGone(Set.of(worker), "the worker whose task left a thread running");
  }

  /**
   * A closed pool hands its workers back as soon as their release is sent, and the next pool
   * sends its tasks behind it: a worker that then ends instead of leaving (its task left a thread
   * running) ran none of them, and they run elsewhere, not failed.
   */
  @Test
  void nextPoolAtOnce_whenAHandedBackWorkerEndsInstead_itsTasksRunElsewhere() throws Exception {
    long worker = closedPoolWhoseTaskRan(WorkerReuseTest::startThread);
    try (Pool pool = ctx.pool(1)) {
      List<Long> pids = pool.map(TestTasks::pid, List.of(1, 2, 3), 1);
      assertEquals(3, pids.size());
      assertFalse(pids.contains(worker), () -> "ran in the worker that ended: " + pids);
      assertEquals(2, (int) pool.apply(TestTasks::inc, 1));
    }
    assertAllGone(Set.of(worker), "the worker whose task left a thread running");
  }

  @Test
  void workerWhoseTaskStartedAProcessOfItsOwn_isNotKept() throws Exception {
    long worker = closedPoolWhoseTaskRan(WorkerReuseTest::startAChildProcess);
    assertFalse(SpareWorkers.get().keptPids().contains(worker));
    assertAllGone(Set.of(worker), "the worker whose task started worker JVMs of its own");
  }

  /**
   * Runs {@code task}, which returns its worker's pid and leaves something running there, in a
   * {@code Pool(1)}, and closes the pool.
   *
   * @return the worker's pid
   */
  private long closedPoolWhoseTaskRan(SerializableFunction<Object, Long> task) throws Exception {
    try (Pool pool = ctx.pool(1)) {
      long worker = pidsOf(pool).iterator().next();
      assertEquals(worker, (long) pool.apply(task, 0));
      return worker;
    }
  }

  @Test
  void childProcess_neverGetsAWorkerThatRanAPool() throws Exception {
    Set<Long> kept;
    try (Pool pool = ctx.pool(2)) {
      kept = pidsOf(pool);
    }
    ChildProcess child = ctx.process(TestTasks::sleep, 0L).start();
    long pid = child.pid().orElseThrow();
    assertTrue(child.join(WAIT));
    assertFalse(kept.contains(pid), () -> "child " + pid + " ran in a kept pool worker " + kept);
    assertEquals(kept, new HashSet<>(SpareWorkers.get().keptPids()));
  }

  @Test
  void executor_awaitTermination_waitsForTheTasksNotForTheJvms() throws Exception {
    Set<Long> pids;
    try (Event go = ctx.event()) {
      ProcessPoolExecutor ex = ctx.executor(2);
      Future<String> running = ex.submit(() -> awaitEvent(go));
      ex.shutdown();
      assertFalse(ex.awaitTermination(200, TimeUnit.MILLISECONDS), "a task still runs");
      assertFalse(ex.isTerminated());
      go.set();
      assertTrue(ex.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS));
      assertTrue(ex.isTerminated());
      assertEquals("done", running.resultNow());
      ex.close();
      pids = new HashSet<>(SpareWorkers.get().keptPids());
    }
    assertFalse(pids.isEmpty(), "the executor's workers were not kept");
    assertTrue(
        pids.stream().allMatch(dev.multiproc.testing.ProcessStates::running), pids::toString);
  }

  @Test
  void releaseKept_endsTheKeptWorkers() throws Exception {
    Set<Long> kept;
    try (Pool pool = ctx.pool(2)) {
      kept = pidsOf(pool);
    }
    SpareWorkers.get().releaseKept();
    assertTrue(SpareWorkers.get().keptPids().isEmpty());
    assertAllGone(kept, "released kept workers");
  }
}
