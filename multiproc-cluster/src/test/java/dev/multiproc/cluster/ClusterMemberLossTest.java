package dev.multiproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members killed mid-task: three members in their own JVMs on 127.0.0.1, one worker each, this
 * JVM a client. The first test kills one member (its task fails, naming it; the others finish;
 * the pool goes on), the second kills another under {@link MemberLoss#RERUN} (its task runs again
 * on the last member). Slow: ~30 s.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterMemberLossTest {
  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.start(ClusterMemberLossTest.class, 1, 1, 1);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Set<Long> pids(List<TestCluster.Node> nodes) {
    Set<Long> pids = new HashSet<>();
    nodes.forEach(n -> pids.add(n.pid()));
    return pids;
  }

  /** Runs one quick task per worker, so every member's worker JVM is up. */
  private static void warmUp(Pool pool, int members) {
    Set<Long> ran =
        new HashSet<>(
            pool.map(
                ClusterTestTasks::memberPid, IntStream.range(0, 4 * members).boxed().toList(), 1));
    assertEquals(members, ran.size(), "every member ran a task: " + ran);
  }

  @Test
  @Order(1)
  void aKilledMemberFailsOnlyItsTasksNamingItAndThePoolGoesOn(@TempDir Path dir) throws Exception {
    TestCluster.Node victim = cluster.nodes.get(1);
    List<TestCluster.Node> survivors = List.of(cluster.nodes.get(0), cluster.nodes.get(2));
    try (Pool pool = cluster.client.pool()) {
      warmUp(pool, 3);
      List<AsyncResult<Long>> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) { // one per member: each has one worker
        results.add(
            pool.applyAsync(ClusterTestTasks::markThenSleepThenMemberPid, dir + "|" + i + "|4000"));
      }
      List<Long> running = ClusterTestTasks.awaitStarted(dir, 3);
      assertTrue(running.contains(victim.pid()), "no task runs on the victim: " + running);
      cluster.kill(victim);

      List<Long> values = new ArrayList<>();
      List<MemberLostException> lost = new ArrayList<>();
      for (AsyncResult<Long> r : results) {
        try {
          values.add(r.get(TestCluster.timeout()));
        } catch (ExecutionException e) {
          lost.add(assertInstanceOf(MemberLostException.class, e.getCause()));
        }
      }
      assertEquals(1, lost.size(), "only the task on the killed member fails: " + lost);
      assertEquals(victim.address(), lost.get(0).member());
      assertTrue(lost.get(0).getMessage().contains(victim.address()), lost.get(0).getMessage());
      assertEquals(pids(survivors), new HashSet<>(values), "the others finished");

      Set<Long> after =
          new HashSet<>(
              pool.map(ClusterTestTasks::memberPid, IntStream.range(0, 12).boxed().toList(), 1));
      assertEquals(pids(survivors), after, "the pool goes on with the other members");
      assertEquals(2, pool.processes());
    }
  }

  @Test
  @Order(2)
  void underRerunAKilledMembersTaskRunsAgainOnAnother(@TempDir Path dir) throws Exception {
    TestCluster.Node victim = cluster.nodes.get(2);
    TestCluster.Node last = cluster.nodes.get(0);
    assertFalse(cluster.nodes.get(1).process().isAlive(), "the first test killed member 1");
    try (Pool pool = cluster.client.pool(PoolOptions.of(2), MemberLoss.RERUN)) {
      warmUp(pool, 2);
      List<AsyncResult<Long>> results = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        results.add(
            pool.applyAsync(ClusterTestTasks::markThenSleepThenMemberPid, dir + "|" + i + "|4000"));
      }
      List<Long> running = ClusterTestTasks.awaitStarted(dir, 2);
      assertTrue(
          running.contains(victim.pid()),
          "no task runs on the victim, so none runs again: " + running);
      cluster.kill(victim);
      for (AsyncResult<Long> r : results) {
        assertEquals(
            last.pid(),
            r.get(TestCluster.timeout()),
            "both tasks end on the last member: the lost one ran again there");
      }
    }
  }
}
