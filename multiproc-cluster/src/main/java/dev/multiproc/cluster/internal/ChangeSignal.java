package dev.multiproc.cluster.internal;

import dev.multiproc.spi.Deadlines;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Wakes this JVM's waiters on one cluster object: a listener calls {@link #changed()}, and a
 * waiter that failed to get what it wants sleeps until the object changes, then tries again. No
 * polling: it looks again on its own only every {@link #RECHECK_NANOS}, in case a notification was
 * lost while a partition moved.
 *
 * <p>Each try runs through {@link ClusterCalls}, so an interrupt never cuts one short; the wait
 * between tries is the only place an interrupt ends, and there nothing is pending in the cluster.
 */
final class ChangeSignal {
  /** How long a waiter sleeps at most without a notification before it looks again. */
  static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final String what;
  private long changes;
  private boolean closed;

  /**
   * A signal for one object.
   *
   * @param what the object, for the message when it is closed ("semaphore" ...)
   */
  ChangeSignal(String what) {
    this.what = what;
  }

  /** The object changed: wakes every waiter. */
  synchronized void changed() {
    changes++;
    notifyAll();
  }

  /** The object is closed: wakes every waiter, who get {@link IllegalStateException}. */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  /**
   * Tries {@code attempt} until it succeeds, sleeping between tries until the object changes.
   *
   * @param attempt one try: cluster calls, run whatever interrupts come meanwhile
   * @param deadline a {@link Deadlines} deadline; {@link Deadlines#NEVER} for none
   * @param interruptible whether an interrupt ends the wait (otherwise it is kept for later)
   * @return whether an attempt succeeded before the deadline
   * @throws InterruptedException if interruptible and interrupted between tries; the interrupt
   *     status is then clear
   * @throws IllegalStateException if the object is closed meanwhile
   */
  boolean retry(BooleanSupplier attempt, long deadline, boolean interruptible)
      throws InterruptedException {
    return retry(attempt, deadline, interruptible, () -> RECHECK_NANOS);
  }

  /**
   * As {@link #retry(BooleanSupplier, long, boolean)}, looking again on its own, without a
   * notification, after what {@code recheckNanos} says after each try (sooner than {@link
   * #RECHECK_NANOS} for a change no listener hears of, such as the death of a holder).
   */
  boolean retry(
      BooleanSupplier attempt, long deadline, boolean interruptible, LongSupplier recheckNanos)
      throws InterruptedException {
    return retry(attempt, null, deadline, interruptible, recheckNanos);
  }

  /**
   * As {@link #retry(BooleanSupplier, long, boolean)}, each try bounded by the deadline ({@link
   * ClusterCalls#callBy}): a try the cluster does not answer by then fails the wait with {@link
   * dev.multiproc.cluster.ClusterUnreachableException}, and if it succeeds after that, {@code
   * undo} gives back what it took.
   */
  boolean retryBy(BooleanSupplier attempt, Runnable undo, long deadline, boolean interruptible)
      throws InterruptedException {
    return retry(attempt, undo, deadline, interruptible, () -> RECHECK_NANOS);
  }

  /**
   * As {@link #retryBy(BooleanSupplier, Runnable, long, boolean)}, looking again on its own after
   * what {@code recheckNanos} says, as {@link #retry(BooleanSupplier, long, boolean,
   * LongSupplier)} does; with {@link Deadlines#NEVER}, the tries are not bounded and nothing is
   * undone.
   */
  boolean retryBy(
      BooleanSupplier attempt,
      Runnable undo,
      long deadline,
      boolean interruptible,
      LongSupplier recheckNanos)
      throws InterruptedException {
    return retry(attempt, undo, deadline, interruptible, recheckNanos);
  }

  private boolean retry(
      BooleanSupplier attempt,
      @Nullable Runnable undo,
      long deadline,
      boolean interruptible,
      LongSupplier recheckNanos)
      throws InterruptedException {
    if (interruptible && Thread.interrupted()) {
      throw new InterruptedException("interrupted before waiting on a " + what);
    }
    boolean interrupted = false;
    try {
      while (true) {
        long seen;
        synchronized (this) {
          checkOpen();
          seen = changes;
        }
        boolean done =
            undo == null
                ? ClusterCalls.call(attempt::getAsBoolean)
                : ClusterCalls.callBy(
                    deadline,
                    attempt::getAsBoolean,
                    took -> {
                      if (took) {
                        undo.run();
                      }
                    },
                    "a " + what);
        if (done) {
          return true;
        }
        long left = Deadlines.left(deadline);
        if (left <= 0) {
          return false;
        }
        long until = System.nanoTime() + Math.min(left, recheckNanos.getAsLong());
        synchronized (this) {
          while (changes == seen && !closed) {
            long w = until - System.nanoTime();
            if (w <= 0) {
              break;
            }
            try {
              TimeUnit.NANOSECONDS.timedWait(this, w);
            } catch (InterruptedException e) {
              if (interruptible) {
                throw e;
              }
              interrupted = true;
            }
          }
        }
        if (interruptible && Thread.interrupted()) { // came during a try
          throw new InterruptedException("interrupted while waiting on a " + what);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the " + what + " is closed");
    }
  }
}
