package dev.multiproc.internal.sync;

import dev.multiproc.sync.MpCondition;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Every way of waiting on an {@link MpCondition}, and {@code signal()} / {@code signalAll()}, in
 * terms of the two a condition implements: wait until a {@link Deadlines} deadline, and wake
 * {@code n} waiters. Shared by the conditions in shared memory and on a cluster.
 */
@SuppressWarnings({"WaitNotInLoop", "JavaUtilDate"}) // Condition's own methods: the caller loops
public interface ConditionWaits extends MpCondition {

  /**
   * Waits until signalled or until the deadline, releasing the lock meanwhile and taking it back.
   *
   * @param deadline a {@link Deadlines} deadline; {@link Deadlines#NEVER} for none
   * @param interruptible whether an interrupt ends the wait
   * @return whether it was signalled (false: the deadline passed)
   * @throws InterruptedException if interruptible and interrupted
   */
  boolean awaitBy(long deadline, boolean interruptible) throws InterruptedException;

  @Override
  default void await() throws InterruptedException {
    awaitBy(Deadlines.NEVER, true);
  }

  @Override
  default void awaitUninterruptibly() {
    try {
      awaitBy(Deadlines.NEVER, false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    }
  }

  @Override
  default long awaitNanos(long nanosTimeout) throws InterruptedException {
    long deadline = Deadlines.deadline(nanosTimeout);
    awaitBy(deadline, true);
    return deadline - System.nanoTime();
  }

  @Override
  default boolean await(long time, TimeUnit unit) throws InterruptedException {
    return awaitBy(Deadlines.deadline(unit.toNanos(time)), true);
  }

  @Override
  default boolean awaitUntil(Date deadline) throws InterruptedException {
    return awaitBy(Deadlines.deadline(
        TimeUnit.MILLISECONDS.toNanos(deadline.getTime() - System.currentTimeMillis())), true);
  }

  @Override
  default boolean await(Duration timeout) throws InterruptedException {
    return awaitBy(Deadlines.deadline(timeout), true);
  }

  @Override
  default void waitFor(BooleanSupplier predicate) throws InterruptedException {
    while (!predicate.getAsBoolean()) {
      awaitBy(Deadlines.NEVER, true);
    }
  }

  @Override
  default boolean waitFor(BooleanSupplier predicate, Duration timeout)
      throws InterruptedException {
    long deadline = Deadlines.deadline(timeout);
    boolean result = predicate.getAsBoolean();
    while (!result && Deadlines.left(deadline) > 0) {
      awaitBy(deadline, true);
      result = predicate.getAsBoolean();
    }
    return result;
  }

  @Override
  default void signal() {
    signal(1);
  }

  @Override
  default void signalAll() {
    signal(Integer.MAX_VALUE);
  }
}
