package dev.multiproc.pool;

import static dev.multiproc.function.Args2.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.function.Args3;
import dev.multiproc.process.ProcessInfo;
import dev.multiproc.sync.Event;
import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.TestTasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Pool} across real worker JVMs; one pool shared by the tests that do not stop it. */
@ExtendWith(NoLeaksExtension.class)
class PoolTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static Pool pool;

  @BeforeAll
  static void startPool() {
    pool = Multiprocessing.local().pool(2);
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  static boolean amIDaemon(int ignored) {
    return Multiprocessing.currentProcess().daemon();
  }

  @Test
  void currentProcess_inPoolWorker_isADaemon() {
    assertTrue(pool.apply(PoolTest::amIDaemon, 0));
    assertTrue(pool.workers().stream().allMatch(ProcessInfo::daemon), pool.workers()::toString);
  }

  @Test
  void mapAsync_withCallbacks_callsOneOnceBeforeTheResultIsReady() throws Exception {
    var got = new java.util.concurrent.CopyOnWriteArrayList<Object>();
    AsyncResult<List<Integer>> ok =
        pool.mapAsync(
            x -> x * x, range(5), results -> got.add(results), e -> got.add("error " + e));
    assertEquals(List.of(0, 1, 4, 9, 16), ok.get(WAIT));
    assertEquals(List.of(List.of(0, 1, 4, 9, 16)), got, "callback ran before the result was ready");
    got.clear();
    AsyncResult<List<Integer>> bad =
        pool.starmapAsync(
            (Integer a, Integer b) -> a / b,
            List.of(args(1, 1), args(1, 0)),
            results -> got.add(results),
            e -> got.add(e.getClass().getSimpleName()));
    var e = assertThrows(ExecutionException.class, () -> bad.get(WAIT));
    assertInstanceOf(ArithmeticException.class, e.getCause());
    assertEquals(List.of("ArithmeticException"), got);
    got.clear();
    assertEquals(
        List.of(3),
        pool.starmapAsync((Integer a, Integer b) -> a + b, List.of(args(1, 2)), got::add, got::add)
            .get(WAIT));
    assertEquals(List.of(List.of(3)), got);
  }

  static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  /** Set in workers by an initializer. */
  static volatile String initialized = "no";

  static void initialize(String value) {
    initialized = value;
  }

  static String readInitialized(int ignored) {
    return initialized;
  }

  /* --------------- apply --------------- */

  @Test
  void apply_function_returnsResultFromAnotherProcess() {
    assertEquals(101, pool.apply(TestTasks::inc, 100));
    long workerPid = pool.apply(TestTasks::pid, 1);
    assertNotEquals(ProcessHandle.current().pid(), workerPid);
    assertTrue(pool.workers().stream().anyMatch(w -> w.pid() == workerPid), pool::toString);
  }

  @Test
  void apply_capturingLambda_capturedValueTravels() {
    int offset = 1000;
    assertEquals(1007, (int) pool.apply((Integer x) -> x + offset, 7));
    assertEquals("pool", pool.apply(() -> "po" + "ol"));
  }

  @Test
  void applyAsync_callbacks_calledWithResultOrError() throws Exception {
    var got = new CompletableFuture<Integer>();
    var failed = new CompletableFuture<Throwable>();
    AsyncResult<Integer> ok =
        pool.applyAsync(TestTasks::square, 12, got::complete, failed::complete);
    assertEquals(144, ok.get(WAIT));
    assertEquals(144, got.get());
    assertTrue(ok.ready());
    assertTrue(ok.successful());

    var got2 = new CompletableFuture<Integer>();
    var failed2 = new CompletableFuture<Throwable>();
    AsyncResult<Integer> bad =
        pool.applyAsync(TestTasks::throwIllegalState, 5, got2::complete, failed2::complete);
    assertTrue(bad.await(WAIT));
    assertFalse(bad.successful());
    assertInstanceOf(IllegalStateException.class, failed2.get());
    assertFalse(got2.isDone());
  }

  @Test
  void applyAsync_callback_hasRunWhenResultIsReady() throws Exception {
    var seen = new java.util.concurrent.atomic.AtomicReference<Integer>();
    AsyncResult<Integer> r =
        pool.applyAsync(
            TestTasks::square,
            5,
            v -> {
              TestTasks.sleep(50);
              seen.set(v);
            },
            e -> {});
    assertEquals(25, r.get(WAIT));
    assertEquals(25, seen.get());
  }

  @Test
  void asyncResult_getWithTimeout_throwsTimeoutThenSucceeds() throws Exception {
    AsyncResult<Long> r = pool.applyAsync(TestTasks::sleep, 500L);
    assertThrows(TimeoutException.class, () -> r.get(Duration.ofMillis(10)));
    assertFalse(r.ready());
    assertThrows(IllegalStateException.class, r::successful);
    assertEquals(500L, r.get(WAIT));
  }

  @Test
  void apply_taskThrows_rethrowsSameTypeWithRemoteTraceback() {
    var e =
        assertThrows(
            IllegalStateException.class, () -> pool.apply(TestTasks::throwIllegalState, 3));
    assertEquals("boom: 3", e.getMessage());
    var trace = assertInstanceOf(RemoteTraceback.class, e.getCause());
    assertTrue(trace.getMessage().contains("task failed in worker pid="), trace.getMessage());
    assertTrue(trace.traceback().contains("TestTasks.throwIllegalState"), trace.traceback());
    assertTrue(pool.workers().stream().anyMatch(w -> w.pid() == trace.pid()));
  }

  @Test
  void applyAsync_behindALongTask_runsOnTheOtherWorker() throws Exception {
    Pool p = Multiprocessing.local().pool(2);
    try {
      AsyncResult<Long> longOne = p.applyAsync(TestTasks::sleep, 60_000L);
      AsyncResult<Integer> quick = p.applyAsync(TestTasks::inc, 1);
      assertEquals(2, quick.get(Duration.ofSeconds(10))); // not stuck behind the long one
      assertFalse(longOne.ready());
    } finally {
      p.terminate();
    }
  }

  /* --------------- map --------------- */

  @Test
  void map_defaultChunks_resultsInOrder() {
    List<Integer> in = range(1000);
    assertEquals(in.stream().map(x -> x * x).toList(), pool.map(TestTasks::square, in));
    assertEquals(List.of(), pool.map(TestTasks::square, List.of()));
  }

  @Test
  void map_chunksizeOne_usesBothWorkers() {
    List<Long> pids = pool.map(TestTasks::pid, List.of(1, 2, 3, 4, 5, 6, 7, 8), 1);
    assertEquals(8, pids.size());
    assertTrue(new HashSet<>(pids).size() >= 1);
    assertFalse(pids.contains(ProcessHandle.current().pid()));
  }

  @Test
  void map_chunksizeZero_throwsWithValue() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> pool.map(TestTasks::square, List.of(1), 0));
    assertEquals("chunksize must be at least 1: chunksize=0", e.getMessage());
  }

  @Test
  void mapAsync_oneItemFails_failsWholeMapWithItsException() {
    AsyncResult<List<Integer>> r =
        pool.mapAsync(x -> x == 7 ? TestTasks.throwIllegalState(x) : x, range(20), 2);
    var e = assertThrows(ExecutionException.class, () -> r.get(WAIT));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals("boom: 7", e.getCause().getMessage());
  }

  @Test
  void starmap_pairsAndTriples() {
    assertEquals(
        List.of(8, 27),
        pool.starmap(
            (Integer b, Integer e) -> (int) Math.pow(b, e), List.of(args(2, 3), args(3, 3))));
    assertEquals(
        List.of(6, 15),
        pool.starmap(
            (Integer a, Integer b, Integer c) -> a + b + c,
            List.of(Args3.args(1, 2, 3), Args3.args(4, 5, 6))));
  }

  /* --------------- imap --------------- */

  @Test
  void imap_resultsInInputOrder() {
    List<Integer> out = new ArrayList<>();
    for (int r : pool.imap(TestTasks::square, range(50), 3)) {
      out.add(r);
    }
    assertEquals(range(50).stream().map(x -> x * x).toList(), out);
  }

  @Test
  void imapUnordered_allResultsSomeOrder() {
    Set<Integer> out = new HashSet<>();
    pool.imapUnordered(TestTasks::square, range(40)).forEachRemaining(out::add);
    assertEquals(new HashSet<>(range(40).stream().map(x -> x * x).toList()), out);
  }

  @Test
  void imap_endlessInput_readsOnlyABoundedWindowAhead() {
    var read = new AtomicInteger();
    Iterable<Integer> endless =
        () ->
            new Iterator<>() {
              @Override
              public boolean hasNext() {
                return true;
              }

              @Override
              public Integer next() {
                return read.incrementAndGet();
              }
            };
    try (ResultIterator<Integer> results = pool.imap(TestTasks::inc, endless, 2)) {
      for (int i = 1; i <= 100; i++) {
        assertEquals(i + 1, results.next());
      }
      // window: 16 chunks (2 x pipeline depth 4 x 2 workers) of 2 items ahead of what was used
      assertTrue(read.get() <= 100 + 16 * 2 + 2, "read " + read.get() + " items for 100");
    }
  }

  @Test
  void imap_nextWithTimeout_throwsTimeoutAndStaysUsable() throws Exception {
    ResultIterator<Long> it = pool.imap(TestTasks::sleep, List.of(400L));
    assertThrows(TimeoutException.class, () -> it.next(Duration.ofMillis(10)));
    assertEquals(400L, it.next(WAIT));
    assertFalse(it.hasNext());
  }

  @Test
  void imap_taskThrows_nextRethrows() {
    ResultIterator<Integer> it =
        pool.imap(x -> x == 2 ? TestTasks.throwIllegalState(x) : x, List.of(1, 2, 3));
    assertEquals(1, it.next());
    assertThrows(IllegalStateException.class, it::next);
  }

  /* --------------- options and lifecycle --------------- */

  @Test
  void initializer_runsInEachWorkerBeforeTasks() {
    try (Pool p =
        Multiprocessing.local().pool(PoolOptions.of(2).withInitializer(() -> initialize("yes")))) {
      assertEquals(
          List.of("yes", "yes", "yes", "yes"),
          p.map(PoolTest::readInitialized, List.of(1, 2, 3, 4), 1));
    }
    assertEquals("no", initialized);
  }

  @Test
  void initializer_throws_poolIsBrokenWithTheCause() {
    try (Pool p =
        Multiprocessing.local()
            .pool(
                PoolOptions.of(1)
                    .withInitializer(
                        () -> {
                          throw new IllegalArgumentException("bad init");
                        }))) {
      var e = assertThrows(BrokenPoolException.class, () -> p.apply(TestTasks::inc, 1));
      assertTrue(e.getMessage().contains("bad init"), e.getMessage());
      assertThrows(BrokenPoolException.class, () -> p.applyAsync(TestTasks::inc, 1));
    }
  }

  @Test
  void maxTasksPerChild_workersReplacedAfterLimit() {
    try (Pool p = Multiprocessing.local().pool(PoolOptions.of(1).withMaxTasksPerChild(2))) {
      List<Long> pids = p.map(TestTasks::pid, List.of(1, 2, 3, 4, 5, 6), 1);
      assertEquals(3, new HashSet<>(pids).size(), pids.toString());
      assertEquals(pids.get(0), pids.get(1));
      assertNotEquals(pids.get(1), pids.get(2));
    }
  }

  @Test
  void workers_namedPoolWorker() {
    String name = pool.apply(TestTasks::processName, 0);
    assertTrue(name.startsWith("PoolWorker-"), name);
  }

  @Test
  void close_finishesQueuedTasksThenRejectsNewOnes() throws Exception {
    Pool p = Multiprocessing.local().pool(2);
    AsyncResult<Long> queued = p.applyAsync(TestTasks::sleep, 300L);
    p.close();
    assertEquals(300L, queued.get());
    var e = assertThrows(IllegalStateException.class, () -> p.apply(TestTasks::inc, 1));
    assertEquals("Pool not running: it was closed or terminated", e.getMessage());
    p.join();
    assertTrue(p.workers().isEmpty());
  }

  @Test
  void terminate_cancelsUnfinishedTasks() throws Exception {
    Pool p = Multiprocessing.local().pool(1);
    try (Event started = Multiprocessing.local().event()) {
      AsyncResult<Long> running = p.applyAsync(PoolTest::startThenSleep, started);
      AsyncResult<Long> waiting = p.applyAsync(TestTasks::sleep, 60_000L);
      // one task runs in the worker, the other waits behind it: terminate meets both
      assertTrue(started.await(WAIT), "the first task never started in the worker");
      assertFalse(waiting.ready());
      p.terminate();
      p.join();
      assertThrows(CancellationException.class, () -> running.get(WAIT));
      assertThrows(CancellationException.class, () -> waiting.get(WAIT));
    }
  }

  /** Says it runs, then sleeps a minute: only terminate ends it in time. */
  static long startThenSleep(Event started) {
    started.set();
    return TestTasks.sleep(60_000L);
  }

  private static List<Long> startAndDropPool() {
    Pool dropped = Multiprocessing.local().pool(1);
    dropped.apply(TestTasks::inc, 1);
    return dropped.workers().stream().map(w -> w.pid()).toList();
  }

  @Test
  void pool_droppedWithoutClose_itsWorkersExit() throws Exception {
    List<Long> pids = startAndDropPool();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (pids.stream().anyMatch(dev.multiproc.testing.ProcessStates::running)
        && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(100);
    }
    assertFalse(
        pids.stream().anyMatch(dev.multiproc.testing.ProcessStates::running),
        "workers of a dropped pool still run: " + pids);
  }

  @Test
  void join_whileRunning_throws() {
    try (Pool p = Multiprocessing.local().pool(1)) {
      var e = assertThrows(IllegalStateException.class, p::join);
      assertEquals("Pool is still running: call close() or terminate() first", e.getMessage());
    }
  }

  @Test
  void options_invalid_throwWithValues() {
    var e = assertThrows(IllegalArgumentException.class, () -> PoolOptions.of(0));
    assertEquals("processes must be at least 1: processes=0", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> PoolOptions.of(1).withMaxTasksPerChild(-1));
    assertEquals("maxTasksPerChild must not be negative: maxTasksPerChild=-1", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PoolOptions.of(1).withTaskTimeout(Duration.ofSeconds(-1)));
    assertEquals("taskTimeout must not be negative: taskTimeout=PT-1S", e.getMessage());
  }
}
