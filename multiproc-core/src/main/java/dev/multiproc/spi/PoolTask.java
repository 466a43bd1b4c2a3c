package dev.multiproc.spi;

import java.io.Serializable;

/** What a pool worker runs: one call, or one chunk of calls, made on the caller's side. */
@FunctionalInterface
public interface PoolTask extends Serializable {

  /**
   * Runs the task in the worker.
   *
   * @return the value to send back
   * @throws Exception whatever the user's code throws
   */
  @org.jspecify.annotations.Nullable
  Object call() throws Exception;
}
