package dev.multiproc.contract;

import dev.multiproc.Context;
import dev.multiproc.cluster.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link ContextContract} on the cluster backend: everything comes from a client context of
 * a cluster of one member JVM with two workers. Child processes run on that member's workers, so
 * every queue, pipe, lock, value, condition and barrier the suite sends them travels there by
 * name and is attached through a client of the worker's own.
 */
@Timeout(120)
class ClusterContractTest extends ContextContract {
  private TestCluster cluster;
  private Context ctx;

  @Override
  Context ctx() {
    if (ctx == null) {
      try {
        cluster = TestCluster.start(ClusterContractTest.class, 2);
      } catch (Exception e) {
        throw new IllegalStateException("the test cluster did not start", e);
      }
      ctx = cluster.client();
    }
    return ctx;
  }

  @Override
  boolean isolated() {
    return true;
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }
}
