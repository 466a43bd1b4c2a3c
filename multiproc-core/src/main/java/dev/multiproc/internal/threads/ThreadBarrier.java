package dev.multiproc.internal.threads;

import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.sync.Barrier;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * {@link Barrier} in this JVM, with the local context's semantics: arrival indices from 0 (first
 * to arrive) to {@code parties - 1}; a timeout, an interrupt, {@link #abort()} or a failed action
 * breaks it until {@link #reset()}; the action runs in the last party's thread.
 */
public final class ThreadBarrier implements Barrier {
  /** One round; broken or released once. */
  private static final class Generation {
    boolean broken;
  }

  private final int parties;
  private final @Nullable Runnable action;
  private final @Nullable Duration timeout;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition trip = lock.newCondition();
  private Generation generation = new Generation();
  private int arrived;

  /**
   * Creates a barrier.
   *
   * @param parties how many parties release it, at least 1
   * @param action run by the last party to arrive, or null
   * @param timeout the default timeout of {@link #await()}, or null
   * @throws IllegalArgumentException if {@code parties < 1} or {@code timeout} is negative
   */
  public ThreadBarrier(
      int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout) {
    if (parties < 1) {
      throw new IllegalArgumentException("barrier parties must be at least 1: parties=" + parties);
    }
    if (timeout != null && timeout.isNegative()) {
      throw new IllegalArgumentException("barrier timeout must not be negative: " + timeout);
    }
    this.parties = parties;
    this.action = action;
    this.timeout = timeout;
  }

  @Override
  public int await() throws InterruptedException, BrokenBarrierException {
    return awaitFor(timeout);
  }

  @Override
  public int await(Duration timeout) throws InterruptedException, BrokenBarrierException {
    return awaitFor(timeout);
  }

  private int awaitFor(@Nullable Duration timeout)
      throws InterruptedException, BrokenBarrierException {
    lock.lock();
    try {
      Generation g = generation;
      if (g.broken) {
        throw broken();
      }
      if (Thread.interrupted()) {
        breakLocked();
        throw new InterruptedException("interrupted while waiting at a barrier");
      }
      int index = arrived++;
      if (arrived == parties) {
        if (action != null) {
          try {
            action.run();
          } catch (RuntimeException | Error e) {
            breakLocked();
            throw e;
          }
        }
        generation = new Generation();
        arrived = 0;
        trip.signalAll();
        return index;
      }
      long nanos = timeout == null ? -1 : Math.max(0, timeout.toNanos());
      while (true) {
        try {
          if (nanos < 0) {
            trip.await();
          } else if (nanos > 0) {
            nanos = trip.awaitNanos(nanos);
          }
        } catch (InterruptedException e) {
          if (g == generation && !g.broken) {
            breakLocked();
            throw new InterruptedException("interrupted while waiting at a barrier");
          }
          Thread.currentThread().interrupt(); // released or broken meanwhile: keep the status
        }
        if (g.broken) {
          throw broken();
        }
        if (g != generation) {
          return index;
        }
        if (timeout != null && nanos <= 0) {
          int waiting = arrived;
          breakLocked();
          throw new BrokenBarrierException("barrier timed out after " + timeout + " with "
              + waiting + " of " + parties + " parties arrived; it is now broken");
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void breakLocked() {
    generation.broken = true;
    arrived = 0;
    trip.signalAll();
  }

  private static BrokenBarrierException broken() {
    return new BrokenBarrierException("barrier is broken");
  }

  @Override
  public void abort() {
    lock.lock();
    try {
      breakLocked();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void reset() {
    lock.lock();
    try {
      breakLocked();
      generation = new Generation();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isBroken() {
    lock.lock();
    try {
      return generation.broken;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int nWaiting() {
    lock.lock();
    try {
      return generation.broken ? 0 : arrived;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int parties() {
    return parties;
  }

  @Override
  public void close() {
    // heap only: nothing to remove
  }

  @Override
  public String toString() {
    return "Barrier[threads, parties " + parties + ", waiting " + nWaiting()
        + (isBroken() ? ", broken" : "") + "]";
  }
}
