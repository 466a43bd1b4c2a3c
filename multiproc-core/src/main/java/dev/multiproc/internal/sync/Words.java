package dev.multiproc.internal.sync;

import dev.multiproc.internal.shm.Futex;
import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.ShmMutex;
import dev.multiproc.spi.Deadlines;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/** Helpers shared by the primitives: 64-bit access, thread keys and the spin budget. */
final class Words {
  /** How long a waiter spins before it parks on a futex. */
  static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

  private Words() {}

  /** Returns this thread's identity across processes: pid in the high half, thread id low. */
  static long threadKey() {
    return ((long) ShmMutex.PID << 32) | (Thread.currentThread().threadId() & 0xFFFF_FFFFL);
  }

  /** Describes a thread key for messages: {@code pid 123 thread 45}. */
  static String describeKey(long key) {
    return "pid " + (key >>> 32) + " thread " + (key & 0xFFFF_FFFFL);
  }

  /** How long a lock waiter spins, counted as a spinner, before ShmMutex's own spin and park. */
  static final long LOCK_SPIN_NANOS = SPIN_NANOS;

  /**
   * Tries to take the {@link dev.multiproc.internal.shm.ShmMutex} word at {@code offset}: one
   * CAS when nobody spins for it, else (or when that fails) a bounded spin, counted in the
   * spinners word at {@code spinners} so that a releasing holder does not take it straight back.
   * False when the spin budget ran out: the caller then waits in ShmMutex. A process killed
   * while it spins leaves the count raised: later acquirers then always take this (slightly
   * slower, still correct) path.
   */
  static boolean spinAcquire(MemorySegment m, long offset, long spinners, long deadline) {
    int pid = ShmMutex.PID;
    if (Memory.getIntAcquire(m, spinners) == 0 && Memory.compareAndSetInt(m, offset, 0, pid)) {
      return true;
    }
    Memory.getAndAddInt(m, spinners, 1);
    try {
      long end = System.nanoTime() + Math.min(LOCK_SPIN_NANOS, Deadlines.left(deadline));
      int i = 0;
      while (true) {
        // another process frees the word: an acquire read, which the JIT cannot hoist out of the
        // spin
        if (Memory.getIntAcquire(m, offset) == 0 && Memory.compareAndSetInt(m, offset, 0, pid)) {
          return true;
        }
        Futex.pause(++i);
        if ((i & 15) == 0 && System.nanoTime() - end > 0) {
          return false;
        }
      }
    } finally {
      Memory.getAndAddInt(m, spinners, -1);
    }
  }
}
