package dev.multiproc.spi;

import dev.multiproc.sync.Held;
import java.util.concurrent.atomic.AtomicBoolean;

/** The {@link Held} of a lock or semaphore, the same on every backend. */
public final class Holds {
  private Holds() {}

  /**
   * Returns a {@link Held} whose first {@code close()} runs {@code release}; later ones do nothing.
   * The caller has acquired what {@code release} gives back.
   *
   * @param release gives back what was acquired
   * @return the hold
   */
  public static Held releasingOnce(Runnable release) {
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.getAndSet(false)) {
        release.run();
      }
    };
  }
}
