package dev.multiproc.pool;

import org.jspecify.annotations.Nullable;

/**
 * The pool cannot run tasks: its initializer threw in a worker or ended it (called {@code
 * System.exit}, halted, crashed or was killed before it returned), or no worker JVM could be
 * started. Every pending task fails with this, and so does every later submit; no worker is
 * started again. Python (concurrent.futures): {@code BrokenProcessPool}.
 */
public final class BrokenPoolException extends ProcessPoolException {
  @java.io.Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why the pool is broken
   * @param cause the initializer's exception or the start failure
   */
  public BrokenPoolException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
