package dev.multiproc.spi;

import dev.multiproc.sync.Held;
import dev.multiproc.sync.MpSemaphore;
import java.time.Duration;

/**
 * Python's {@code Semaphore}, the same on every backend, over the permits a backend stores. A
 * permit taken by {@code acquire} or {@code tryAcquire} is consumed: nothing is owed for it, and
 * only a {@code release} adds one. A permit taken by {@link #hold()} is held by the caller until
 * the {@link Held} is closed, which gives it back; a backend whose holders can die gives the
 * held permits of a dead holder back, and only those. A bounded semaphore refuses a release at
 * its bound ({@link Checks#belowBound}), a held permit's return included: the backend's {@link
 * #release()} and the return of a held permit check it. As the JDK's {@link
 * java.util.concurrent.Semaphore}, an interrupted caller of an interruptible acquire gets {@link
 * InterruptedException} on entry and takes nothing.
 */
public interface PermitWaits extends MpSemaphore {

  /**
   * Takes a permit for good by the deadline.
   *
   * @param deadline a {@link Deadlines} deadline; {@link Deadlines#NEVER} for none
   * @return false if the deadline passed first
   * @throws InterruptedException if interrupted while waiting
   */
  boolean takeBy(long deadline) throws InterruptedException;

  /**
   * Takes a permit for good if one is free now.
   *
   * @return whether it took one
   */
  boolean takeNow();

  /**
   * Waits, not interruptibly, for a permit and takes it as held by the caller.
   *
   * @return what gives it back, run once
   */
  Runnable holdPermit();

  @Override
  default void acquire() throws InterruptedException {
    Interruption.check();
    takeBy(Deadlines.NEVER);
  }

  @Override
  default boolean acquire(Duration timeout) throws InterruptedException {
    long deadline = Deadlines.deadline(timeout);
    Interruption.check();
    return takeBy(deadline);
  }

  @Override
  default boolean tryAcquire() {
    return takeNow();
  }

  @Override
  default Held hold() {
    return Holds.releasingOnce(holdPermit());
  }
}
