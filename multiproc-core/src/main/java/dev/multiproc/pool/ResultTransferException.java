package dev.multiproc.pool;

import org.jspecify.annotations.Nullable;

/**
 * A task ran, but its result could not be brought back: it is not serializable in the worker, or
 * its class is not allowed or not found in the caller. The message names the class. The worker
 * survives and the pool goes on.
 */
public final class ResultTransferException extends ProcessPoolException {
  @java.io.Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be brought back, naming the class
   * @param cause the codec's error, if it happened in this process
   */
  public ResultTransferException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
