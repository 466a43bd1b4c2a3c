package dev.multiproc.pool;

import org.jspecify.annotations.Nullable;

/**
 * A task could not complete for a reason outside its own code: its worker died or ran past its
 * deadline, the task or its result could not be sent, or the pool is broken. An exception thrown
 * by the task's own code arrives as itself instead (see {@link RemoteTraceback}).
 *
 * <p>Python (concurrent.futures, loky): {@code BrokenProcessPool}, {@code TerminatedWorkerError},
 * {@code PicklingError}.
 */
public abstract sealed class ProcessPoolException extends RuntimeException
    permits WorkerDiedException,
        TaskTimeoutException,
        TaskTransferException,
        ResultTransferException,
        BrokenPoolException {
  @java.io.Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, with the facts as {@code key=value}
   * @param cause the underlying failure, if any
   */
  protected ProcessPoolException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
