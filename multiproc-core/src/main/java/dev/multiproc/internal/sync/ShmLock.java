package dev.multiproc.internal.sync;

import dev.multiproc.internal.shm.Futex;
import dev.multiproc.internal.shm.ShmMutex;
import java.io.Serial;
import java.lang.foreign.MemorySegment;

/**
 * Python's {@code multiprocessing.Lock} on one {@link ShmMutex} word. Not reentrant; any thread of
 * any process may release it.
 *
 * <pre>
 *   DATA + 0   mutex word (int): 0 free, else holder pid | ShmMutex.WAITERS
 *   DATA + 4   died flag (int): 1 while the current hold was taken over from a dead process
 *   DATA + 8   spinners (int): threads spinning for the word; while any, acquirers do not barge
 * </pre>
 */
public final class ShmLock extends ShmLockBase {
  @Serial private static final long serialVersionUID = 1L;
  static final int KIND = 100;
  private static final long WORD = DATA;
  private static final long DIED = DATA + 4;
  private static final long SPINNERS = DATA + 8;

  private ShmLock() {
    super(KIND, 12);
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
  boolean acquireBy(long deadline, boolean interruptible) throws InterruptedException {
    MemorySegment m = memory();
    if (Words.spinAcquire(m, WORD, SPINNERS, deadline)) {
      return took(m, ShmMutex.Acquired.ACQUIRED);
    }
    return took(m, ShmMutex.acquire(m, WORD, deadline, interruptible));
  }

  @Override
  boolean acquireNow() {
    MemorySegment m = memory();
    return took(m, ShmMutex.tryAcquire(m, WORD));
  }

  static boolean took(MemorySegment m, ShmMutex.Acquired how) {
    switch (how) {
      case TIMED_OUT -> {
        return false;
      }
      case OWNER_DIED -> Futex.INT.setVolatile(m, DIED, 1);
      case ACQUIRED -> {
        if ((int) Futex.INT.get(m, DIED) != 0) {
          Futex.INT.setVolatile(m, DIED, 0);
        }
      }
    }
    return true;
  }

  @Override
  public void release() {
    MemorySegment m = memory();
    if (!ShmMutex.release(m, WORD)) {
      throw new IllegalStateException("lock released too many times: " + this + " is not held");
    }
  }

  @Override
  public boolean previousHolderDied() {
    MemorySegment m = memory();
    return ShmMutex.holder(m, WORD) != 0 && (int) Futex.INT.getVolatile(m, DIED) != 0;
  }

  @Override
  void checkHeld(String action) {
    int holder = ShmMutex.holder(memory(), WORD);
    if (holder != ShmMutex.PID) {
      throw new IllegalMonitorStateException("cannot " + action + " on un-acquired lock: " + this
          + (holder == 0 ? " is free" : " is held by pid " + holder)
          + ", caller is pid " + ShmMutex.PID);
    }
  }

  @Override
  int releaseForWait() {
    checkHeld("wait");
    release();
    return 1;
  }

  @Override
  void reacquireAfterWait(int saved) {
    lock();
  }
}
