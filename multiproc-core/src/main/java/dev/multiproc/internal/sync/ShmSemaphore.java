package dev.multiproc.internal.sync;

import dev.multiproc.internal.shm.Futex;
import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.shm.SharedHandle;
import dev.multiproc.internal.shm.ShmLayout;
import dev.multiproc.internal.shm.ShmMutex;
import dev.multiproc.spi.Checks;
import dev.multiproc.spi.Deadlines;
import dev.multiproc.spi.PermitWaits;
import java.io.Serial;
import java.lang.foreign.MemorySegment;

/**
 * Python's {@code multiprocessing.Semaphore}, with a table of the permits each process holds
 * through {@link #hold()}, so that those of a dead process come back. Permits taken by {@code
 * acquire} are consumed: no table records them, and only a {@code release} brings one back.
 *
 * <p>Its words after the header are {@link #LAYOUT} (drawn in {@code docs/shm-layouts.md}).
 *
 * <p>Every change keeps {@code value + sum(held) + untracked == total} once complete: a consumed
 * permit leaves {@code total}, a released one joins it, a held one moves from {@code value} to
 * the table. Each change writes {@code total} or the table before {@code value}. A process that
 * dies inside the guard leaves at most one change half done; the next one to take the guard is
 * told (the guard is a robust {@link ShmMutex}) and recomputes {@code value} from the others,
 * which completes that change.
 */
