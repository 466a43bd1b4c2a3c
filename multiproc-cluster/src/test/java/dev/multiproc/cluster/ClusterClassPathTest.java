package dev.multiproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.pool.Pool;
import dev.multiproc.pool.TaskTransferException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A member whose class path lacks the user's classes, with code shipping off: the task fails
 * with an error naming the missing class, and the member and the pool go on (one member JVM
 * started without this module's test classes; {@code ClusterCodeShippingTest} is the same member
 * with shipping on).
 */
@Timeout(120)
class ClusterClassPathTest {
  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster =
        TestCluster.start(
            ClusterClassPathTest.class,
            TestCluster.classPathWithoutTests(),
            List.of("-D" + ClusterConfig.SHIP_CODE_PROPERTY + "=false"),
            1);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void taskOfAClassTheMemberLacks_failsNamingTheClassAndTheWorker() throws Exception {
    try (Pool pool = cluster.client.pool(1)) {
      for (int round = 0; round < 2; round++) { // the member and its worker survive the first
        var e =
            assertThrows(
                ExecutionException.class,
                () -> pool.applyAsync(ClusterTestTasks::square, 3).get(TestCluster.timeout()));
        TaskTransferException cause = assertInstanceOf(TaskTransferException.class, e.getCause());
        String message = cause.getMessage();
        // the method reference is judged by the class that wrote it: this test class
        assertTrue(
            message.contains(
                "class not found: dev.multiproc.cluster.ClusterClassPathTest is not on this process's"
                    + " class path"),
            message);
        assertTrue(message.contains("ClusterWorker@" + cluster.nodes.get(0).address()), message);
      }
      assertEquals(1, cluster.client.memberCount());
      assertTrue(cluster.nodes.get(0).process().isAlive());
    }
  }
}
