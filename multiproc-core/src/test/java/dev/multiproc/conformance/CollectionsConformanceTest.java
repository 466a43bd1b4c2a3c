package dev.multiproc.conformance;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.manager.Manager;
import dev.multiproc.testing.NoLeaksExtension;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Guava testlib's Map, List, Set and Queue suites against the local backend (shared-memory
 * queues, a manager in its own JVM) and the threads backend (its queues, a manager in this JVM).
 * One manager per backend serves every case.
 */
@ExtendWith(NoLeaksExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectionsConformanceTest {
  private final ConformanceRun run = new ConformanceRun("core", "CollectionsConformanceTest");
  private Manager localManager;
  private Manager threadsManager;

  @BeforeAll
  void startManagers() {
    localManager = Multiprocessing.local().manager();
    threadsManager = Multiprocessing.threads().manager();
  }

  @AfterAll
  void stopManagers() {
    try {
      localManager.close();
      threadsManager.close();
    } finally {
      run.finish();
    }
  }

  @TestFactory
  Stream<DynamicNode> localManager() {
    return managerSuites("local-manager", localManager);
  }

  @TestFactory
  Stream<DynamicNode> threadsManager() {
    return managerSuites("threads-manager", threadsManager);
  }

  @TestFactory
  Stream<DynamicNode> localQueue() {
    return queueSuite("local", Multiprocessing.local());
  }

  @TestFactory
  Stream<DynamicNode> threadsQueue() {
    return queueSuite("threads", Multiprocessing.threads());
  }

  private Stream<DynamicNode> managerSuites(String backend, Manager m) {
    var queues = new GuavaSuites.Made<MpQueue<String>>(MpQueue::close);
    return Stream.of(
        run.suite(
            backend, "guava-map", GuavaSuites.map("dict", m::dict, GuavaSuites.NULL_FRIENDLY_MAP)),
        run.suite(
            backend,
            "guava-list",
            GuavaSuites.list("list", m::list, GuavaSuites.NULL_FRIENDLY_LIST)),
        run.suite(
            backend, "guava-set", GuavaSuites.set("set", m::set, GuavaSuites.NULL_FRIENDLY_SET)),
        run.suite(
            backend,
            "guava-queue",
            GuavaSuites.queue(
                "queue", () -> queues.add(m.<String>queue()), GuavaSuites.BLOCKING_QUEUE),
            queues));
  }

  private Stream<DynamicNode> queueSuite(String backend, Context ctx) {
    var queues = new GuavaSuites.Made<MpQueue<String>>(MpQueue::close);
    return Stream.of(
        run.suite(
            backend,
            "guava-queue",
            GuavaSuites.queue(
                "queue", () -> queues.add(ctx.<String>queue()), GuavaSuites.BLOCKING_QUEUE),
            queues));
  }
}
