package dev.multiproc.conformance;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.conformance.jsr166.BarrierCases;
import dev.multiproc.conformance.jsr166.BlockingQueueCases;
import dev.multiproc.conformance.jsr166.ExecutorServiceCases;
import dev.multiproc.conformance.jsr166.LockCases;
import dev.multiproc.conformance.jsr166.SemaphoreCases;
import dev.multiproc.manager.Manager;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.sync.MpLock;
import dev.multiproc.testing.NoLeaksExtension;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JSR-166-style contract cases ({@code dev.multiproc.conformance.jsr166}) against the local
 * backend (shared memory, worker JVMs), the threads backend, and the proxies of a manager of
 * each; and, to show that the cases ask only what the JDK promises, against the JDK's own
 * {@code LinkedBlockingQueue}, {@code ReentrantLock} and {@code ThreadPoolExecutor} (backend
 * {@code jdk}). One manager and one shared executor per backend serve every case; the cases that
 * shut an executor down get their own.
 */
@ExtendWith(NoLeaksExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Jsr166ConformanceTest {
  private final ConformanceRun run = new ConformanceRun("core", "Jsr166ConformanceTest");
  private Manager localManager;
  private Manager threadsManager;
  private ProcessPoolExecutor localExecutor;
  private ProcessPoolExecutor threadsExecutor;
  private ExecutorService jdkExecutor;

  @BeforeAll
  void start() {
    localManager = Multiprocessing.local().manager();
    threadsManager = Multiprocessing.threads().manager();
    localExecutor = Multiprocessing.local().executor(2);
    threadsExecutor = Multiprocessing.threads().executor(2);
    jdkExecutor = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  void stop() throws InterruptedException {
    try {
      localExecutor.close();
      threadsExecutor.close();
      jdkExecutor.shutdownNow();
      jdkExecutor.awaitTermination(10, TimeUnit.SECONDS);
      localManager.close();
      threadsManager.close();
    } finally {
      run.finish();
    }
  }

  @TestFactory
  Stream<DynamicNode> jdk() {
    Context threads = Multiprocessing.threads();
    return Stream.of(
        run.suite(
            "jdk",
            "jsr166-queue",
            BlockingQueueCases.suite(
                n -> n == 0 ? new LinkedBlockingQueue<>() : new LinkedBlockingQueue<>(n))),
        run.suite("jdk", "jsr166-lock", LockCases.suite(ReentrantLock::new, true)),
        run.suite(
            "jdk",
            "jsr166-executor",
            ExecutorServiceCases.suite(
                () -> jdkExecutor, () -> Executors.newFixedThreadPool(1), threads::sharedInt)));
  }

  @TestFactory
  Stream<DynamicNode> local() {
    return contextSuites("local", Multiprocessing.local(), localExecutor);
  }

  @TestFactory
  Stream<DynamicNode> threads() {
    return contextSuites("threads", Multiprocessing.threads(), threadsExecutor);
  }

  @TestFactory
  Stream<DynamicNode> localManager() {
    return managerSuites("local-manager", localManager);
  }

  @TestFactory
  Stream<DynamicNode> threadsManager() {
    return managerSuites("threads-manager", threadsManager);
  }

  private Stream<DynamicNode> contextSuites(
      String backend, Context ctx, ProcessPoolExecutor shared) {
    return Stream.of(
        run.suite(backend, "jsr166-queue", BlockingQueueCases.suite(ctx::queue)),
        run.suite(backend, "jsr166-lock", LockCases.suite(ctx::lock, false)),
        run.suite(backend, "jsr166-rlock", LockCases.suite(ctx::rLock, true)),
        run.suite(
            backend,
            "jsr166-semaphore",
            SemaphoreCases.suite(ctx::semaphore, ctx::boundedSemaphore)),
        run.suite(backend, "jsr166-barrier", BarrierCases.suite(ctx::barrier)),
        run.suite(
            backend,
            "jsr166-executor",
            ExecutorServiceCases.suite(() -> shared, () -> ctx.executor(1), ctx::sharedInt)));
  }

  private Stream<DynamicNode> managerSuites(String backend, Manager m) {
    return Stream.of(
        run.suite(backend, "jsr166-queue", BlockingQueueCases.suite(m::queue)),
        run.suite(
            backend,
            "jsr166-lock",
            LockCases.suite(m::lock, lock -> m.condition((MpLock) lock), false)),
        run.suite(
            backend,
            "jsr166-rlock",
            LockCases.suite(m::rLock, lock -> m.condition((MpLock) lock), true)),
        run.suite(
            backend, "jsr166-semaphore", SemaphoreCases.suite(m::semaphore, m::boundedSemaphore)),
        run.suite(backend, "jsr166-barrier", BarrierCases.suite(m::barrier)));
  }
}
