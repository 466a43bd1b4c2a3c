package dev.multiproc.internal.sync;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Helpers shared by the primitives: 64-bit access, deadlines and the spin budget. */
final class Words {
  /** Plain and atomic access to a 64-bit word of a segment: (segment, offset). */
  static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
  /** How long a waiter spins before it parks on a futex. */
  static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
  /** The deadline that never comes. */
  static final long NEVER = Long.MAX_VALUE;

  private Words() {}

  /**
   * Returns the {@link System#nanoTime()} deadline {@code timeout} from now: now for a zero or
   * negative timeout, {@link #NEVER} for one too long to count.
   */
  static long deadline(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return NEVER;
    }
    return deadline(nanos);
  }

  /** Returns the deadline {@code nanos} from now, saturating at {@link #NEVER}. */
  static long deadline(long nanos) {
    long now = System.nanoTime();
    if (nanos <= 0) {
      return now;
    }
    long d = now + nanos;
    return d < now || d == NEVER ? NEVER - 1 : d;
  }

  /** Returns the nanoseconds left until {@code deadline}; {@link #NEVER} for no deadline. */
  static long left(long deadline) {
    return deadline == NEVER ? NEVER : deadline - System.nanoTime();
  }

  /** Returns this thread's identity across processes: pid in the high half, thread id low. */
  static long threadKey() {
    return ((long) dev.multiproc.internal.shm.ShmMutex.PID << 32)
        | (Thread.currentThread().threadId() & 0xFFFF_FFFFL);
  }

  /** Describes a thread key for messages: {@code pid 123 thread 45}. */
  static String describeKey(long key) {
    return "pid " + (key >>> 32) + " thread " + (key & 0xFFFF_FFFFL);
  }
}
