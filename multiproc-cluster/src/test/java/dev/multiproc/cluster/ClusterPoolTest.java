package dev.multiproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.function.Args2;
import dev.multiproc.function.SerializableCallable;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.pool.RemoteTraceback;
import dev.multiproc.pool.ResultIterator;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.pool.WorkerDiedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool on a real cluster: two members in their own JVMs on 127.0.0.1 (two workers each), and
 * this JVM as a client. Slow (members and their workers start once for the class: ~10–20 s).
 */
@Timeout(180)
class ClusterPoolTest {
  private static TestCluster cluster;
  private static Set<Long> memberPids;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.start(ClusterPoolTest.class, 2, 2);
    memberPids = new HashSet<>();
    cluster.nodes.forEach(n -> memberPids.add(n.pid()));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  @Test
  void mapSpreadsTasksOverBothMembers() {
    try (Pool pool = cluster.client.pool()) {
      assertEquals(4, pool.processes(), "two members with two workers each");
      List<Long> pids = pool.map(ClusterTestTasks::memberPid, range(24), 1);
      assertEquals(24, pids.size());
      assertEquals(memberPids, new HashSet<>(pids), "both members ran tasks");
      assertEquals(
          range(50).stream().map(x -> x * x).toList(),
          pool.map(ClusterTestTasks::square, range(50)),
          "results in input order");
    }
  }

  @Test
  void applyAsyncStarmapAndImapReturnResults() throws Exception {
    try (Pool pool = cluster.client.pool(3)) {
      AsyncResult<Integer> r = pool.applyAsync(ClusterTestTasks::square, 12);
      assertEquals(144, r.get(TestCluster.timeout()));
      assertEquals(49, pool.apply(ClusterTestTasks::square, 7));
      assertEquals(
          List.of(7, 12), pool.starmap(Integer::sum, List.of(Args2.args(3, 4), Args2.args(5, 7))));

      List<Integer> ordered = new ArrayList<>();
      try (ResultIterator<Integer> it = pool.imap(ClusterTestTasks::square, range(30), 2)) {
        it.forEachRemaining(ordered::add);
      }
      assertEquals(range(30).stream().map(x -> x * x).toList(), ordered);

      Set<Integer> unordered = new HashSet<>();
      try (ResultIterator<Integer> it = pool.imapUnordered(ClusterTestTasks::square, range(30))) {
        it.forEachRemaining(unordered::add);
      }
      assertEquals(new HashSet<>(ordered), unordered);
    }
  }

  @Test
  void imapOfAnEndlessInputIsLazy() {
    try (Pool pool = cluster.client.pool(2)) {
      Iterable<Integer> endless = () -> IntStream.iterate(0, i -> i + 1).iterator();
      ResultIterator<Integer> it = pool.imap(ClusterTestTasks::square, endless);
      for (int i = 0; i < 20; i++) {
        assertEquals(i * i, it.next());
      }
      it.close();
    }
  }

  @Test
  void aTaskThatThrowsFailsWithItsOwnExceptionAndTrace() {
    try (Pool pool = cluster.client.pool()) {
      var e =
          assertThrows(
              IllegalStateException.class,
              () -> pool.apply(ClusterTestTasks::fail, "boom on the cluster"));
      assertEquals("boom on the cluster", e.getMessage());
      var trace = assertInstanceOf(RemoteTraceback.class, e.getCause());
      assertTrue(trace.traceback().contains("ClusterTestTasks.fail"), trace.traceback());
      assertTrue(
          trace.getMessage().contains("ClusterWorker@127.0.0.1:"),
          "the worker's name names its member: " + trace.getMessage());
    }
  }

  @Test
  void aTaskThatExitsItsWorkerFailsAloneAndTheMembersGoOn() throws Exception {
    try (Pool pool = cluster.client.pool()) {
      AsyncResult<Integer> dying = pool.applyAsync(ClusterTestTasks::exit, 3);
      var e = assertThrows(ExecutionException.class, () -> dying.get(TestCluster.timeout()));
      var died = assertInstanceOf(WorkerDiedException.class, e.getCause());
      assertTrue(died.getMessage().contains("ClusterWorker@127.0.0.1:"), died.getMessage());

      List<Long> pids = pool.map(ClusterTestTasks::memberPid, range(24), 1);
      assertEquals(memberPids, new HashSet<>(pids), "both members still run tasks");
      cluster.nodes.forEach(n -> assertTrue(n.process().isAlive(), "member " + n.address()));
    }
  }

