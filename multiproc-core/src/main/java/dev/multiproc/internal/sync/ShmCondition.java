package dev.multiproc.internal.sync;

import dev.multiproc.internal.shm.Futex;
import dev.multiproc.internal.shm.SharedHandle;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Python's {@code multiprocessing.Condition} over a {@link ShmLock} or {@link ShmRLock}.
 *
 * <pre>
 *   DATA + 0   signals (int, futex word): wake-up tokens not yet taken
 *   DATA + 4   waiters (int, guarded by the lock): waiters not yet given a token
 * </pre>
 *
 * <p>A waiter counts itself in {@code waiters} while it holds the lock, releases the lock and
 * parks until it can take a token from {@code signals}. {@code signal(n)}, with the lock held,
 * moves {@code min(n, waiters)} from {@code waiters} to {@code signals} and wakes that many. A
 * waiter that times out takes the lock back, then either takes a token after all (and reports a
 * signal) or removes itself from {@code waiters}: so a token is never lost and never counts
 * twice. Tokens are not addressed: a newer waiter may take one meant for an older one, which then
 * still counts in {@code waiters}.
 */
public final class ShmCondition extends SharedHandle implements MpCondition {
  @Serial private static final long serialVersionUID = 1L;
  static final int KIND = 104;
  private static final long SIGNALS = DATA;
  private static final long WAITERS = DATA + 4;

  private final ShmLockBase lock;
  private final boolean ownsLock;

  ShmCondition(ShmLockBase lock, boolean ownsLock) {
    super(KIND, 8);
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
    Objects.requireNonNull(lock, "lock");
    if (!(lock instanceof ShmLockBase base)) {
      throw new IllegalArgumentException(
          "a condition of the local context needs a lock of the local context, not a "
              + lock.getClass().getName());
    }
    return new ShmCondition(base, false);
  }

  @Override
  public MpLock getLock() {
    return lock;
  }

  private boolean awaitBy(long deadline, boolean interruptible) throws InterruptedException {
    MemorySegment m = memory();
    lock.checkHeld("wait");
    Futex.INT.set(m, WAITERS, (int) Futex.INT.get(m, WAITERS) + 1);
    int saved = lock.releaseForWait();
    boolean signalled = false;
    InterruptedException interrupted = null;
    try {
      signalled = takeSignal(m, deadline, interruptible);
    } catch (InterruptedException e) {
      interrupted = e;
    } finally {
      lock.reacquireAfterWait(saved);
    }
    if (!signalled) {
      if (takeToken(m)) {
        signalled = true;
      } else {
        Futex.INT.set(m, WAITERS, (int) Futex.INT.get(m, WAITERS) - 1);
      }
    }
    if (interrupted != null) {
      if (!signalled) {
        throw interrupted;
      }
      Thread.currentThread().interrupt(); // the signal is taken: report it, keep the interrupt
    }
    return signalled;
  }

  private static boolean takeSignal(MemorySegment m, long deadline, boolean interruptible)
      throws InterruptedException {
    Futex.spinUntilChanged(m, SIGNALS, 0, Math.min(Words.SPIN_NANOS, Words.left(deadline)));
    boolean interrupted = false;
    try {
      while (true) {
        if (takeToken(m)) {
          return true;
        }
        long left = Words.left(deadline);
        if (left <= 0) {
          return false;
        }
        Futex.await(m, SIGNALS, 0, left);
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

  private static boolean takeToken(MemorySegment m) {
    while (true) {
      int s = (int) Futex.INT.getVolatile(m, SIGNALS);
      if (s <= 0) {
        return false;
      }
      if (Futex.INT.compareAndSet(m, SIGNALS, s, s - 1)) {
        return true;
      }
    }
  }

  @Override
  public void await() throws InterruptedException {
    awaitBy(Words.NEVER, true);
  }

  @Override
  public void awaitUninterruptibly() {
    try {
      awaitBy(Words.NEVER, false);
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    }
  }

  @Override
  public long awaitNanos(long nanosTimeout) throws InterruptedException {
    long deadline = Words.deadline(nanosTimeout);
    awaitBy(deadline, true);
    return deadline - System.nanoTime();
  }

  @Override
  public boolean await(long time, TimeUnit unit) throws InterruptedException {
    return awaitBy(Words.deadline(unit.toNanos(time)), true);
  }

  @Override
  public boolean awaitUntil(Date deadline) throws InterruptedException {
    return awaitBy(Words.deadline(
        TimeUnit.MILLISECONDS.toNanos(deadline.getTime() - System.currentTimeMillis())), true);
  }

  @Override
  public boolean await(Duration timeout) throws InterruptedException {
    return awaitBy(Words.deadline(timeout), true);
  }

  @Override
  public void waitFor(BooleanSupplier predicate) throws InterruptedException {
    while (!predicate.getAsBoolean()) {
      awaitBy(Words.NEVER, true);
    }
  }

  @Override
  public boolean waitFor(BooleanSupplier predicate, Duration timeout)
      throws InterruptedException {
    long deadline = Words.deadline(timeout);
    boolean result = predicate.getAsBoolean();
    while (!result && Words.left(deadline) > 0) {
      awaitBy(deadline, true);
      result = predicate.getAsBoolean();
    }
    return result;
  }

  @Override
  public void signal() {
    signal(1);
  }

  @Override
  public void signalAll() {
    signal(Integer.MAX_VALUE);
  }

  @Override
  public void signal(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot signal a negative number of waiters: n=" + n);
    }
    MemorySegment m = memory();
    lock.checkHeld("notify");
    int waiters = (int) Futex.INT.get(m, WAITERS);
    int k = Math.min(n, waiters);
    if (k > 0) {
      Futex.INT.set(m, WAITERS, waiters - k);
      Futex.INT.getAndAdd(m, SIGNALS, k);
      Futex.wake(m, SIGNALS, k);
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
