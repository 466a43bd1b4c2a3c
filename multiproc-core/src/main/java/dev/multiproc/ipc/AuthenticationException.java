package dev.multiproc.ipc;

import java.io.Serial;

/**
 * A {@link Listener} and a {@link Client} did not prove to each other that they hold the same auth
 * key, or one has a key and the other none: Python's {@code
 * multiprocessing.AuthenticationError}. The connection was closed before any message passed.
 */
public final class AuthenticationException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what did not match, and on which side
   */
  public AuthenticationException(String message) {
    super(message);
  }
}
