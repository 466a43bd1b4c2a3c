package dev.multiproc.manager;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * A manager cannot be reached (it was shut down, or its process died), or it could not create an
 * object or run a call. The message names the manager's address and the call.
 */
public final class ManagerException extends IllegalStateException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the manager
   * @param cause the underlying failure, if any
   */
  public ManagerException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
