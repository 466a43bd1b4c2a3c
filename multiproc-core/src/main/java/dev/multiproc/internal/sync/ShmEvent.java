package dev.multiproc.internal.sync;

import dev.multiproc.internal.shm.Futex;
import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.shm.SharedHandle;
import dev.multiproc.internal.shm.ShmLayout;
import dev.multiproc.spi.Deadlines;
import dev.multiproc.spi.EventWaits;
import java.io.Serial;
import java.lang.foreign.MemorySegment;

/**
 * Python's {@code multiprocessing.Event} on one futex word.
 * Its word after the header is {@link #LAYOUT}.
 *
 * <p>A waiter that has spun in vain sets bit 1 before it parks, and {@link #set()} makes the
 * {@code futex_wake} system call only when it finds that bit: setting an event nobody sleeps on
 * is one atomic swap.
 */
public final class ShmEvent extends SharedHandle implements EventWaits {
  @Serial private static final long serialVersionUID = 1L;

  /** The event's word, after the header. */
  static final ShmLayout LAYOUT =
      ShmLayout.of("ShmEvent")
          .int32("state", "futex word: bit 0 set, bit 1 someone may be parked")
          .build();

  private static final long STATE = DATA + LAYOUT.offset("state");
  private static final int SET = 1;
  private static final int PARKED = 2;

  private ShmEvent() {
    super(SegmentKind.EVENT, LAYOUT.size());
  }

  /**
   * Creates an event, clear, owned by this process.
   *
   * @return the event
   */
  public static ShmEvent create() {
    return new ShmEvent();
  }

  @Override
  public void set() {
    MemorySegment m = memory();
    if (Memory.getIntVolatile(m, STATE) == SET) {
      return;
    }
    if ((Memory.getAndSetInt(m, STATE, SET) & PARKED) != 0) {
      Futex.wake(m, STATE, Integer.MAX_VALUE);
    }
  }

  @Override
  public void clear() {
    MemorySegment m = memory();
    while (true) {
      int v = Memory.getIntVolatile(m, STATE);
      if ((v & SET) == 0 || Memory.compareAndSetInt(m, STATE, v, v & ~SET)) {
        return;
      }
    }
  }

  @Override
  public boolean isSet() {
    return (Memory.getIntVolatile(memory(), STATE) & SET) != 0;
  }

  @Override
  public boolean awaitBy(long deadline) throws InterruptedException {
    MemorySegment m = memory();
    int v = Memory.getIntVolatile(m, STATE);
    if ((v & SET) != 0) {
      return true;
    }
    Futex.spinUntilChanged(m, STATE, v, Math.min(Words.SPIN_NANOS, Deadlines.left(deadline)));
    while (true) {
      v = Memory.getIntVolatile(m, STATE);
      if ((v & SET) != 0) {
        return true;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for an event");
      }
      long left = Deadlines.left(deadline);
      if (left <= 0) {
        return false;
      }
      if ((v & PARKED) == 0 && !Memory.compareAndSetInt(m, STATE, v, v | PARKED)) {
        continue;
      }
      Futex.await(m, STATE, v | PARKED, left);
    }
  }

  @Override
  public String toString() {
    return "Event[" + segmentName() + (isSet() ? ", set]" : ", clear]");
  }
}
