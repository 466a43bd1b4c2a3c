package dev.multiproc.pool;

import dev.multiproc.Context;
import dev.multiproc.cluster.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link ExecutorContract} on the cluster backend: the executors of a client context of a
 * cluster of one member JVM with two workers.
 */
@Timeout(180)
class ClusterExecutorContractTest extends ExecutorContract {
  private TestCluster cluster;
  private Context ctx;

  @Override
  Context ctx() {
    if (ctx == null) {
      try {
        cluster = TestCluster.start(ClusterExecutorContractTest.class, 2);
      } catch (Exception e) {
        throw new IllegalStateException("the test cluster did not start", e);
      }
      ctx = cluster.client();
    }
    return ctx;
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }
}
