package dev.multiproc.pool;

/**
 * Attached to an exception thrown by a task in a worker, as its cause (or, when it already has
 * one, as a suppressed exception): which worker ran the task and the worker's stack trace as the
 * worker printed it. Python: {@code multiprocessing.pool.RemoteTraceback}.
 */
public final class RemoteTraceback extends Exception {
  @java.io.Serial private static final long serialVersionUID = 1L;

  /** The pid of the worker that ran the task. */
  private final long pid;

  /** The worker's stack trace as text. */
  private final String traceback;

  /**
   * Creates the exception.
   *
   * @param pid the worker's pid
   * @param worker the worker's name
   * @param traceback the worker's stack trace as text
   */
  public RemoteTraceback(long pid, String worker, String traceback) {
    super(
        "task failed in worker pid=" + pid + " (" + worker + "):\n\"\"\"\n" + traceback + "\"\"\"",
        null,
        false,
        false);
    this.pid = pid;
    this.traceback = traceback;
  }

  /**
   * Returns the pid of the worker that ran the task.
   *
   * @return the pid
   */
  public long pid() {
    return pid;
  }

  /**
   * Returns the worker's stack trace as text.
   *
   * @return the trace
   */
  public String traceback() {
    return traceback;
  }
}
