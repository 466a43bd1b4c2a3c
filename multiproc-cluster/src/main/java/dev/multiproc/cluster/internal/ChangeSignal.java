package dev.multiproc.cluster.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Wakes this JVM's waiters on one cluster entry: an entry listener calls {@link #changed()}, and
 * a waiter that failed to get what it wants sleeps until the entry changes, then tries again. No
 * polling: it looks again on its own only every {@link #RECHECK_NANOS}, in case a notification was
 * lost while a partition moved.
 */
final class ChangeSignal {
  /** How long a waiter sleeps at most without a notification before it looks again. */
  static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(30);

  private long changes;
  private boolean closed;

  /** The entry changed: wakes every waiter. */
  synchronized void changed() {
    changes++;
    notifyAll();
  }

  /** The object is closed: wakes every waiter, and none sleeps again. */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  /**
   * Tries {@code attempt} until it succeeds, sleeping between tries until the entry changes.
   *
   * @param attempt one try, a cluster call
   * @param nanos how long at most; negative for ever
   * @param interruptible whether an interrupt ends the wait (otherwise it is kept for later)
   * @return whether an attempt succeeded before the time ran out
   * @throws InterruptedException if interruptible and interrupted
   */
  boolean retry(BooleanSupplier attempt, long nanos, boolean interruptible)
      throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    boolean interrupted = false;
    try {
      while (true) {
        long seen;
        synchronized (this) {
          seen = changes;
        }
        if (attempt.getAsBoolean()) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (nanos >= 0 && left <= 0) {
          return false;
        }
        long until = System.nanoTime() + (nanos < 0 ? RECHECK_NANOS : Math.min(left, RECHECK_NANOS));
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
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
