package dev.multiproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.TaskTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster task's timeout is its time on a worker, as in a local pool: tasks that wait on a
 * member behind other callers' for its one worker are not timed out by their wait, and a task
 * that runs too long still is. One member in this JVM with one worker, and a client of it.
 */
@Timeout(120)
class ClusterTaskTimeoutTest {
  private static InProcessCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        InProcessCluster.start(
            "mp-test-timeout-" + ProcessHandle.current().pid(), b -> b.workers(1), b -> b);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void tasksQueuedOnAMember_countTheirTimeoutFromTheirStart_notFromTheirArrival() throws Exception {
    // two callers (pools) share the member's one worker, each with one task there at a time:
    // a task of 1.2 s waits ~1.2 s behind the other caller's, so it ends ~2.4 s after it
    // arrived, past its 2 s timeout, yet runs well within it; then one of 6 s must time out
    PoolOptions options = PoolOptions.of(2).withTaskTimeout(Duration.ofSeconds(2));
    try (Pool a = cluster.client().pool(options);
        Pool b = cluster.client().pool(options)) {
      List<AsyncResult<Long>> queued = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        queued.add(a.applyAsync(ClusterTestTasks::sleepThenMemberPid, 1_200));
        queued.add(b.applyAsync(ClusterTestTasks::sleepThenMemberPid, 1_200));
      }
      AsyncResult<Long> tooLong = b.applyAsync(ClusterTestTasks::sleepThenMemberPid, 6_000);
      long self = ProcessHandle.current().pid();
      for (int i = 0; i < queued.size(); i++) {
        assertEquals(
            self, queued.get(i).get(TestCluster.timeout()), "queued task " + i + " ran in time");
      }
      var e = assertThrows(ExecutionException.class, () -> tooLong.get(TestCluster.timeout()));
      var timedOut = assertInstanceOf(TaskTimeoutException.class, e.getCause());
      assertTrue(timedOut.getMessage().contains("on member 127.0.0.1:"), timedOut.getMessage());
      assertTrue(timedOut.getMessage().contains("timeout=PT2S"), timedOut.getMessage());
      assertEquals(9, b.apply(ClusterTestTasks::square, 3), "the pool goes on");
    }
  }
}
