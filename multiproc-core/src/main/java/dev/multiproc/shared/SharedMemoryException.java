package dev.multiproc.shared;

import java.io.Serial;

/**
 * A shared-memory segment cannot be created, found or mapped: it exists already, no longer
 * exists (unlinked), or the system refused. The message names the segment. Python: {@code
 * FileExistsError}, {@code FileNotFoundError}, {@code OSError}.
 */
public final class SharedMemoryException extends IllegalStateException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the segment
   */
  public SharedMemoryException(String message) {
    super(message);
  }
}
