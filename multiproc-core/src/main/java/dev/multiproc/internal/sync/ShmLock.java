package dev.multiproc.internal.sync;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.shm.ShmLayout;
import dev.multiproc.internal.shm.ShmMutex;
import dev.multiproc.spi.Checks;
import java.io.Serial;
import java.lang.foreign.MemorySegment;

/**
 * Python's {@code multiprocessing.Lock} on one {@link ShmMutex} word. Not reentrant; any thread of
 * any process may release it. The key of the thread that took it is kept beside the word, so that
 * a condition lets only that thread wait or signal.
 *
 * <p>Its words after the header are {@link #LAYOUT} (drawn in {@code docs/shm-layouts.md}).
 *
 * <p>The taker writes its key right after it takes the word, and a release clears the key before
 * it frees the word, so a thread's own key is there exactly while the hold it took lasts; a key
 * left by a dead process (another pid) never matches a live thread.
 */
public final class ShmLock extends ShmLockBase {
  @Serial private static final long serialVersionUID = 1L;

  /** The lock's words, after the header. */
  static final ShmLayout LAYOUT =
      ShmLayout.of("ShmLock")
          .int32("word", "ShmMutex word: 0 free, else holder pid | ShmMutex.WAITERS")
          .int32("died", "1 while the current hold was taken over from a dead process")
          .int32("spinners", "threads spinning for the word; while any, acquirers do not barge")
          .int64("taker", "pid << 32 | thread id of the thread that took the lock; 0 released")
          .build();

  private static final long WORD = DATA + LAYOUT.offset("word");
  private static final long DIED = DATA + LAYOUT.offset("died");
  private static final long SPINNERS = DATA + LAYOUT.offset("spinners");
  private static final long TAKER = DATA + LAYOUT.offset("taker");

  private ShmLock() {
    super(SegmentKind.LOCK, LAYOUT.size());
  }

  /**
   * Creates a lock owned by this process.
   *
   * @return the lock
   */
  public static ShmLock create() {
    return new ShmLock();
  }

  @Override
  public boolean acquireBy(long deadline, boolean interruptible) throws InterruptedException {
    MemorySegment m = memory();
    if (Words.spinAcquire(m, WORD, SPINNERS, deadline)) {
      return takenBy(m, ShmMutex.Acquired.ACQUIRED);
    }
    return takenBy(m, ShmMutex.acquire(m, WORD, deadline, interruptible));
  }

  @Override
  public boolean acquireNow() {
    MemorySegment m = memory();
    return takenBy(m, ShmMutex.tryAcquire(m, WORD));
  }

  /** As {@link #took}, and records the calling thread as the taker. */
  private static boolean takenBy(MemorySegment m, ShmMutex.Acquired how) {
    if (!took(m, how)) {
      return false;
    }
    Memory.setLongOpaque(m, TAKER, Words.threadKey());
    return true;
  }

  static boolean took(MemorySegment m, ShmMutex.Acquired how) {
    switch (how) {
      case TIMED_OUT -> {
        return false;
      }
      case OWNER_DIED -> Memory.setIntVolatile(m, DIED, 1);
      case ACQUIRED -> {
        if (Memory.getInt(m, DIED) != 0) {
          Memory.setIntVolatile(m, DIED, 0);
        }
      }
    }
    return true;
  }

  @Override
  public void release() {
    MemorySegment m = memory();
    if (ShmMutex.holder(m, WORD) == 0) {
      throw Checks.releasedTooManyTimes(this);
    }
    Memory.setLongOpaque(m, TAKER, 0L);
    if (!ShmMutex.release(m, WORD)) { // another thread released it meanwhile
      throw Checks.releasedTooManyTimes(this);
    }
  }

  @Override
  public boolean previousHolderDied() {
    MemorySegment m = memory();
    return ShmMutex.holder(m, WORD) != 0 && Memory.getIntVolatile(m, DIED) != 0;
  }

  /** Only the thread that took the lock may wait or signal on a condition over it. */
  @Override
  public void checkHeld(String action) {
    MemorySegment m = memory();
    int holder = ShmMutex.holder(m, WORD);
    long taker = Memory.getLongOpaque(m, TAKER);
    long me = Words.threadKey();
    if (holder != ShmMutex.PID || taker != me) {
      throw Checks.notTaker(
          action,
          this,
          holder == 0
              ? null
              : taker != 0 && (taker >>> 32) == holder ? Words.describeKey(taker) : "pid " + holder,
          Words.describeKey(me));
    }
  }
}
