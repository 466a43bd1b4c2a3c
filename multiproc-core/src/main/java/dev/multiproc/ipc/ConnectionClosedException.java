package dev.multiproc.ipc;

import java.io.EOFException;
import java.io.Serial;
import java.io.UncheckedIOException;

/**
 * The other end of a {@link Connection} was closed (or its process died) and nothing is left to
 * read, or this end was closed: Python's {@code EOFError} / {@code OSError} on a closed handle.
 */
public final class ConnectionClosedException extends UncheckedIOException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was closed, and by whom when known
   */
  public ConnectionClosedException(String message) {
    super(message, new EOFException(message));
  }
}
