package dev.multiproc.pool;

import org.jspecify.annotations.Nullable;

/**
 * A task could not be sent to a worker: it, or a value it captures, is not serializable (thrown
 * at submit, on the caller's thread), or the worker refused or could not find one of its classes.
 * The message names the class and, where it can, the captured value. Python: {@code
 * PicklingError} at submit.
 */
public final class TaskTransferException extends ProcessPoolException {
  @java.io.Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be sent, naming the class
   * @param cause the codec's error
   */
  public TaskTransferException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
