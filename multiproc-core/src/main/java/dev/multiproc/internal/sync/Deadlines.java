package dev.multiproc.internal.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * {@link System#nanoTime()} deadlines as every waiting primitive counts them, local or on a
 * cluster: a zero or negative timeout is now, one too long to count is {@link #NEVER}.
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
   * Returns the nanoseconds left until {@code deadline}.
   *
   * @param deadline the deadline
   * @return what is left (negative once passed); {@link #NEVER} for no deadline
   */
  public static long left(long deadline) {
    return deadline == NEVER ? NEVER : deadline - System.nanoTime();
  }
}
