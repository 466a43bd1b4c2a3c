package dev.multiproc.internal.sync;

import dev.multiproc.spi.Deadlines;
import dev.multiproc.internal.shm.Futex;
import dev.multiproc.internal.shm.ShmMutex;
import dev.multiproc.sync.RLock;
import java.io.Serial;
import java.lang.foreign.MemorySegment;

/**
 * Python's {@code multiprocessing.RLock}: a {@link ShmMutex} word for the process, plus the owning
 * thread's key and the hold count, which only the owner writes.
 *
 * <pre>
 *   DATA + 0   mutex word (int): 0 free, else holder pid | ShmMutex.WAITERS
 *   DATA + 4   died flag (int): 1 while the current hold was taken over from a dead process
 *   DATA + 8   hold count (int)
 *   DATA + 16  owner key (long): pid &lt;&lt; 32 | thread id, 0 when free
 *   DATA + 24  spinners (int): threads spinning for the word; while any, acquirers do not barge
 * </pre>
 *
 * <p>A thread owns the lock exactly when the owner key equals its own key: only the owner writes
 * its key, and clears it before it releases the mutex, so a key left by a dead process (another
 * pid) never matches a live thread.
 */
public final class ShmRLock extends ShmLockBase implements RLock {
  @Serial private static final long serialVersionUID = 1L;
  static final int KIND = 101;
  private static final long WORD = DATA;
  private static final long DIED = DATA + 4;
  private static final long COUNT = DATA + 8;
  private static final long OWNER = DATA + 16;
  private static final long SPINNERS = DATA + 24;

  private ShmRLock() {
    super(KIND, 28);
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
  boolean acquireBy(long deadline, boolean interruptible) throws InterruptedException {
    MemorySegment m = memory();
    long key = Words.threadKey();
    if (reenter(m, key)) {
      return true;
    }
    if (Words.spinAcquire(m, WORD, SPINNERS, deadline)) {
      return own(m, key, ShmMutex.Acquired.ACQUIRED, 1);
    }
    return own(m, key, ShmMutex.acquire(m, WORD, deadline, interruptible), 1);
  }

  @Override
  boolean acquireNow() {
    MemorySegment m = memory();
    long key = Words.threadKey();
    return reenter(m, key) || own(m, key, ShmMutex.tryAcquire(m, WORD), 1);
  }

  private static boolean reenter(MemorySegment m, long key) {
    if ((long) Words.LONG.getOpaque(m, OWNER) != key) {
      return false;
    }
    int count = (int) Futex.INT.get(m, COUNT);
    if (count == Integer.MAX_VALUE) {
      throw new IllegalStateException("RLock held too many times: " + count);
    }
    Futex.INT.set(m, COUNT, count + 1);
    return true;
  }

  private static boolean own(MemorySegment m, long key, ShmMutex.Acquired how, int count) {
    if (!ShmLock.took(m, how)) {
      return false;
    }
    Futex.INT.set(m, COUNT, count);
    Words.LONG.setOpaque(m, OWNER, key);
    return true;
  }

  @Override
  public void release() {
    MemorySegment m = memory();
    long key = Words.threadKey();
    long owner = (long) Words.LONG.getOpaque(m, OWNER);
    if (owner != key) {
      throw notOwner(m, "release", key, owner);
    }
    int count = (int) Futex.INT.get(m, COUNT) - 1;
    Futex.INT.set(m, COUNT, count);
    if (count == 0) {
      Words.LONG.setOpaque(m, OWNER, 0L);
      ShmMutex.release(m, WORD);
    }
  }

  private IllegalMonitorStateException notOwner(
      MemorySegment m, String action, long caller, long owner) {
    String held = owner == 0 || ShmMutex.holder(m, WORD) == 0
        ? "is not held"
        : "is held by " + Words.describeKey(owner);
    return new IllegalMonitorStateException("cannot " + action + " " + this + ": it " + held
        + ", not by the caller (" + Words.describeKey(caller) + ")");
  }

  @Override
  public int holdCount() {
    MemorySegment m = memory();
    return (long) Words.LONG.getOpaque(m, OWNER) == Words.threadKey()
        ? (int) Futex.INT.get(m, COUNT)
        : 0;
  }

  @Override
  public boolean isHeldByCurrentThread() {
    return (long) Words.LONG.getOpaque(memory(), OWNER) == Words.threadKey();
  }

  @Override
  public boolean previousHolderDied() {
    MemorySegment m = memory();
    return ShmMutex.holder(m, WORD) != 0 && (int) Futex.INT.getVolatile(m, DIED) != 0;
  }

  @Override
  void checkHeld(String action) {
    MemorySegment m = memory();
    long key = Words.threadKey();
    long owner = (long) Words.LONG.getOpaque(m, OWNER);
    if (owner != key) {
      throw notOwner(m, action + " on", key, owner);
    }
  }

  @Override
  int releaseForWait() {
    MemorySegment m = memory();
    checkHeld("wait");
    int saved = (int) Futex.INT.get(m, COUNT);
    Futex.INT.set(m, COUNT, 0);
    Words.LONG.setOpaque(m, OWNER, 0L);
    ShmMutex.release(m, WORD);
    return saved;
  }

  @Override
  void reacquireAfterWait(int saved) {
    MemorySegment m = memory();
    ShmMutex.Acquired how;
    try {
      how = ShmMutex.acquire(m, WORD, Deadlines.NEVER, false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    }
    own(m, Words.threadKey(), how, saved);
  }
}
