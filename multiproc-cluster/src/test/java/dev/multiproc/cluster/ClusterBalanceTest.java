package dev.multiproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.Member;
import com.hazelcast.map.IMap;
import dev.multiproc.cluster.internal.HazelcastSetup;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Balancing by every caller's load: two members with one worker each; one pool keeps a member
 * busy, and another pool's tasks go to the other member, which it learns from the load the
 * members publish.
 */
@Timeout(120)
class ClusterBalanceTest {
  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.start(ClusterBalanceTest.class, 1, 1);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aWorkerThatUsesClusterObjects_connectsToItsOwnMemberOnly() throws Exception {
    List<Integer> ports = cluster.nodes.stream().map(TestCluster.Node::port).toList();
    try (MpQueue<String> q = cluster.client.queue();
        Pool pool = cluster.client.pool(2)) {
      // a task on each member's worker: each has one connection into the cluster, to its member
      List<AsyncResult<Integer>> runs =
          List.of(
              pool.applyAsync(() -> ClusterTestTasks.connectionsAfterUse(q, "a", ports)),
              pool.applyAsync(() -> ClusterTestTasks.connectionsAfterUse(q, "b", ports)));
      for (AsyncResult<Integer> r : runs) {
        assertEquals(1, r.get(Duration.ofSeconds(60)), "connections to members " + ports);
      }
      assertEquals(2, q.qsize());
    }
  }

  @Test
  void aMemberBusyWithAnotherPoolsTask_getsNoneOfOursWhileAnotherIsFree() throws Exception {
    IMap<UUID, java.util.HashMap<String, Integer>> loads =
        cluster.client.hazelcast().getMap("multiproc-member-load");
    // a task timeout: one task per worker, none waiting on the member behind it
    var oneAtATime = PoolOptions.of(1).withTaskTimeout(Duration.ofSeconds(30));
    try (Pool busy = cluster.client.pool(oneAtATime);
        Pool ours = cluster.client.pool(2)) {
      // long enough to outlast our tasks on a loaded machine; cancelled (its worker killed) after
      AsyncResult<Long> longTask = busy.applyAsync(ClusterTestTasks::sleepThenMemberPid, 30_000);
      UUID busyMember = awaitBusyMember(loads);
      long busyPid = pidOf(busyMember);
      // the figure is in the map; other pools learn it by an entry event, which follows
      // asynchronously (within ~20 ms when the machine is idle): give it time on a loaded one
      Thread.sleep(1000);
      List<Long> ran = ours.map(ClusterTestTasks::sleepThenMemberPid, List.of(200, 200), 1);
      assertFalse(longTask.ready(), "the long task ended first: the test proves nothing");
      for (long pid : ran) {
        assertFalse(pid == busyPid, () -> "a task went to the busy member " + busyPid + ": " + ran);
      }
      assertTrue(longTask.cancel(true));
    }
  }

  /** Waits until a member publishes that it runs a task. */
  private static UUID awaitBusyMember(IMap<UUID, java.util.HashMap<String, Integer>> loads)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      for (var e : loads.entrySet()) {
        if (!e.getValue().isEmpty()) {
          return e.getKey();
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no member published a load within 5 s: " + loads.entrySet());
  }

  private static long pidOf(UUID member) {
    for (Member m : cluster.client.hazelcast().getCluster().getMembers()) {
      if (m.getUuid().equals(member)) {
        return Long.parseLong(m.getAttribute(HazelcastSetup.PID_ATTRIBUTE));
      }
    }
    throw new AssertionError("no member " + member);
  }
}
