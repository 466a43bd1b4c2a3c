package dev.multiproc.internal.shm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Linux futexes on 32-bit words in shared memory: the one way every cross-process primitive of
 * the library parks and wakes. Shared (not {@code FUTEX_PRIVATE}) operations, so waiters and
 * wakers may be different processes that map the same file.
 *
 * <p>A futex wake costs tens of microseconds on a VM, so callers spin a little first ({@link
 * #spinUntilChanged}), bounded in time: the machine may have only two cores.
 *
 * <p>A virtual thread never sleeps in the kernel here, which would pin its carrier: it parks, and
 * a platform thread waits in the kernel for it ({@link VirtualWaits}).
 */
public final class Futex {
  private static final int FUTEX_WAIT = 0;
  private static final int FUTEX_WAKE = 1;
  private static final int FUTEX2_SIZE_U32 = 2;
  private static final int CLOCK_MONOTONIC = 1;

  /** Spin steps that only pause the CPU (about 2 µs) before the spin starts yielding. */
  private static final int PAUSES_BEFORE_YIELD = 64;

  /** The longest single park: callers re-check liveness and interrupts at least this often. */
  public static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private static final ThreadLocal<MemorySegment> TIMESPEC =
      ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

  private Futex() {}

  /**
   * Parks while the word at {@code offset} holds {@code expected}, for at most {@code
   * timeoutNanos} (capped at {@link #MAX_PARK_NANOS}). Returns on a wake, a timeout, a signal or
   * at once if the word already differs: the caller re-checks its state in every case.
   *
   * @param memory the shared memory
   * @param offset the word's offset, 4-byte aligned
   * @param expected the value that means "keep waiting"
   * @param timeoutNanos how long at most
   */
  public static void await(MemorySegment memory, long offset, int expected, long timeoutNanos) {
    long nanos = Math.max(1, Math.min(timeoutNanos, MAX_PARK_NANOS));
    if (Thread.currentThread().isVirtual()) {
      VirtualWaits.await(List.of(new Word(memory, offset, expected)), nanos);
      return;
    }
    kernelAwait(memory, offset, expected, nanos);
  }

  /** {@code futex_wait} itself: blocks the calling OS thread. */
  static void kernelAwait(MemorySegment memory, long offset, int expected, long nanos) {
    MemorySegment ts = TIMESPEC.get();
    ts.set(ValueLayout.JAVA_LONG, 0, nanos / 1_000_000_000L);
    ts.set(ValueLayout.JAVA_LONG, 8, nanos % 1_000_000_000L);
    Libc.syscall(
        Libc.SYS_FUTEX,
        memory.address() + offset,
        FUTEX_WAIT,
        expected & 0xFFFFFFFFL,
        ts.address(),
        0,
        0);
  }

  /**
   * Wakes at most {@code count} processes or threads parked on the word.
   *
   * @param memory the shared memory
   * @param offset the word's offset
   * @param count how many to wake; {@link Integer#MAX_VALUE} for all
   */
  public static void wake(MemorySegment memory, long offset, int count) {
    Libc.syscall(Libc.SYS_FUTEX, memory.address() + offset, FUTEX_WAKE, count, 0, 0, 0);
    VirtualWaits.wakeLocal(memory.address() + offset);
  }

  /** One word to wait on with {@link #awaitAny}. */
  public record Word(MemorySegment memory, long offset, int expected) {}

  /**
   * Parks until any of {@code words} is woken or no longer holds its expected value, or the
   * timeout passes (capped at {@link #MAX_PARK_NANOS}). Linux 5.16's {@code futex_waitv}.
   *
   * @param words at most 128 words
   * @param timeoutNanos how long at most
   */
  public static void awaitAny(List<Word> words, long timeoutNanos) {
    if (words.isEmpty()) {
      parkNanos(timeoutNanos);
      return;
    }
    long nanos = Math.max(1, Math.min(timeoutNanos, MAX_PARK_NANOS));
    if (Thread.currentThread().isVirtual()) {
      VirtualWaits.await(words, nanos);
      return;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment waiters = arena.allocate(24L * words.size(), 8);
      for (int i = 0; i < words.size(); i++) {
        Word w = words.get(i);
        long base = 24L * i;
        waiters.set(ValueLayout.JAVA_LONG, base, w.expected() & 0xFFFFFFFFL);
        waiters.set(ValueLayout.JAVA_LONG, base + 8, w.memory().address() + w.offset());
        waiters.set(ValueLayout.JAVA_INT, base + 16, FUTEX2_SIZE_U32);
        waiters.set(ValueLayout.JAVA_INT, base + 20, 0);
      }
      long deadline = Clock.monotonicNanos() + nanos;
      MemorySegment ts = arena.allocate(16, 8);
      ts.set(ValueLayout.JAVA_LONG, 0, deadline / 1_000_000_000L);
      ts.set(ValueLayout.JAVA_LONG, 8, deadline % 1_000_000_000L);
      Libc.syscall(
          Libc.SYS_FUTEX_WAITV,
          waiters.address(),
          words.size(),
          0,
          ts.address(),
          CLOCK_MONOTONIC,
          0);
    }
  }

  /**
   * Spins while the word holds {@code expected}, for at most {@code spinNanos}.
   *
   * @param memory the shared memory
   * @param offset the word's offset
   * @param expected the value to wait past
   * @param spinNanos the spin budget
   * @return whether the word changed within the budget
   */
  public static boolean spinUntilChanged(
      MemorySegment memory, long offset, int expected, long spinNanos) {
    long end = System.nanoTime() + spinNanos;
    int i = 0;
    while (Memory.getIntVolatile(memory, offset) == expected) {
      pause(++i);
      if ((i & 15) == 0 && System.nanoTime() - end > 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * One step of a bounded spin: a CPU pause for the first steps (the other side is running on
   * another core and answers within a microsecond or two), then a {@link Thread#yield()}, so that
   * on a busy machine the process we wait for gets the core instead of our spinning.
   *
   * @param step how many steps this spin has taken, from 1
   */
  @SuppressWarnings("ThreadPriorityCheck") // a spin's last resort before the caller parks
  public static void pause(int step) {
    if (step < PAUSES_BEFORE_YIELD) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }

  private static void parkNanos(long nanos) {
    java.util.concurrent.locks.LockSupport.parkNanos(Math.min(nanos, MAX_PARK_NANOS));
  }
}
