package dev.multiproc.internal.pool;

import dev.multiproc.pool.PoolOptions;
import dev.multiproc.process.ProcessInfo;
import java.util.List;

/**
 * The life cycle of a pool engine, the same for worker JVMs ({@link PoolEngine}) and worker
 * threads: what {@link AbstractPoolExecutor} needs of either.
 */
public interface EngineLifecycle {
  /**
   * Returns the options the engine was made with.
   *
   * @return the options
   */
  PoolOptions options();

  /** Accepts no more tasks; the queued ones still run. Idempotent. */
  void close();

  /**
   * Accepts no more tasks and stops the running ones: queued and running tasks fail with {@code
   * CancellationException}.
   *
   * @return what the engine hands back of the tasks that never started
   */
  List<?> terminate();

  /**
   * Returns whether {@link #close()} or {@link #terminate()} was called.
   *
   * @return whether it is shut down
   */
  boolean isShutdown();

  /**
   * Returns whether it is shut down and every worker has exited.
   *
   * @return whether it is terminated
   */
  boolean isTerminated();

  /**
   * Waits until every worker has exited.
   *
   * @param timeoutNanos how long to wait; negative for ever
   * @return whether they all exited
   * @throws InterruptedException if interrupted
   */
  boolean awaitTermination(long timeoutNanos) throws InterruptedException;

  /**
   * Returns the live workers.
   *
   * @return name and pid of each
   */
  List<ProcessInfo> workers();
}
