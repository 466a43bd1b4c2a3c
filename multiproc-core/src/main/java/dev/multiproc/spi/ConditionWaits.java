package dev.multiproc.spi;

import dev.multiproc.sync.MpCondition;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code Condition}, and every way of waiting on a {@link
 * java.util.concurrent.locks.Condition}, the same on every backend, over a wait queue that the
 * backend stores: enqueue a waiter, park it until it is signalled or its deadline passes, let it
 * leave, and signal the oldest waiters.
 *
 * <p>Only a thread that may hold the lock ({@link LockWaits#checkHeld}) waits or signals. A
 * waiter joins the queue holding the lock, releases it fully while it parks, takes it back and
 * then leaves the queue, so a signal that reached it meanwhile counts. A signal goes to waiters
 * that were waiting when it was sent, oldest first; a waiter that died is not counted. As with
 * the JDK's conditions, a waiter interrupted before it was signalled gets {@link
 * InterruptedException} (its status clear), and one interrupted after keeps its signal and the
 * interrupt status.
 *
 * @param <W> the backend's handle of one waiter in the queue
 */
@SuppressWarnings({"WaitNotInLoop", "JavaUtilDate"}) // Condition's own methods: the caller loops
public interface ConditionWaits<W> extends MpCondition {

  @Override
  LockWaits getLock();

  /**
   * Adds the calling thread to the queue by the caller's deadline; the caller holds the lock.
   *
   * <p>A backend whose store always answers (shared memory, this JVM) ignores the deadline. One
   * whose store may be out of reach (a cluster member) waits for it until the deadline plus a
   * small bound of its own, then gives up and returns null: the wait then ends as a timeout
   * does, without releasing the lock, and a waiter that joins the queue later is taken out again
   * by the backend ({@link #leave}), so no signal is counted for it.
   *
   * @param deadline a {@link Deadlines} deadline; {@link Deadlines#NEVER} for none
   * @return its place; null if the store did not answer in time (never for {@link
   *     Deadlines#NEVER})
   */
  @Nullable W enqueue(long deadline);

  /**
   * Waits, without the lock, until {@code waiter} is signalled or the deadline passes.
   *
   * @param waiter its place
   * @param deadline a {@link Deadlines} deadline; {@link Deadlines#NEVER} for none
   * @param interruptible whether an interrupt ends the wait
   * @throws InterruptedException if interruptible and interrupted
   */
  void park(W waiter, long deadline, boolean interruptible) throws InterruptedException;

  /**
   * Takes {@code waiter} out of the queue; the caller holds the lock again.
   *
   * @param waiter its place
   * @return whether it was signalled
   */
  boolean leave(W waiter);

  /**
   * Signals the {@code n} oldest waiters alive; the caller holds the lock.
   *
   * @param n how many, at least 0
   */
  void wake(int n);

  /**
   * Throws if the condition can no longer be used; by default it always can.
   *
   * @throws IllegalStateException if it is closed
   */
  default void ensureOpen() {}

  /**
   * Waits until signalled or until the deadline, releasing the lock meanwhile and taking it back.
   *
   * @param deadline a {@link Deadlines} deadline; {@link Deadlines#NEVER} for none
   * @param interruptible whether an interrupt ends the wait
   * @return whether it was signalled (false: the deadline passed)
   * @throws InterruptedException if interruptible and interrupted
   */
  default boolean awaitBy(long deadline, boolean interruptible) throws InterruptedException {
    ensureOpen();
    LockWaits lock = getLock();
    lock.checkHeld("wait");
    if (interruptible && Thread.interrupted()) {
      throw new InterruptedException("interrupted before waiting on a condition");
    }
    W waiter = enqueue(deadline);
    if (waiter == null) {
      return false; // the queue did not answer by the deadline: timed out, the lock still held
    }
    int saved = lock.releaseForWait();
    InterruptedException interrupted = null;
    boolean signalled = false;
    try {
      try {
        park(waiter, deadline, interruptible);
      } catch (InterruptedException e) {
        interrupted = e;
      } finally {
        lock.reacquireAfterWait(saved);
      }
    } finally {
      signalled = leave(waiter);
    }
    if (interrupted != null) {
      if (!signalled) {
        Thread.interrupted(); // one that came while the lock was taken back is this one too
        throw interrupted;
      }
      Thread.currentThread().interrupt(); // the signal was ours: report it, keep the interrupt
    }
    return signalled;
  }

  @Override
  default void await() throws InterruptedException {
    awaitBy(Deadlines.NEVER, true);
  }

  @Override
  default void awaitUninterruptibly() {
    try {
      awaitBy(Deadlines.NEVER, false);
    } catch (InterruptedException e) {
      throw Checks.uninterruptible(e);
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
    return awaitBy(
        Deadlines.deadline(
            TimeUnit.MILLISECONDS.toNanos(deadline.getTime() - System.currentTimeMillis())),
        true);
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
  default boolean waitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
    long deadline = Deadlines.deadline(timeout);
    boolean result = predicate.getAsBoolean();
    while (!result && Deadlines.left(deadline) > 0) {
      awaitBy(deadline, true);
      result = predicate.getAsBoolean();
    }
    return result;
  }

  @Override
  default void signal(int n) {
    Checks.signalCount(n);
    ensureOpen();
    getLock().checkHeld("notify");
    wake(n);
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
