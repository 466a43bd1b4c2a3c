package dev.multiproc.internal.sync;

import dev.multiproc.spi.Deadlines;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.internal.shm.Futex;
import dev.multiproc.internal.shm.SharedHandle;
import dev.multiproc.internal.shm.ShmMutex;
import dev.multiproc.sync.Barrier;
import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code multiprocessing.Barrier} on a guard word and a phase word.
 *
 * <pre>
 *   DATA + 0    guard (int): a ShmMutex word over the words below
 *   DATA + 4    phase (int, futex word): generation &lt;&lt; 1 | broken
 *   DATA + 8    count (int): parties arrived in this generation
 *   DATA + 16   ended broken (long): bit (g &amp; 63) set if generation g ended broken (reset)
 * </pre>
 *
 * <p>Parties park on the phase word until it changes. The last to arrive runs the action, then
 * starts the next generation (count 0, phase + 2) and wakes all. Breaking sets the broken bit of
 * the phase; {@link #reset()} moves to the next generation and marks the old one as ended
 * broken, so parties still parked in it can tell a reset from a release after they wake.
 * Arrivals beyond the parties of a generation (while its action runs) wait for the next one.
 */
public final class ShmBarrier extends SharedHandle implements Barrier {
  @Serial private static final long serialVersionUID = 1L;
  static final int KIND = 106;
  private static final long GUARD = DATA;
  private static final long PHASE = DATA + 4;
  private static final long COUNT = DATA + 8;
  private static final long ENDED_BROKEN = DATA + 16;

  private final int parties;
  private final @Nullable SerializableRunnable action;
  private final @Nullable Duration timeout;

  private ShmBarrier(int parties, @Nullable SerializableRunnable action,
      @Nullable Duration timeout) {
    super(KIND, 24);
    this.parties = parties;
    this.action = action;
    this.timeout = timeout;
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
    if (parties < 1) {
      throw new IllegalArgumentException("barrier parties must be at least 1: parties=" + parties);
    }
    if (timeout != null && timeout.isNegative()) {
      throw new IllegalArgumentException("barrier timeout must not be negative: " + timeout);
    }
    return new ShmBarrier(parties, action, timeout);
  }

  @Override
  public int await() throws InterruptedException, BrokenBarrierException {
    return timeout == null ? awaitBy(Deadlines.NEVER, null) : await(timeout);
  }

  @Override
  public int await(Duration timeout) throws InterruptedException, BrokenBarrierException {
    return awaitBy(Deadlines.deadline(timeout), timeout);
  }

  private int awaitBy(long deadline, @Nullable Duration timeout)
      throws InterruptedException, BrokenBarrierException {
    MemorySegment m = memory();
    if (Thread.interrupted()) { // as CyclicBarrier: an interrupted party breaks the barrier
      breakGeneration(m, (int) Futex.INT.getVolatile(m, PHASE) & ~1);
      throw new InterruptedException("interrupted on entering a barrier; it is now broken");
    }
    while (true) {
      lockGuard(m);
      int phase = (int) Futex.INT.get(m, PHASE);
      int count = (int) Futex.INT.get(m, COUNT);
      if ((phase & 1) != 0) {
        ShmMutex.release(m, GUARD);
        throw broken();
      }
      if (count < parties) {
        Futex.INT.set(m, COUNT, count + 1);
        ShmMutex.release(m, GUARD);
        return count + 1 == parties
            ? releaseGeneration(m, phase, count)
            : awaitRelease(m, phase, count, deadline, timeout);
      }
      ShmMutex.release(m, GUARD); // this generation is full and its action runs: wait for the next
      if (!awaitPhaseChange(m, phase, deadline)) {
        throw timedOut(m, phase, timeout);
      }
    }
  }

  private int releaseGeneration(MemorySegment m, int phase, int index)
      throws BrokenBarrierException {
    if (action != null) {
      try {
        action.run();
      } catch (RuntimeException | Error e) {
        breakGeneration(m, phase);
        throw e;
      }
    }
    lockGuard(m);
    try {
      if ((int) Futex.INT.get(m, PHASE) != phase) {
        throw broken(); // broken or reset while the action ran
      }
      startGeneration(m, (phase >>> 1) + 1);
    } finally {
      ShmMutex.release(m, GUARD);
    }
    Futex.wake(m, PHASE, Integer.MAX_VALUE);
    return index;
  }

  private int awaitRelease(MemorySegment m, int phase, int index, long deadline,
      @Nullable Duration timeout) throws InterruptedException, BrokenBarrierException {
    if (!awaitPhaseChange(m, phase, deadline)) {
      throw timedOut(m, phase, timeout);
    }
    int now = (int) Futex.INT.getVolatile(m, PHASE);
    long endedBroken = (long) Words.LONG.getVolatile(m, ENDED_BROKEN);
    if ((now >>> 1) == (phase >>> 1) || (endedBroken & bit(phase >>> 1)) != 0) {
      throw broken();
    }
    return index;
  }

  /** Waits until the phase is no longer {@code phase}; false on timeout. Interrupts break it. */
  private boolean awaitPhaseChange(MemorySegment m, int phase, long deadline)
      throws InterruptedException {
    Futex.spinUntilChanged(m, PHASE, phase, Math.min(Words.SPIN_NANOS, Deadlines.left(deadline)));
    while ((int) Futex.INT.getVolatile(m, PHASE) == phase) {
      if (Thread.interrupted()) {
        breakGeneration(m, phase);
        throw new InterruptedException("interrupted while waiting at a barrier");
      }
      long left = Deadlines.left(deadline);
      if (left <= 0) {
        return false;
      }
      Futex.await(m, PHASE, phase, left);
    }
    return true;
  }

  private BrokenBarrierException timedOut(MemorySegment m, int phase, @Nullable Duration timeout)
      throws BrokenBarrierException {
    int arrived = (int) Futex.INT.getVolatile(m, COUNT);
    if (!breakGeneration(m, phase)) {
      throw broken(); // released or broken by someone else at the last moment: not a timeout
    }
    return new BrokenBarrierException("barrier timed out after " + timeout + " with " + arrived
        + " of " + parties + " parties arrived; it is now broken");
  }

  /** Breaks generation {@code phase} if it is still current; returns whether it did. */
  private boolean breakGeneration(MemorySegment m, int phase) {
    lockGuard(m);
    try {
      if ((int) Futex.INT.get(m, PHASE) != phase) {
        return false;
      }
      Words.LONG.set(m, ENDED_BROKEN, (long) Words.LONG.get(m, ENDED_BROKEN) | bit(phase >>> 1));
      Futex.INT.setVolatile(m, PHASE, phase | 1);
    } finally {
      ShmMutex.release(m, GUARD);
    }
    Futex.wake(m, PHASE, Integer.MAX_VALUE);
    return true;
  }

  /** Starts {@code generation}, unbroken and empty. Called with the guard held. */
  private static void startGeneration(MemorySegment m, int generation) {
    Words.LONG.set(m, ENDED_BROKEN, (long) Words.LONG.get(m, ENDED_BROKEN) & ~bit(generation));
    Futex.INT.set(m, COUNT, 0);
    Futex.INT.setVolatile(m, PHASE, generation << 1);
  }

  private static long bit(int generation) {
    return 1L << (generation & 63);
  }

  private static BrokenBarrierException broken() {
    return new BrokenBarrierException("barrier is broken");
  }

  @Override
  public void abort() {
    MemorySegment m = memory();
    int phase = (int) Futex.INT.getVolatile(m, PHASE);
    while ((phase & 1) == 0 && !breakGeneration(m, phase)) {
      phase = (int) Futex.INT.getVolatile(m, PHASE);
    }
  }

  @Override
  public void reset() {
    MemorySegment m = memory();
    lockGuard(m);
    try {
      int phase = (int) Futex.INT.get(m, PHASE);
      int generation = phase >>> 1;
      if ((phase & 1) != 0 || (int) Futex.INT.get(m, COUNT) > 0) {
        Words.LONG.set(m, ENDED_BROKEN, (long) Words.LONG.get(m, ENDED_BROKEN) | bit(generation));
      }
      startGeneration(m, generation + 1);
    } finally {
      ShmMutex.release(m, GUARD);
    }
    Futex.wake(m, PHASE, Integer.MAX_VALUE);
  }

  @Override
  public boolean isBroken() {
    return ((int) Futex.INT.getVolatile(memory(), PHASE) & 1) != 0;
  }

  @Override
  public int nWaiting() {
    MemorySegment m = memory();
    if (isBroken()) {
      return 0;
    }
    int count = (int) Futex.INT.getVolatile(m, COUNT);
    return count < parties ? count : 0;
  }

  @Override
  public int parties() {
    return parties;
  }

  private static void lockGuard(MemorySegment m) {
    try {
      ShmMutex.acquire(m, GUARD, Deadlines.NEVER, false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    }
  }

  @Override
  public String toString() {
    return "Barrier[" + segmentName() + ", parties=" + parties + ", waiting=" + nWaiting()
        + (isBroken() ? ", broken]" : "]");
  }
}
