package dev.multiproc.pool;

import java.time.Duration;

/**
 * A task ran past its deadline ({@link PoolOptions#taskTimeout()}); its worker was killed and
 * replaced. Python has no per-task timeout; this is what {@code Thread.stop} cannot do any more.
 */
public final class TaskTimeoutException extends ProcessPoolException {
  /**
   * Creates the exception.
   *
   * @param pid the worker that was killed
   * @param timeout the deadline that passed
   */
  public TaskTimeoutException(long pid, Duration timeout) {
    super("task ran longer than its timeout and its worker was killed: timeout=" + timeout
        + ", pid=" + pid, null);
  }
}
