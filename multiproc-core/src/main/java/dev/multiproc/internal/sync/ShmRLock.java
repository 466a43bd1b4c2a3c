package dev.multiproc.internal.sync;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.shm.ShmLayout;
import dev.multiproc.internal.shm.ShmMutex;
import dev.multiproc.spi.ReentrantWaits;
import java.io.Serial;
import java.lang.foreign.MemorySegment;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code multiprocessing.RLock}: a {@link ShmMutex} word for the process, plus the owning
 * thread's key and the hold count, which only the owner writes. The rules are {@link
 * ReentrantWaits}'s; this class stores them.
 *
 * <p>Its words after the header are {@link #LAYOUT} (drawn in {@code docs/shm-layouts.md}).
 *
 * <p>A thread owns the lock exactly when the owner key equals its own key: only the owner writes
 * its key, and clears it before it releases the mutex, so a key left by a dead process (another
 * pid) never matches a live thread.
 */
public final class ShmRLock extends ShmLockBase implements ReentrantWaits {
  @Serial private static final long serialVersionUID = 1L;

  /** The lock's words, after the header. */
  static final ShmLayout LAYOUT =
      ShmLayout.of("ShmRLock")
          .int32("word", "ShmMutex word: 0 free, else holder pid | ShmMutex.WAITERS")
          .int32("died", "1 while the current hold was taken over from a dead process")
          .int32("count", "hold count, written by the owner only")
          .int64("owner", "pid << 32 | thread id of the owner; 0 when free")
          .int32("spinners", "threads spinning for the word; while any, acquirers do not barge")
          .build();

  private static final long WORD = DATA + LAYOUT.offset("word");
  private static final long DIED = DATA + LAYOUT.offset("died");
  private static final long COUNT = DATA + LAYOUT.offset("count");
  private static final long OWNER = DATA + LAYOUT.offset("owner");
  private static final long SPINNERS = DATA + LAYOUT.offset("spinners");

  private ShmRLock() {
    super(SegmentKind.RLOCK, LAYOUT.size());
  }

  /**
   * Creates a reentrant lock owned by this process.
   *
   * @return the lock
   */
  public static ShmRLock create() {
    return new ShmRLock();
  }

  @Override
  public long callerKey() {
    return Words.threadKey();
  }

  @Override
  public long ownerKey() {
    return Memory.getLongOpaque(memory(), OWNER);
  }

  @Override
  public int holds() {
    return Memory.getInt(memory(), COUNT);
  }

  @Override
  public void own(long key, int count) {
    MemorySegment m = memory();
    Memory.setInt(m, COUNT, count);
    Memory.setLongOpaque(m, OWNER, key);
  }

  @Override
  public boolean takeMutex(long deadline, boolean interruptible) throws InterruptedException {
    MemorySegment m = memory();
    if (Words.spinAcquire(m, WORD, SPINNERS, deadline)) {
      return ShmLock.took(m, ShmMutex.Acquired.ACQUIRED);
    }
    return ShmLock.took(m, ShmMutex.acquire(m, WORD, deadline, interruptible));
  }

  @Override
  public boolean takeMutexNow() {
    MemorySegment m = memory();
    return ShmLock.took(m, ShmMutex.tryAcquire(m, WORD));
  }

  @Override
  public void giveMutex() {
    ShmMutex.release(memory(), WORD);
  }

  @Override
  public @Nullable String describeOwner(long key) {
    return key == 0 || ShmMutex.holder(memory(), WORD) == 0 ? null : Words.describeKey(key);
  }

  @Override
  public String describeCaller() {
    return Words.describeKey(Words.threadKey());
  }

  @Override
  public boolean previousHolderDied() {
    MemorySegment m = memory();
    return ShmMutex.holder(m, WORD) != 0 && Memory.getIntVolatile(m, DIED) != 0;
  }
}
