package dev.multiproc.spi;

import dev.multiproc.sync.MpLock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The argument checks of the synchronisation primitives and the messages of their refusals, the
 * same on every backend.
 */
public final class Checks {
  private Checks() {}

  /**
   * Checks a barrier's parties.
   *
   * @param parties how many parties release the barrier
   * @return {@code parties}
   * @throws IllegalArgumentException if below 1
   */
  public static int parties(int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("barrier parties must be at least 1: parties=" + parties);
    }
    return parties;
  }

  /**
   * Checks a barrier's default timeout.
   *
   * @param timeout the timeout, or null for none
   * @return {@code timeout}
   * @throws IllegalArgumentException if negative
   */
  public static @Nullable Duration barrierTimeout(@Nullable Duration timeout) {
    if (timeout != null && timeout.isNegative()) {
      throw new IllegalArgumentException("barrier timeout must not be negative: " + timeout);
    }
    return timeout;
  }

  /**
   * Checks a semaphore's initial value.
   *
   * @param value the initial number of permits
   * @return {@code value}
   * @throws IllegalArgumentException if negative
   */
  public static int initialValue(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("semaphore initial value must be >= 0: value=" + value);
    }
    return value;
  }

  /**
   * Checks how many waiters a signal is for.
   *
   * @param n how many waiters to wake
   * @return {@code n}
   * @throws IllegalArgumentException if negative
   */
  public static int signalCount(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot signal a negative number of waiters: n=" + n);
    }
    return n;
  }

  /**
   * Refuses a release of a bounded semaphore that would take its value above its bound.
   *
   * @param value the value now
   * @param bound the initial value of a bounded semaphore; negative for an unbounded one
   * @throws IllegalStateException if {@code value} is already at the bound
   */
  public static void belowBound(long value, long bound) {
    if (atBound(value, bound)) {
      throw new IllegalStateException(
          "BoundedSemaphore released too many times: value "
              + value
              + " is already its initial value "
              + bound);
    }
  }

  /**
   * Whether a bounded semaphore's value is at its bound, so that a release must be refused.
   *
   * @param value the value now
   * @param bound the initial value of a bounded semaphore; negative for an unbounded one
   * @return true if a release must be refused
   */
  public static boolean atBound(long value, long bound) {
    return bound >= 0 && value >= bound;
  }

  /**
   * The refusal of a release of a plain lock that is not held.
   *
   * @param lock the lock, as its message names it
   * @return the exception to throw
   */
  public static IllegalStateException releasedTooManyTimes(Object lock) {
    return new IllegalStateException("lock released too many times: " + lock + " is not held");
  }

  /**
   * The refusal of an RLock's release, or of a wait or signal on a condition over it, by a
   * thread that does not own it.
   *
   * @param action what the caller tried ("release", "wait on", "notify on")
   * @param lock the lock, as its message names it
   * @param owner the owner, described, or null if the lock is not held
   * @param caller the calling thread, described
   * @return the exception to throw
   */
  public static IllegalMonitorStateException notOwner(
      String action, Object lock, @Nullable String owner, String caller) {
    return new IllegalMonitorStateException(
        "cannot "
            + action
            + " "
            + lock
            + ": it "
            + (owner == null ? "is not held" : "is held by " + owner)
            + ", not by the caller ("
            + caller
            + ")");
  }

  /**
   * The refusal of a wait or a signal on a condition over a plain lock by a thread that did not
   * take the lock.
   *
   * @param action what the caller tried ("wait", "notify")
   * @param lock the lock, as its message names it
   * @param holder who holds it, described, or null if it is free
   * @param caller the calling thread, described
   * @return the exception to throw
   */
  public static IllegalMonitorStateException notTaker(
      String action, Object lock, @Nullable String holder, String caller) {
    return new IllegalMonitorStateException(
        "cannot "
            + action
            + " on un-acquired lock: "
            + lock
            + (holder == null ? " is free" : " is held by " + holder)
            + ", caller is "
            + caller);
  }

  /**
   * Refuses another hold of an RLock held as often as its count can say.
   *
   * @param count the hold count now
   * @throws IllegalStateException if it cannot grow
   */
  public static void canHoldAgain(int count) {
    if (count == Integer.MAX_VALUE) {
      throw new IllegalStateException("RLock held too many times: " + count);
    }
  }

  /**
   * Checks that a condition's lock is one of the condition's backend.
   *
   * @param <L> the backend's lock type
   * @param type the backend's lock type
   * @param lock the lock
   * @param context the context's name for the message ("local", "threads", "cluster")
   * @return {@code lock} as the backend's type
   * @throws IllegalArgumentException if it is not
   */
  public static <L> L lockOf(Class<L> type, MpLock lock, String context) {
    Objects.requireNonNull(lock, "lock");
    if (!type.isInstance(lock)) {
      throw new IllegalArgumentException(
          "a condition of the "
              + context
              + " context needs a lock"
              + " of the "
              + context
              + " context, not a "
              + lock.getClass().getName());
    }
    return type.cast(lock);
  }

  /**
   * The error of an uninterruptible wait that was interrupted anyway: a bug.
   *
   * @param e the interrupt
   * @return the error to throw
   */
  public static AssertionError uninterruptible(InterruptedException e) {
    return new AssertionError("an uninterruptible wait was interrupted", e);
  }
}
