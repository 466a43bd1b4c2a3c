package dev.multiproc.spi;

import dev.multiproc.pool.PoolOptions;
import dev.multiproc.process.ProcessInfo;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;

/**
 * The life cycle of a pool engine, the same for worker JVMs ({@code PoolEngine}) and worker
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

  /**
   * Waits on {@code changed} while {@code busy} holds: the wait of {@link #awaitTermination}. The
   * caller holds the lock of {@code changed}.
   *
   * @param changed signalled whenever {@code busy} may have changed
   * @param busy what is waited out
   * @param timeoutNanos how long to wait; negative for ever
   * @return whether {@code busy} stopped holding in time
   * @throws InterruptedException if interrupted
   */
  static boolean awaitWhile(Condition changed, BooleanSupplier busy, long timeoutNanos)
      throws InterruptedException {
    long left = timeoutNanos;
    while (busy.getAsBoolean()) {
      if (timeoutNanos < 0) {
        changed.await();
      } else {
        if (left <= 0) {
          return false;
        }
        left = changed.awaitNanos(left);
      }
    }
    return true;
  }
}
