package dev.multiproc.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * {@link System#nanoTime()} deadlines as every waiting primitive counts them, local or on a
 * cluster: a zero or negative timeout is now, and one too long to count saturates (as the JDK's
 * blocking queues and locks take {@code Long.MAX_VALUE} and {@code Long.MIN_VALUE} of any unit),
 * never an {@link ArithmeticException}.
 */
public final class Deadlines {
  /** The deadline that never comes. */
  public static final long NEVER = Long.MAX_VALUE;

  private Deadlines() {}

  /**
   * Returns the deadline {@code timeout} from now.
   *
   * @param timeout how long
   * @return now for a zero or negative timeout, {@link #NEVER} for one too long to count
   */
  public static long deadline(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return NEVER;
    }
    return deadline(nanos);
  }

  /**
   * Returns the deadline {@code time} of {@code unit} from now, as a {@link
   * java.util.concurrent.BlockingQueue} or {@link java.util.concurrent.locks.Lock} takes it:
   * {@link TimeUnit#toNanos} saturates, so {@code Long.MIN_VALUE} days is now and {@code
   * Long.MAX_VALUE} days is as good as never.
   *
   * @param time how long, in {@code unit}
   * @param unit the unit
   * @return the deadline
   * @throws NullPointerException if {@code unit} is null
   */
  public static long deadline(long time, TimeUnit unit) {
    Objects.requireNonNull(unit, "unit");
    return deadline(unit.toNanos(time));
  }

  /**
   * Returns the deadline {@code nanos} from now, saturating below {@link #NEVER}.
   *
   * @param nanos how long
   * @return the deadline
   */
  public static long deadline(long nanos) {
    long now = System.nanoTime();
    if (nanos <= 0) {
      return now;
    }
    long d = now + nanos;
    return d < now || d == NEVER ? NEVER - 1 : d;
  }

  /**
   * Returns {@code timeout} in nanoseconds, as a timed wait takes it.
   *
   * @param timeout how long
   * @return 0 for a zero or negative timeout, {@link Long#MAX_VALUE} for one too long to count
   */
  public static long nanos(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      return 0;
    }
    try {
      return timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Returns {@code time} of {@code unit} in nanoseconds, as a timed wait takes it: {@link
   * TimeUnit#toNanos} saturates.
   *
   * @param time how long, in {@code unit}
   * @param unit the unit
   * @return 0 for a zero or negative timeout, up to {@link Long#MAX_VALUE}
   * @throws NullPointerException if {@code unit} is null
   */
  public static long nanos(long time, TimeUnit unit) {
    Objects.requireNonNull(unit, "unit");
    return Math.max(0, unit.toNanos(time));
  }

  /**
   * Returns the nanoseconds left until {@code deadline}.
   *
   * @param deadline the deadline
   * @return what is left (negative once passed); {@link #NEVER} for no deadline
   */
  public static long left(long deadline) {
    return deadline == NEVER ? NEVER : deadline - System.nanoTime();
  }

  /**
   * Waits on {@code condition}, whose lock the caller holds, until it is signalled or {@code
   * deadline} passes: one wait of a loop that re-checks what it waits for.
   *
   * @param condition the condition
   * @param deadline the deadline; {@link #NEVER} for none
   * @return false if the deadline had passed already (then it did not wait)
   * @throws InterruptedException if interrupted while waiting
   */
  @SuppressWarnings("WaitNotInLoop") // one wait of the caller's loop, as its javadoc says
  public static boolean await(Condition condition, long deadline) throws InterruptedException {
    if (deadline == NEVER) {
      condition.await();
      return true;
    }
    long left = left(deadline);
    if (left <= 0) {
      return false;
    }
    condition.awaitNanos(left);
    return true;
  }
}
