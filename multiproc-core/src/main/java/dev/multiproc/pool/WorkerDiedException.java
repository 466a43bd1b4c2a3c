package dev.multiproc.pool;

import dev.multiproc.process.ExitStatus;

/**
 * The worker running a task ended before answering: the task called {@code System.exit} or {@code
 * Runtime.halt}, crashed the JVM in native code, or the worker was killed from outside. Only that
 * task fails; the pool starts a new worker and goes on. Python: loky's {@code
 * TerminatedWorkerError} (Python's own {@code Pool} hangs here).
 */
public final class WorkerDiedException extends ProcessPoolException {
  @java.io.Serial private static final long serialVersionUID = 1L;

  /** The pid of the worker that ended. */
  private final long pid;

  /** How it ended. */
  private final ExitStatus status;

  /**
   * Creates the exception.
   *
   * @param pid the worker's pid
   * @param worker the worker's name
   * @param status how it ended
   */
  public WorkerDiedException(long pid, String worker, ExitStatus status) {
    super(
        "worker ended while running a task: pid="
            + pid
            + ", worker="
            + worker
            + ", status="
            + status
            + " (System.exit or Runtime.halt in the task, a crash, or a kill from outside)",
        null);
    this.pid = pid;
    this.status = status;
  }

  /**
   * Returns the pid of the worker that ended.
   *
   * @return the pid
   */
  public long pid() {
    return pid;
  }

  /**
   * Returns how the worker ended.
   *
   * @return the exit status
   */
  public ExitStatus status() {
    return status;
  }
}
