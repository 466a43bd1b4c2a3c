package dev.multiproc.internal.sync;

import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.internal.shm.Futex;
import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.shm.SharedHandle;
import dev.multiproc.internal.shm.ShmLayout;
import dev.multiproc.internal.shm.ShmMutex;
import dev.multiproc.spi.BarrierPhase;
import dev.multiproc.spi.BarrierSpec;
import dev.multiproc.spi.BarrierWaits;
import dev.multiproc.spi.Checks;
import dev.multiproc.spi.Deadlines;
import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code multiprocessing.Barrier}: a {@link BarrierPhase} on a guard word and a phase
 * word. The rules are {@link BarrierWaits}'s and {@link BarrierPhase}'s; this class stores the
 * state and waits on it.
 *
 * <p>Its words after the header are {@link #LAYOUT} (drawn in {@code docs/shm-layouts.md}).
 *
 * <p>A step takes the guard, reads the words, writes the state after and wakes every party
 * parked on the phase word if the step changed it. Parties park on the phase word until it
 * changes: while a generation is current the word is its number, or that number broken, so any
 * change ends it. Generations count modulo 2<sup>31</sup>, which keeps {@code g & 63} right.
 */
public final class ShmBarrier extends SharedHandle implements BarrierWaits {
  @Serial private static final long serialVersionUID = 1L;

  /** The barrier's words, after the header. */
  static final ShmLayout LAYOUT =
      ShmLayout.of("ShmBarrier")
          .int32("guard", "ShmMutex word over the words below")
          .int32("phase", "futex word: generation << 1 | broken")
          .int32("count", "parties arrived in this generation")
          .int64("endedBroken", "bit (g & 63) set if generation g ended broken (reset)")
          .build();

  private static final long GUARD = DATA + LAYOUT.offset("guard");
  private static final long PHASE = DATA + LAYOUT.offset("phase");
  private static final long COUNT = DATA + LAYOUT.offset("count");
  private static final long ENDED_BROKEN = DATA + LAYOUT.offset("endedBroken");

  private final BarrierSpec spec;

  private ShmBarrier(BarrierSpec spec) {
    super(SegmentKind.BARRIER, LAYOUT.size());
    this.spec = spec;
  }

  /**
   * Creates a barrier owned by this process.
   *
   * @param parties how many parties release it, at least 1
   * @param action what the last party runs before the others are released, or null
   * @param timeout the default timeout of {@link #await()}, or null for none
   * @return the barrier
   * @throws IllegalArgumentException if {@code parties < 1} or the timeout is negative
   */
  public static ShmBarrier create(
      int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout) {
    return new ShmBarrier(new BarrierSpec(parties, action, timeout));
  }

  @Override
  public BarrierSpec spec() {
    return spec;
  }

  @Override
  public BarrierPhase.Step step(int op, long generation, long deadline) {
    // shared memory always answers: no deadline needed
    MemorySegment m = memory();
    BarrierPhase before;
    BarrierPhase.Step r;
    lockGuard(m);
    try {
      before = read(m, Memory.getInt(m, PHASE));
      r = before.step(op, generation, spec.parties());
      BarrierPhase next = r.next();
      if (next != before) {
        Memory.setLong(m, ENDED_BROKEN, next.endedBroken());
        Memory.setInt(m, COUNT, next.count());
        Memory.setIntVolatile(m, PHASE, word(next));
      }
    } finally {
      ShmMutex.release(m, GUARD);
    }
    if (word(r.next()) != word(before)) {
      Futex.wake(m, PHASE, Integer.MAX_VALUE);
    }
    return r;
  }

  @Override
  public BarrierPhase phase() {
    MemorySegment m = memory();
    return read(m, Memory.getIntVolatile(m, PHASE));
  }

  private static BarrierPhase read(MemorySegment m, int phase) {
    return new BarrierPhase(
        phase >>> 1,
        Memory.getIntVolatile(m, COUNT),
        (phase & 1) != 0,
        Memory.getLongVolatile(m, ENDED_BROKEN));
  }

  private static int word(BarrierPhase s) {
    return (int) (s.generation() << 1) | (s.broken() ? 1 : 0);
  }

  @Override
  public @Nullable BarrierPhase awaitEnd(long generation, long deadline, boolean interruptible)
      throws InterruptedException {
    MemorySegment m = memory();
    int phase = word(new BarrierPhase(generation, 0, false, 0));
    Futex.spinUntilChanged(m, PHASE, phase, Math.min(Words.SPIN_NANOS, Deadlines.left(deadline)));
    boolean interrupted = false;
    try {
      while (Memory.getIntVolatile(m, PHASE) == phase) {
        if (Thread.interrupted()) {
          if (interruptible) {
            throw new InterruptedException("interrupted while waiting at a barrier");
          }
          interrupted = true;
        }
        long left = Deadlines.left(deadline);
        if (left <= 0) {
          return null;
        }
        Futex.await(m, PHASE, phase, left);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return phase();
  }

  private static void lockGuard(MemorySegment m) {
    try {
      ShmMutex.acquire(m, GUARD, Deadlines.NEVER, false);
    } catch (InterruptedException e) {
      throw Checks.uninterruptible(e);
    }
  }

  @Override
  public String toString() {
    return "Barrier["
        + segmentName()
        + ", parties="
        + spec.parties()
        + ", waiting="
        + nWaiting()
        + (isBroken() ? ", broken]" : "]");
  }
}
