package dev.multiproc.internal.threads;

import dev.multiproc.spi.Checks;
import dev.multiproc.spi.Deadlines;
import dev.multiproc.spi.PermitWaits;
import dev.multiproc.sync.BoundedSemaphore;
import dev.multiproc.sync.MpSemaphore;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@link MpSemaphore} and {@link BoundedSemaphore} in this JVM: a {@link Semaphore}. No holder
 * can die without its JVM here, so {@link #reclaimedPermits()} is always 0.
 */
public final class ThreadSemaphore implements PermitWaits, BoundedSemaphore {
  private final Semaphore permits;
  private final int initial;
  private final boolean bounded;

  private ThreadSemaphore(int value, boolean bounded) {
    this.permits = new Semaphore(Checks.initialValue(value));
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
  public boolean takeBy(long deadline) throws InterruptedException {
    if (deadline == Deadlines.NEVER) {
      permits.acquire();
      return true;
    }
    return permits.tryAcquire(Math.max(0, Deadlines.left(deadline)), TimeUnit.NANOSECONDS);
  }

  @Override
  public boolean takeNow() {
    return permits.tryAcquire();
  }

  @Override
  public void release() {
    if (!bounded) {
      permits.release();
      return;
    }
    synchronized (this) { // releases are serialized, so the value can only drop meanwhile
      Checks.belowBound(permits.availablePermits(), initial);
      permits.release();
    }
  }

  @Override
  public Runnable holdPermit() {
    permits.acquireUninterruptibly();
    return this::release;
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
        + getValue()
        + "]";
  }
}
