package dev.multiproc.internal.threads;

import dev.multiproc.sync.BoundedSemaphore;
import dev.multiproc.spi.Deadlines;
import dev.multiproc.spi.Holds;
import dev.multiproc.sync.Held;
import dev.multiproc.sync.MpSemaphore;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@link MpSemaphore} and {@link BoundedSemaphore} in this JVM: a {@link Semaphore}. No holder
 * can die without its JVM here, so {@link #reclaimedPermits()} is always 0.
 */
public final class ThreadSemaphore implements BoundedSemaphore {
  private final Semaphore permits;
  private final int initial;
  private final boolean bounded;

  private ThreadSemaphore(int value, boolean bounded) {
    if (value < 0) {
      throw new IllegalArgumentException("semaphore initial value must be >= 0: value=" + value);
    }
    this.permits = new Semaphore(value);
    this.initial = value;
    this.bounded = bounded;
  }

  /**
   * Returns a semaphore. Python: {@code threading.Semaphore(value)}.
   *
   * @param value the initial number of permits
   * @return the semaphore
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static MpSemaphore create(int value) {
    return new ThreadSemaphore(value, false);
  }

  /**
   * Returns a bounded semaphore. Python: {@code threading.BoundedSemaphore(value)}.
   *
   * @param value the initial number of permits and the bound
   * @return the semaphore
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static BoundedSemaphore bounded(int value) {
    return new ThreadSemaphore(value, true);
  }

  @Override
  public void acquire() throws InterruptedException {
    permits.acquire();
  }

  @Override
  public boolean acquire(Duration timeout) throws InterruptedException {
    return permits.tryAcquire(Deadlines.nanos(timeout), TimeUnit.NANOSECONDS);
  }

  @Override
  public boolean tryAcquire() {
    return permits.tryAcquire();
  }

  @Override
  public void release() {
    if (!bounded) {
      permits.release();
      return;
    }
    synchronized (this) { // releases are serialized, so the value can only drop meanwhile
      int value = permits.availablePermits();
      if (value >= initial) {
        throw new IllegalStateException("BoundedSemaphore released too many times: value "
            + value + " is already its initial value " + initial);
      }
      permits.release();
    }
  }

  @Override
  public Held hold() {
    permits.acquireUninterruptibly();
    return Holds.releasingOnce(this::release);
  }

  @Override
  public int getValue() {
    return permits.availablePermits();
  }

  @Override
  public long reclaimedPermits() {
    return 0;
  }

  @Override
  public int initialValue() {
    return initial;
  }

  @Override
  public void close() {
    // heap only: nothing to remove
  }

  @Override
  public String toString() {
    return (bounded ? "BoundedSemaphore[threads, value " : "Semaphore[threads, value ")
        + getValue() + "]";
  }
}