  @Test
  void aTaskPastItsTimeoutFailsWithTaskTimeoutNamingItsMember() throws Exception {
    try (Pool pool =
        cluster.client.pool(PoolOptions.of(2).withTaskTimeout(Duration.ofSeconds(1)))) {
      AsyncResult<Long> slow = pool.applyAsync(ClusterTestTasks::sleepThenMemberPid, 30_000);
      var e = assertThrows(ExecutionException.class, () -> slow.get(TestCluster.timeout()));
      var timedOut = assertInstanceOf(TaskTimeoutException.class, e.getCause());
      assertTrue(timedOut.getMessage().contains("its worker was killed"), timedOut.getMessage());
      assertTrue(timedOut.getMessage().contains("on member 127.0.0.1:"), timedOut.getMessage());
      assertEquals(9, pool.apply(ClusterTestTasks::square, 3), "the pool goes on");
    }
  }

  @Test
  void perPoolJvmOptions_areRefusedWithTheReason() {
    var e =
        assertThrows(
            UnsupportedOperationException.class,
            () ->
                cluster.client.pool(
                    PoolOptions.of(2)
                        .withJvm(dev.multiproc.process.JvmOptions.defaults().withMaxHeap("1g"))));
    assertTrue(e.getMessage().contains("per-pool JVM options"), e.getMessage());
  }

  @Test
  void theExecutorRunsTasksOnTheMembers() throws Exception {
    try (ProcessPoolExecutor executor = cluster.client.executor(4)) {
      assertEquals(4, executor.processes());
      CompletableFuture<Long> pid = executor.submit(() -> ClusterTestTasks.memberPid(0));
      assertTrue(memberPids.contains(pid.get(60, TimeUnit.SECONDS)));
      assertEquals(81, executor.submit(ClusterTestTasks::square, 9).get(60, TimeUnit.SECONDS));

      List<Integer> mapped = new ArrayList<>();
      executor
          .map(ClusterTestTasks::square, range(20), Duration.ofSeconds(60), 3)
          .forEachRemaining(mapped::add);
      assertEquals(range(20).stream().map(x -> x * x).toList(), mapped);

      List<Callable<Long>> calls = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        calls.add((SerializableCallable<Long>) () -> ClusterTestTasks.memberPid(0));
      }
      Set<Long> ran = new HashSet<>();
      for (Future<Long> f : executor.invokeAll(calls)) {
        ran.add(f.get());
      }
      assertEquals(memberPids, ran, "invokeAll spreads over both members");

      var failed = executor.submit(ClusterTestTasks::fail, "executor boom");
      var e = assertThrows(ExecutionException.class, () -> failed.get(60, TimeUnit.SECONDS));
      assertInstanceOf(IllegalStateException.class, e.getCause());
      assertEquals("executor boom", e.getCause().getMessage());
    }
  }

  @Test
  void shutdownNowReturnsTheTasksNeverSentAndCancelsTheRest(@TempDir Path dir) throws Exception {
    ProcessPoolExecutor executor = cluster.client.executor(2);
    List<Future<Long>> futures = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      futures.add(
          executor.submit(ClusterTestTasks::markThenSleepThenMemberPid, dir + "|" + i + "|30000"));
    }
    ClusterTestTasks.awaitStarted(dir, 2); // two run now, four wait
    List<Runnable> neverStarted = executor.shutdownNow();
    assertEquals(4, neverStarted.size(), "two ran (the limit), four waited");
    assertTrue(executor.awaitTermination(60, TimeUnit.SECONDS));
    assertTrue(executor.isTerminated());
    futures.forEach(f -> assertTrue(f.isCancelled(), "every task was cancelled"));
    assertThrows(
        RejectedExecutionException.class, () -> executor.submit(ClusterTestTasks::square, 1));
  }

  @Test
  void initializer_runsOncePerWorkerBeforeThePoolsFirstTaskThere() throws Exception {
    String tag = "init-" + System.nanoTime();
    var options = PoolOptions.of(4).withInitializer(() -> ClusterTestTasks.initialize(tag));
    try (Pool pool = cluster.client.pool(options)) {
      List<String> runs = pool.map(i -> ClusterTestTasks.initializedRuns(tag), range(24), 1);
      Set<String> pids = new HashSet<>();
      for (String r : runs) {
        String[] pidAndCount = r.split(":");
        assertEquals("1", pidAndCount[1], () -> "the initializer ran more than once: " + runs);
        pids.add(pidAndCount[0]);
      }
      assertTrue(pids.size() >= 2, () -> "tasks ran on one worker only: " + runs);
    }
    var refused =
        assertThrows(
            UnsupportedOperationException.class,
            () -> cluster.client.pool(PoolOptions.of(2).withMaxTasksPerChild(5)));
    assertTrue(
        refused.getMessage().startsWith("maxTasksPerChild=5 is not on the cluster backend"),
        refused.getMessage());
  }
}
