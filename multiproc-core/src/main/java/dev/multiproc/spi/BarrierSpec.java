package dev.multiproc.spi;

import dev.multiproc.function.SerializableRunnable;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a barrier is made with, checked once for every backend.
 *
 * @param parties how many parties release it, at least 1
 * @param action what the last party runs before the others are released, or null
 * @param timeout the default timeout of {@code await()}, or null for none
 */
public record BarrierSpec(
    int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout)
    implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Checks the arguments.
   *
   * @throws IllegalArgumentException if {@code parties < 1} or the timeout is negative
   */
  public BarrierSpec {
    Checks.parties(parties);
    Checks.barrierTimeout(timeout);
  }
}
