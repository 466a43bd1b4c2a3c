package dev.multiproc.internal.ipc;

import dev.multiproc.internal.shm.Futex;
import dev.multiproc.internal.shm.Memory;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * Parking on a futex word with a "someone is parked" flag beside it, so that the side that
 * changes the word issues a {@code futex_wake} only when the flag is set.
 *
 * <p>The protocol (a Dekker pair, all accesses volatile): the waiter sets the flag, re-reads the
 * word, and parks only if it still holds the value it wants changed; the waker stores the new
 * value, then reads the flag and, if set, clears it and wakes everyone parked on the word. Either
 * the waiter sees the new value or the waker sees the flag; {@code futex_wait} compares the
 * value atomically with queueing, so a wake between the re-check and the park is not lost.
 */
final class Parking {
  /** How long a waiter spins before it parks: a futex wake costs tens of microseconds. */
  static final long SPIN_NANOS = 20_000;

  private Parking() {}

  /**
   * Parks while the word at {@code word} holds {@code expected}, at most {@code nanos} (and at
   * most {@link Futex#MAX_PARK_NANOS}), after setting the flag at {@code flag}.
   */
  static void park(MemorySegment m, long word, int expected, long flag, long nanos) {
    Memory.setIntVolatile(m, flag, 1);
    if (Memory.getIntVolatile(m, word) != expected) {
      return;
    }
    Futex.await(m, word, expected, nanos);
  }

  /** After changing the word at {@code word}: wakes its waiters if the flag says there are any. */
  static void wakeIfWaiting(MemorySegment m, long word, long flag) {
    if (Memory.getIntVolatile(m, flag) != 0 && Memory.getAndSetInt(m, flag, 0) != 0) {
      Futex.wake(m, word, Integer.MAX_VALUE);
    }
  }

  /**
   * Turns a timeout into a {@link System#nanoTime()} deadline.
   *
   * @param timeout the timeout; negative counts as zero
   * @return the deadline, {@link Long#MAX_VALUE} if it is too far to tell
   */
  static long deadline(Duration timeout) {
    long now = System.nanoTime();
    if (timeout.isNegative() || timeout.isZero()) {
      return now;
    }
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
    return nanos >= Long.MAX_VALUE - Math.max(0, now) ? Long.MAX_VALUE : now + nanos;
  }

  /**
   * Turns a timeout in nanoseconds (saturated, as {@link java.util.concurrent.TimeUnit#toNanos}
   * gives it) into a {@link System#nanoTime()} deadline.
   *
   * @param nanos the timeout; zero or negative means now
   * @return the deadline, {@link Long#MAX_VALUE} if it is too far to tell
   */
  static long deadline(long nanos) {
    long now = System.nanoTime();
    if (nanos <= 0) {
      return now;
    }
    return nanos >= Long.MAX_VALUE - Math.max(0, now) ? Long.MAX_VALUE : now + nanos;
  }

  /** Nanoseconds left until {@code deadline}, at least 0. */
  static long left(long deadline) {
    return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - System.nanoTime());
  }
}
