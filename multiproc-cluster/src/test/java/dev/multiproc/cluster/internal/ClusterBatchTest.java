package dev.multiproc.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.cluster.InProcessCluster;
import dev.multiproc.pool.Pool;
import dev.multiproc.testing.NoLeaksExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.example.allowed.AllowedTasks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Batches, counted where they arrive: a member in this JVM (two workers), which counts the
 * batches it took, and a client of it.
 */
@Timeout(180)
@ExtendWith(NoLeaksExtension.class)
class ClusterBatchTest {
  private static InProcessCluster cluster;
  private static ClusterContext member;
  private static ClusterContext client;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        InProcessCluster.start(
            "mp-test-batch-" + ProcessHandle.current().pid(), b -> b.workers(2), b -> b);
    member = cluster.member();
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The batches (Hazelcast operations) the member took. */
  @SuppressWarnings("unchecked")
  private static long operations() {
    var work =
        (CompletableFuture<MemberWork>) member.hazelcast().getUserContext().get(MemberWork.KEY);
    return work.join().batchesRun();
  }

  @Test
  void aMapOfTinyTasks_travelsInFewerOperationsThanTasks_inOrder() throws Exception {
    List<Integer> items = IntStream.range(0, 600).boxed().toList();
    try (Pool pool = client.pool()) {
      assertEquals(2, pool.apply(AllowedTasks.twice(), 1)); // the workers are up
      long before = operations();
      List<Integer> doubled = pool.map(AllowedTasks.twice(), items, 1);
      long ran = operations() - before;
      assertEquals(items.stream().map(x -> 2 * x).toList(), doubled);
      // one task per operation would be 600; tasks that queue while a batch travels go together
      assertTrue(ran <= items.size() / 2, items.size() + " tasks took " + ran + " operations");
    }
  }

  /**
   * A far or busy member: each batch's way there and back takes 20 ms, its tasks 50 us. The hop
   * is not the tasks' time: counted per task, it made tiny tasks look long, so that they went in
   * batches of one, each paying the whole hop, for as long as the hop stayed that long.
   */
  @Test
  void aSlowHop_isNotCountedAsTheTasksTime_soTinyTasksStillGoInBatches() {
    var far = new ServingMember(member.hazelcast().getCluster().getLocalMember(), 2);
    assertEquals(1, far.batchTasks(false), "nothing measured yet: one task per batch");
    long hop = TimeUnit.MILLISECONDS.toNanos(20);
    long there = TimeUnit.MICROSECONDS.toNanos(50);
    for (int i = 0; i < 8; i++) {
      far.answered(1, hop + there, there);
    }
    assertEquals(ServingMember.MAX_PER_WORKER * 2, far.slots(false));
    assertEquals(ServingMember.MAX_PER_WORKER, far.batchTasks(false));
    // a member that gives no time of its own (0) is judged by the round trip, as before
    var unknown = new ServingMember(member.hazelcast().getCluster().getLocalMember(), 2);
    for (int i = 0; i < 8; i++) {
      unknown.answered(1, hop + there, 0);
    }
    assertEquals(1, unknown.batchTasks(false));
  }

  @Test
  void aLoneApply_goesAloneAtOnce() throws Exception {
    try (Pool pool = client.pool()) {
      assertEquals(2, pool.apply(AllowedTasks.twice(), 1)); // the workers are up
      long before = operations();
      for (int i = 0; i < 5; i++) {
        assertEquals(2 * i, pool.apply(AllowedTasks.twice(), i));
      }
      assertEquals(5, operations() - before, "one operation per apply");
    }
  }
}
