package dev.multiproc.internal.sync;

import dev.multiproc.internal.shm.Futex;
import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.shm.SharedHandle;
import dev.multiproc.internal.shm.ShmLayout;
import dev.multiproc.internal.shm.ShmMutex;
import dev.multiproc.spi.Checks;
import dev.multiproc.spi.ConditionWaits;
import dev.multiproc.spi.Deadlines;
import dev.multiproc.sync.MpLock;
import java.io.Serial;
import java.lang.foreign.MemorySegment;

/**
 * Python's {@code multiprocessing.Condition} over a {@link ShmLock} or {@link ShmRLock}: a wait
 * queue of slots in shared memory, so that a signal goes to waiters that were waiting when it
 * was sent, oldest first, and to no one else.
 *
 * <p>Its words after the header are {@link #LAYOUT} (drawn in {@code docs/shm-layouts.md}).
 *
 * <p>A waiter, holding the lock, takes a free slot (state WAITING, the next ticket, its pid),
 * releases the lock and parks on its slot's state until it reads SIGNALLED or the timeout
 * passes; then it takes the lock back and frees the slot, reporting whether it was signalled.
 * {@code signal(n)}, holding the lock, marks the {@code n} oldest WAITING slots SIGNALLED and
 * wakes each; a slot whose process no longer exists is freed and not counted, so a dead waiter
 * never absorbs a signal.
 */
public final class ShmCondition extends SharedHandle implements ConditionWaits<Integer> {
  @Serial private static final long serialVersionUID = 1L;

  /** How many threads, across all processes, may wait on one condition at once. */
  static final int MAX_WAITERS = 256;

  /** A waiter's slot. */
  static final ShmLayout SLOT =
      ShmLayout.of("ShmCondition slot")
          .int32("state", "futex word: FREE, WAITING or SIGNALLED")
          .int32("ticket", "the waiter's ticket")
          .int32("pid", "the waiter's process")
          .align(16)
          .build();

  /** The condition's words, after the header. */
  static final ShmLayout LAYOUT =
      ShmLayout.of("ShmCondition")
          .int32("nextTicket", "orders waiters, oldest first; guarded by the lock")
          .align(64)
          .table("slots", MAX_WAITERS, SLOT, "one slot per waiting thread")
          .build();

  private static final long NEXT_TICKET = DATA + LAYOUT.offset("nextTicket");
  private static final long SLOTS = DATA + LAYOUT.offset("slots");
  private static final long SLOT_STATE = SLOT.offset("state");
  private static final long SLOT_TICKET = SLOT.offset("ticket");
  private static final long SLOT_PID = SLOT.offset("pid");
  private static final int FREE = 0;
  private static final int WAITING = 1;
  private static final int SIGNALLED = 2;

  private final ShmLockBase lock;
  private final boolean ownsLock;

  ShmCondition(ShmLockBase lock, boolean ownsLock) {
    super(SegmentKind.CONDITION, LAYOUT.size());
    this.lock = lock;
    this.ownsLock = ownsLock;
  }

  /**
   * Creates a condition over a new reentrant lock, which it closes with itself. Python: {@code
   * Condition()}.
   *
   * @return the condition
   */
  public static ShmCondition create() {
    return new ShmCondition(ShmRLock.create(), true);
  }

  /**
   * Creates a condition over {@code lock}. Python: {@code Condition(lock)}.
   *
   * @param lock a lock of the local context
   * @return the condition
   * @throws IllegalArgumentException if {@code lock} is not a shared-memory lock of this library
   */
  public static ShmCondition over(MpLock lock) {
    return new ShmCondition(Checks.lockOf(ShmLockBase.class, lock, "local"), false);
  }

  @Override
  public ShmLockBase getLock() {
    return lock;
  }

  private static long state(int slot) {
    return SLOTS + SLOT.size() * slot + SLOT_STATE;
  }

  private static long ticket(int slot) {
    return SLOTS + SLOT.size() * slot + SLOT_TICKET;
  }

  private static long pid(int slot) {
    return SLOTS + SLOT.size() * slot + SLOT_PID;
  }

  @Override
  public Integer enqueue(long deadline) {
    // shared memory always answers: no deadline needed
    return enqueue(memory());
  }

  @Override
  public void park(Integer slot, long deadline, boolean interruptible) throws InterruptedException {
    parkUntilSignalled(memory(), state(slot), deadline, interruptible);
  }

  @Override
  public boolean leave(Integer slot) {
    MemorySegment m = memory();
    boolean signalled = Memory.getIntVolatile(m, state(slot)) == SIGNALLED;
    Memory.setIntVolatile(m, state(slot), FREE);
    return signalled;
  }

  /** Takes a free slot for the calling thread. Called with the lock held. */
  private static int enqueue(MemorySegment m) {
    int slot = -1;
    for (int i = 0; i < MAX_WAITERS && slot < 0; i++) {
      if (Memory.getInt(m, state(i)) == FREE) {
        slot = i;
      }
    }
    if (slot < 0) {
      for (int i = 0; i < MAX_WAITERS && slot < 0; i++) {
        if (!ShmMutex.processExists(Memory.getInt(m, pid(i)))) {
          slot = i; // its waiter died waiting
        }
      }
    }
    if (slot < 0) {
      throw new IllegalStateException(
          "too many waiters on a condition: " + MAX_WAITERS + " are waiting already");
    }
    int t = Memory.getInt(m, NEXT_TICKET);
    Memory.setInt(m, NEXT_TICKET, t + 1);
    Memory.setInt(m, ticket(slot), t);
    Memory.setInt(m, pid(slot), ShmMutex.PID);
    Memory.setIntVolatile(m, state(slot), WAITING);
    return slot;
  }

  private static void parkUntilSignalled(
      MemorySegment m, long state, long deadline, boolean interruptible)
      throws InterruptedException {
    Futex.spinUntilChanged(m, state, WAITING, Math.min(Words.SPIN_NANOS, Deadlines.left(deadline)));
    boolean interrupted = false;
    try {
      while (Memory.getIntVolatile(m, state) == WAITING) {
        long left = Deadlines.left(deadline);
        if (left <= 0) {
          return;
        }
        Futex.await(m, state, WAITING, left);
        if (Thread.interrupted()) {
          if (interruptible) {
            throw new InterruptedException("interrupted while waiting on a condition");
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

  @Override
  public void wake(int n) {
    MemorySegment m = memory();
    int next = Memory.getInt(m, NEXT_TICKET);
    for (int woken = 0; woken < n; ) {
      int oldest = -1;
      int oldestAge = -1;
      for (int i = 0; i < MAX_WAITERS; i++) {
        if (Memory.getInt(m, state(i)) == WAITING) {
          int age = next - Memory.getInt(m, ticket(i));
          if (age > oldestAge) {
            oldest = i;
            oldestAge = age;
          }
        }
      }
      if (oldest < 0) {
        return;
      }
      if (ShmMutex.processExists(Memory.getInt(m, pid(oldest)))) {
        Memory.setIntVolatile(m, state(oldest), SIGNALLED);
        Futex.wake(m, state(oldest), 1);
        woken++;
      } else {
        Memory.setIntVolatile(m, state(oldest), FREE); // died waiting: not counted
      }
    }
  }

  @Override
  public void close() {
    super.close();
    if (ownsLock && isOwner()) {
      lock.close();
    }
  }

  @Override
  public String toString() {
    return "Condition[" + segmentName() + " over " + lock + "]";
  }
}
