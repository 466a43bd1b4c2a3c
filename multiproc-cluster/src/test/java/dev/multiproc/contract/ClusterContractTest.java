package dev.multiproc.contract;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.cluster.TestCluster;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link ContextContract} on the cluster backend: pools, executors, queues, locks, events,
 * semaphores, values, conditions and barriers are the cluster's (one member JVM with two
 * workers, this JVM a client). Child processes and pipes, which the cluster does not make, come
 * from the local context; so every cluster object here is also sent to a local child JVM, which
 * attaches to it through a client of its own.
 */
@Timeout(120)
class ClusterContractTest extends ContextContract {
  /** What the cluster does not make: these come from the local context. */
  private static final Set<String> FROM_LOCAL = Set.of("process", "pipe",
      // not on the cluster yet
      "barrier", "joinableQueue", "simpleQueue", "sharedDouble", "sharedIntArray",
      "sharedLongArray", "sharedDoubleArray", "sharedByteArray");

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
      Context local = Multiprocessing.local();
      Context remote = cluster.client();
      ctx = (Context) Proxy.newProxyInstance(Context.class.getClassLoader(),
          new Class<?>[] {Context.class}, (proxy, method, args) -> {
            try {
              return method.invoke(FROM_LOCAL.contains(method.getName()) ? local : remote, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
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
