package dev.multiproc.conformance;

import com.google.common.collect.testing.testers.ListListIteratorTester;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.cluster.TestCluster;
import dev.multiproc.conformance.jsr166.BarrierCases;
import dev.multiproc.conformance.jsr166.BlockingQueueCases;
import dev.multiproc.conformance.jsr166.ExecutorServiceCases;
import dev.multiproc.conformance.jsr166.LockCases;
import dev.multiproc.conformance.jsr166.SemaphoreCases;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.manager.Manager;
import dev.multiproc.pool.ProcessPoolExecutor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance suites on the cluster backend: Guava testlib's Map, List, Set and Queue suites
 * over a cluster manager's dict, list and set and the cluster queue, and the JSR-166-style cases
 * over the cluster's queues, locks, semaphores, barriers and executor (a cluster manager's queues
 * and synchronization objects are the context's own, so they are not run twice). One
 * cluster (a member JVM with two workers, and a client context) serves every case; each Guava
 * case gets its own cluster manager, closed after the case, which destroys what it made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterConformanceTest {
  private final ConformanceRun run = new ConformanceRun("cluster", "ClusterConformanceTest");
  private TestCluster cluster;
  private ClusterContext ctx;
  private Manager manager;
  private ProcessPoolExecutor executor;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = TestCluster.start(ClusterConformanceTest.class, 2);
    ctx = cluster.client();
    manager = ctx.manager();
    executor = ctx.executor(2);
  }

  @AfterAll
  void stopCluster() {
    try {
      if (executor != null) {
        executor.close();
      }
      if (manager != null) {
        manager.close();
      }
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      run.finish();
    }
  }

  @TestFactory
  Stream<DynamicNode> clusterManagerCollections() {
    var managers = new GuavaSuites.Made<Manager>(Manager::close);
    return Stream.of(
        run.suite(
            "cluster-manager",
            "guava-map",
            GuavaSuites.map(
                "dict", () -> managers.add(ctx.manager()).dict(), GuavaSuites.NULL_FRIENDLY_MAP),
            managers),
        run.suite(
            "cluster-manager",
            "guava-list",
            GuavaSuites.list(
                "list",
                () -> managers.add(ctx.manager()).list(),
                GuavaSuites.NULL_FRIENDLY_LIST,
                List.of(fullyModifiableListIterator())),
            managers),
        run.suite(
            "cluster-manager",
            "guava-set",
            GuavaSuites.set(
                "set", () -> managers.add(ctx.manager()).set(), GuavaSuites.NULL_FRIENDLY_SET),
            managers));
  }

  /**
   * Left out on the cluster for time: an exhaustive iterator test that makes thousands of lists
   * (about 45 s per size on the cluster); the manager backends run it.
   */
  private static Method fullyModifiableListIterator() {
    try {
      return ListListIteratorTester.class.getMethod("testListIterator_fullyModifiable");
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  @TestFactory
  Stream<DynamicNode> clusterQueueCollection() {
    var queues = new GuavaSuites.Made<MpQueue<String>>(MpQueue::close);
    return Stream.of(
        run.suite(
            "cluster",
            "guava-queue",
            GuavaSuites.queue(
                "queue", () -> queues.add(ctx.<String>queue()), GuavaSuites.BLOCKING_QUEUE),
            queues));
  }

  @TestFactory
  Stream<DynamicNode> cluster() {
    return Stream.of(
        run.suite("cluster", "jsr166-queue", BlockingQueueCases.suite(ctx::queue)),
        run.suite("cluster", "jsr166-lock", LockCases.suite(ctx::lock, false)),
        run.suite("cluster", "jsr166-rlock", LockCases.suite(ctx::rLock, true)),
        run.suite(
            "cluster",
            "jsr166-semaphore",
            SemaphoreCases.suite(ctx::semaphore, ctx::boundedSemaphore)),
        run.suite("cluster", "jsr166-barrier", BarrierCases.suite(ctx::barrier)),
        run.suite(
            "cluster",
            "jsr166-executor",
            ExecutorServiceCases.suite(() -> executor, () -> ctx.executor(1), ctx::sharedInt)));
  }
}