public sealed class ShmSemaphore extends SharedHandle implements PermitWaits
    permits ShmBoundedSemaphore {
  @Serial private static final long serialVersionUID = 1L;
  private static final int SLOTS = TRACKED_PROCESSES;

  /** A slot of the table: the permits one process holds. */
  static final ShmLayout SLOT =
      ShmLayout.of("ShmSemaphore slot")
          .int32("pid", "the holding process; 0 when the slot is free")
          .int32("permits", "the permits it holds")
          .build();

  /** The semaphore's words, after the header. */
  static final ShmLayout LAYOUT =
      ShmLayout.of("ShmSemaphore")
          .int32("guard", "ShmMutex word over all but value's readers and sleepers")
          .int32("value", "futex word: free permits")
          .int32("sleepers", "waiters parked, or about to park, on value")
          .int32("initial", "the initial value")
          .int32("total", "value + held permits in the table + untracked")
          .int32("untracked", "held permits the full table could not record")
          .int64("reclaimed", "permits taken back from dead processes")
          .align(64)
          .table("table", SLOTS, SLOT, "one slot per process that holds permits")
          .build();

  private static final long GUARD = DATA + LAYOUT.offset("guard");
  private static final long VALUE = DATA + LAYOUT.offset("value");
  private static final long SLEEPERS = DATA + LAYOUT.offset("sleepers");
  private static final long INITIAL = DATA + LAYOUT.offset("initial");
  private static final long TOTAL = DATA + LAYOUT.offset("total");
  private static final long UNTRACKED = DATA + LAYOUT.offset("untracked");
  private static final long RECLAIMED = DATA + LAYOUT.offset("reclaimed");
  private static final long TABLE = DATA + LAYOUT.offset("table");
  private static final long SLOT_PID = SLOT.offset("pid");
  private static final long SLOT_PERMITS = SLOT.offset("permits");

  /** Where this process's slot was last seen; checked before use. */
  private transient int slot;

  ShmSemaphore(SegmentKind kind, int value) {
    Checks.initialValue(value); // before super(): no segment is created for a refused value
    super(kind, LAYOUT.size());
    MemorySegment m = memory();
    Memory.setInt(m, INITIAL, value);
    Memory.setInt(m, TOTAL, value);
    Memory.setIntVolatile(m, VALUE, value);
  }

  /**
   * Creates a semaphore owned by this process.
   *
   * @param value the initial number of permits, at least 0
   * @return the semaphore
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static ShmSemaphore create(int value) {
    return new ShmSemaphore(SegmentKind.SEMAPHORE, value);
  }

  @Override
  public boolean takeBy(long deadline) throws InterruptedException {
    return acquireBy(deadline, true, false);
  }

  @Override
  public boolean takeNow() {
    return take(memory(), false);
  }

  @Override
  public Runnable holdPermit() {
    try {
      acquireBy(Deadlines.NEVER, false, true);
    } catch (InterruptedException e) {
      throw Checks.uninterruptible(e);
    }
    return this::releaseHeld;
  }

  /** Takes a permit by the deadline: {@code held}, owed by this process, or consumed. */
  private boolean acquireBy(long deadline, boolean interruptible, boolean held)
      throws InterruptedException {
    MemorySegment m = memory();
    if (take(m, held)) {
      return true;
    }
    long spinEnd = System.nanoTime() + Math.min(Words.SPIN_NANOS, Deadlines.left(deadline));
    while (System.nanoTime() - spinEnd < 0) {
      if (Futex.spinUntilChanged(m, VALUE, 0, spinEnd - System.nanoTime()) && take(m, held)) {
        return true;
      }
    }
    boolean interrupted = false;
    try {
      while (true) {
        if (take(m, held)) {
          return true;
        }
        long left = Deadlines.left(deadline);
        if (left <= 0) {
          return reclaimDead(m) > 0 && take(m, held);
        }
        Memory.getAndAddInt(m, SLEEPERS, 1);
        try {
          Futex.await(m, VALUE, 0, left);
        } finally {
          Memory.getAndAddInt(m, SLEEPERS, -1);
        }
        if (Thread.interrupted()) {
          if (interruptible) {
            throw new InterruptedException("interrupted while waiting for a semaphore");
          }
          interrupted = true;
        }
        if (Memory.getIntVolatile(m, VALUE) == 0) {
          reclaimDead(m);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Takes a free permit: {@code held} records it in this process's slot (or as untracked when
   * the table is full), otherwise it is consumed and leaves the total.
   */
  private boolean take(MemorySegment m, boolean held) {
    if (Memory.getIntVolatile(m, VALUE) == 0) {
      return false;
    }
    lockGuard(m);
    try {
      int v = Memory.getInt(m, VALUE);
      if (v == 0) {
        return false;
      }
      if (!held) {
        add(m, TOTAL, -1);
      } else {
        int s = mySlot(m, true);
        add(m, s >= 0 ? permitsOffset(s) : UNTRACKED, 1);
      }
      Memory.setIntVolatile(m, VALUE, v - 1);
      return true;
    } finally {
      ShmMutex.release(m, GUARD);
    }
  }

  @Override
  public void release() {
    give(memory(), false);
  }

  /** Closes a hold: gives back a permit this process holds. */
  private void releaseHeld() {
    give(memory(), true);
  }

  /**
   * Adds a permit to the value: {@code held}, one this process holds (taken off its slot, or off
   * the untracked count), otherwise a new one that joins the total.
   */
  private void give(MemorySegment m, boolean held) {
    lockGuard(m);
    try {
      int v = Memory.getInt(m, VALUE);
      Checks.belowBound(v, bound(m));
      int s = held ? mySlot(m, false) : -1;
      if (s >= 0 && Memory.getInt(m, permitsOffset(s)) > 0) {
        add(m, permitsOffset(s), -1);
      } else if (held && Memory.getInt(m, UNTRACKED) > 0) {
        add(m, UNTRACKED, -1);
      } else {
        add(m, TOTAL, 1);
      }
      Memory.setIntVolatile(m, VALUE, v + 1);
    } finally {
      ShmMutex.release(m, GUARD);
    }
    if (Memory.getIntVolatile(m, SLEEPERS) > 0) {
      Futex.wake(m, VALUE, 1);
    }
  }

  /** Adds {@code delta} to a guarded word. Called with the guard held. */
  private static void add(MemorySegment m, long offset, int delta) {
    Memory.setInt(m, offset, Memory.getInt(m, offset) + delta);
  }

  /** Returns the bound of a bounded semaphore, -1 for none; a bounded one overrides it. */
  long bound(MemorySegment m) {
    return -1;
  }

  @Override
  public int getValue() {
    return Memory.getIntVolatile(memory(), VALUE);
  }

  @Override
  public long reclaimedPermits() {
    return Memory.getLongVolatile(memory(), RECLAIMED);
  }

  /**
   * Returns the held permits of processes that no longer exist to the semaphore.
   *
   * @return how many permits came back
   */
  private int reclaimDead(MemorySegment m) {
    lockGuard(m);
    int freed = 0;
    try {
      for (int s = 0; s < SLOTS; s++) {
        int pid = Memory.getInt(m, pidOffset(s));
        int permits = Memory.getInt(m, permitsOffset(s));
        if (pid != 0 && pid != ShmMutex.PID && permits > 0 && !ShmMutex.processExists(pid)) {
          Memory.setInt(m, permitsOffset(s), 0);
          Memory.setInt(m, pidOffset(s), 0);
          freed += permits;
        }
      }
      if (freed > 0) {
        Memory.setLongVolatile(m, RECLAIMED, Memory.getLong(m, RECLAIMED) + freed);
        Memory.setIntVolatile(m, VALUE, Memory.getInt(m, VALUE) + freed);
      }
    } finally {
      ShmMutex.release(m, GUARD);
    }
    if (freed > 0) {
      Futex.wake(m, VALUE, freed);
    }
    return freed;
  }

  /**
   * Returns this process's slot; with {@code claim}, claims a free one (or one of a process
   * holding nothing) if it has none. -1 when there is none. Called with the guard held.
   */
  private int mySlot(MemorySegment m, boolean claim) {
    int cached = slot;
    if (Memory.getInt(m, pidOffset(cached)) == ShmMutex.PID) {
      return cached;
    }
    int free = -1;
    for (int s = 0; s < SLOTS; s++) {
      int pid = Memory.getInt(m, pidOffset(s));
      if (pid == ShmMutex.PID) {
        slot = s;
        return s;
      }
      if (free < 0 && (pid == 0 || Memory.getInt(m, permitsOffset(s)) == 0)) {
        free = s;
      }
    }
    if (!claim || free < 0) {
      return -1;
    }
    Memory.setInt(m, permitsOffset(free), 0);
    Memory.setInt(m, pidOffset(free), ShmMutex.PID);
    slot = free;
    return free;
  }

  private static void lockGuard(MemorySegment m) {
    ShmMutex.Acquired how;
    try {
      how = ShmMutex.acquire(m, GUARD, Deadlines.NEVER, false);
    } catch (InterruptedException e) {
      throw Checks.uninterruptible(e);
    }
    if (how == ShmMutex.Acquired.OWNER_DIED) {
      repair(m);
    }
  }

  /** Recomputes value after a process died inside the guard, from total, table and untracked. */
  private static void repair(MemorySegment m) {
    int held = Memory.getInt(m, UNTRACKED);
    for (int s = 0; s < SLOTS; s++) {
      if (Memory.getInt(m, pidOffset(s)) != 0) {
        held += Memory.getInt(m, permitsOffset(s));
      }
    }
    Memory.setIntVolatile(m, VALUE, Math.max(0, Memory.getInt(m, TOTAL) - held));
  }

  private static long pidOffset(int s) {
    return TABLE + SLOT.size() * s + SLOT_PID;
  }

  private static long permitsOffset(int s) {
    return TABLE + SLOT.size() * s + SLOT_PERMITS;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName().substring(3)
        + "["
        + segmentName()
        + ", value="
        + getValue()
        + "]";
  }
}
