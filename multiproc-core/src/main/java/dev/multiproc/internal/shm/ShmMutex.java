package dev.multiproc.internal.shm;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * A mutual-exclusion word in shared memory, for processes and threads alike, that survives its
 * holder's death: the building block of every cross-process lock of the library.
 *
 * <p>The 32-bit word holds 0 when free, else the holder's pid, plus {@link #WAITERS} when
 * someone may be parked on it (Drepper's "futexes are tricky" mutex, with the pid in place of
 * the 1). Acquiring is one CAS when free; under contention a waiter spins for a few
 * microseconds, then parks on the futex in slices of at most {@link Futex#MAX_PARK_NANOS}, and
 * between slices checks that the holder's process still exists. If it does not, the waiter
 * takes the word over and is told ({@link Acquired#OWNER_DIED}), as a robust pthread mutex
 * answers {@code EOWNERDEAD}. Releasing is one atomic swap, plus a futex wake only when the
 * {@link #WAITERS} bit was set.
 *
 * <p>It knows processes, not threads: it is not reentrant, and any thread of any process may
 * release it (as Python's {@code multiprocessing.Lock} allows). Owner checks belong to the types
 * built on it. Stateless: all state is in the word at ({@code memory}, {@code offset}).
 */
public final class ShmMutex {
  /** Set while someone may be parked on the word. */
  public static final int WAITERS = 1 << 30;

  /** The pid bits of the word. */
  public static final int PID_MASK = WAITERS - 1;

  /** This process's pid, as stored in the word. */
  public static final int PID = (int) ProcessHandle.current().pid();

  private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

  /** How an acquire ended. */
  public enum Acquired {
    /** The word was free (or freed) and is now held by this process. */
    ACQUIRED,
    /** The holder's process had died; the word was taken over and is now held by this one. */
    OWNER_DIED,
    /** The deadline passed first; nothing is held. */
    TIMED_OUT
  }

  private ShmMutex() {}

  /**
   * Takes the word if it is free, without waiting.
   *
   * @param memory the shared memory
   * @param offset the word's offset
   * @return ACQUIRED, OWNER_DIED (the holder was dead), or TIMED_OUT if it is held
   */
  public static Acquired tryAcquire(MemorySegment memory, long offset) {
    if (Memory.compareAndSetInt(memory, offset, 0, PID)) {
      return Acquired.ACQUIRED;
    }
    int v = Memory.getIntVolatile(memory, offset);
    return takeOverIfDead(memory, offset, v) ? Acquired.OWNER_DIED : Acquired.TIMED_OUT;
  }

  /**
   * Takes the word, waiting until {@code deadlineNanos} ({@link System#nanoTime()} scale; {@link
   * Long#MAX_VALUE} for no deadline).
   *
   * @param memory the shared memory
   * @param offset the word's offset
   * @param deadlineNanos when to give up
   * @param interruptible whether an interrupt ends the wait
   * @return how it ended
   * @throws InterruptedException if interruptible and the thread is interrupted
   */
  public static Acquired acquire(
      MemorySegment memory, long offset, long deadlineNanos, boolean interruptible)
      throws InterruptedException {
    if (Memory.compareAndSetInt(memory, offset, 0, PID)) {
      return Acquired.ACQUIRED;
    }
    long spinEnd = System.nanoTime() + SPIN_NANOS;
    int i = 0;
    do {
      Futex.pause(i + 1);
      // another process frees the word: an acquire read, which the JIT cannot hoist out of the spin
      if (Memory.getIntAcquire(memory, offset) == 0
          && Memory.compareAndSetInt(memory, offset, 0, PID)) {
        return Acquired.ACQUIRED;
      }
    } while ((++i & 15) != 0 || System.nanoTime() - spinEnd < 0);
    boolean interrupted = false;
    try {
      while (true) {
        int v = Memory.getIntVolatile(memory, offset);
        if (v == 0) {
          // others may still be parked: keep the bit so our release wakes one of them
          if (Memory.compareAndSetInt(memory, offset, 0, PID | WAITERS)) {
            return Acquired.ACQUIRED;
          }
          continue;
        }
        if (takeOverIfDead(memory, offset, v)) {
          return Acquired.OWNER_DIED;
        }
        if ((v & WAITERS) == 0) {
          if (!Memory.compareAndSetInt(memory, offset, v, v | WAITERS)) {
            continue;
          }
          v |= WAITERS;
        }
        long left =
            deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return Acquired.TIMED_OUT;
        }
        Futex.await(memory, offset, v, left);
        if (Thread.interrupted()) {
          if (interruptible) {
            throw new InterruptedException("interrupted while waiting for a lock");
          }
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static boolean takeOverIfDead(MemorySegment memory, long offset, int v) {
    int holder = v & PID_MASK;
    if (v == 0 || holder == PID || Libc.processExists(holder)) {
      return false;
    }
    return Memory.compareAndSetInt(memory, offset, v, PID | WAITERS);
  }

  /**
   * Releases the word.
   *
   * @param memory the shared memory
   * @param offset the word's offset
   * @return false if it was not held (nothing changed)
   */
  public static boolean release(MemorySegment memory, long offset) {
    int v = Memory.getAndSetInt(memory, offset, 0);
    if (v == 0) {
      return false;
    }
    if ((v & WAITERS) != 0) {
      Futex.wake(memory, offset, 1);
    }
    return true;
  }

  /**
   * Returns the pid of the holder, or 0 when free.
   *
   * @param memory the shared memory
   * @param offset the word's offset
   * @return the holder's pid or 0
   */
  public static int holder(MemorySegment memory, long offset) {
    return Memory.getIntVolatile(memory, offset) & PID_MASK;
  }

  /**
   * Whether a process with this pid exists.
   *
   * @param pid the pid
   * @return true if it exists
   */
  public static boolean processExists(int pid) {
    return Libc.processExists(pid);
  }
}
