package dev.multiproc.spi;

import dev.multiproc.sync.Event;
import java.time.Duration;

/**
 * Every way of waiting for an {@link Event}, the same on every backend, in terms of the one a
 * backend implements: wait until the flag is set or a {@link Deadlines} deadline passes. As the
 * JDK's blocking calls, a caller that is interrupted on entry gets {@link InterruptedException}
 * (its status clear), whether the flag is set or not.
 */
public interface EventWaits extends Event {

  /**
   * Waits until the flag is set or the deadline passes.
   *
   * @param deadline a {@link Deadlines} deadline; {@link Deadlines#NEVER} for none
   * @return whether the flag is set (false only when the deadline passed)
   * @throws InterruptedException if interrupted while waiting
   */
  boolean awaitBy(long deadline) throws InterruptedException;

  @Override
  default void await() throws InterruptedException {
    Interruption.check();
    awaitBy(Deadlines.NEVER);
  }

  @Override
  default boolean await(Duration timeout) throws InterruptedException {
    long deadline = Deadlines.deadline(timeout);
    Interruption.check();
    return awaitBy(deadline);
  }
}
