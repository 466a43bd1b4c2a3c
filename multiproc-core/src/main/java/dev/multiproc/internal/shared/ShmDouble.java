package dev.multiproc.internal.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.shm.ShmLayout;
import dev.multiproc.internal.sync.ShmRLock;
import dev.multiproc.shared.SharedDouble;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/** {@link SharedDouble} in shared memory. */
public final class ShmDouble extends ShmValue implements SharedDouble {
  @Serial private static final long serialVersionUID = 1L;

  /** The value's word, after the header. */
  static final ShmLayout LAYOUT = ShmLayout.of("ShmDouble").float64("value", "the double").build();

  private static final long VALUE = DATA + LAYOUT.offset("value");

  /**
   * Creates the value.
   *
   * @param initial its value
   * @param lock its lock, or null for a raw value
   */
  public ShmDouble(double initial, @Nullable ShmRLock lock) {
    super(SegmentKind.DOUBLE, LAYOUT.size(), lock);
    set(initial);
  }

  @Override
  public double get() {
    return Memory.getDoubleVolatile(memory(), VALUE);
  }

  @Override
  public void set(double value) {
    Memory.setDoubleVolatile(memory(), VALUE, value);
  }

  @Override
  public double addAndGet(double delta) {
    while (true) {
      double current = get();
      double next = current + delta;
      if (compareAndSet(current, next)) {
        return next;
      }
    }
  }

  @Override
  public boolean compareAndSet(double expected, double value) {
    return Memory.compareAndSetDouble(memory(), VALUE, expected, value);
  }

  @Override
  public String toString() {
    return "SharedDouble[" + get() + "]";
  }
}
