package dev.multiproc.pool;

import java.time.Duration;

/**
 * A task ran past its deadline ({@link PoolOptions#taskTimeout()}); its worker was killed and
 * replaced. Python has no per-task timeout; this is what {@code Thread.stop} cannot do any more.
 * On the threads context the task's thread is interrupted and replaced instead, and runs on until
 * the task returns.
 */
public final class TaskTimeoutException extends ProcessPoolException {
  @java.io.Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param pid the worker that was killed
   * @param timeout the deadline that passed
   */
  public TaskTimeoutException(long pid, Duration timeout) {
    super(
        "task ran longer than its timeout and its worker was killed: timeout="
            + timeout
            + ", pid="
            + pid,
        null);
  }

  /**
   * Creates the exception for a task of the threads context, whose thread cannot be killed.
   *
   * @param thread the name of the thread that ran it, now interrupted and replaced
   * @param timeout the deadline that passed
   */
  public TaskTimeoutException(String thread, Duration timeout) {
    super(
        "task ran longer than its timeout; its thread was interrupted and replaced (a thread"
            + " cannot be killed): timeout="
            + timeout
            + ", thread="
            + thread,
        null);
  }

  private TaskTimeoutException(String message) {
    super(message, null);
  }

  /**
   * Returns the exception for a task whose worker was killed where this JVM cannot name it by
   * pid (on a cluster member, which kills its own worker).
   *
   * @param where the worker or the member, as the message should name it
   * @param timeout the deadline that passed
   * @return the exception
   */
  public static TaskTimeoutException workerKilled(String where, Duration timeout) {
    return new TaskTimeoutException(
        "task ran longer than its timeout and its worker was killed:"
            + " timeout="
            + timeout
            + ", "
            + where);
  }
}
