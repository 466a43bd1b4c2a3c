package dev.multiproc.conformance.jsr166;

import static java.util.concurrent.TimeUnit.DAYS;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Date;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What {@link Lock} and {@link Condition} promise (the JSR-166 TCK's ReentrantLock cases that a
 * {@code Lock} without fairness or introspection can be held to): exclusion between threads,
 * timed and interruptible acquisition with a cleared interrupt status, uninterruptible {@code
 * lock()}, and a condition that needs the lock, releases it while waiting, times out, wakes on
 * signals and answers interrupts. The holder-only rules run for a reentrant lock only, since a
 * plain lock may be released by any thread (Python's {@code Lock}, allowed by {@link
 * Lock#unlock()}).
 */
// A single await's outcome, and locks taken and released apart, are what these tests check.
@SuppressWarnings({"WaitNotInLoop", "LockNotBeforeTry"})
public final class LockCases extends ContractCase {
  private final Supplier<? extends Lock> locks;
  private final Function<Lock, ? extends Condition> conditions;
  private final boolean reentrant;

  private LockCases(
      Supplier<? extends Lock> locks,
      Function<Lock, ? extends Condition> conditions,
      boolean reentrant) {
    this.locks = locks;
    this.conditions = conditions;
    this.reentrant = reentrant;
  }

  /**
   * The cases over locks made by {@code locks}, with their conditions from {@link
   * Lock#newCondition()}.
   *
   * @param locks makes a new lock
   * @param reentrant whether the lock is reentrant and owned by the thread that took it
   * @return the suite
   */
  public static junit.framework.TestSuite suite(Supplier<? extends Lock> locks, boolean reentrant) {
    return suite(locks, Lock::newCondition, reentrant);
  }

  /**
   * The cases over locks made by {@code locks}, with conditions made by {@code conditions} (a
   * manager's lock makes none itself, as {@link Lock#newCondition()} allows; the manager makes
   * them).
   *
   * @param locks makes a new lock
   * @param conditions makes a condition bound to a lock
   * @param reentrant whether the lock is reentrant and owned by the thread that took it
   * @return the suite
   */
  public static junit.framework.TestSuite suite(
      Supplier<? extends Lock> locks,
      Function<Lock, ? extends Condition> conditions,
      boolean reentrant) {
    return suite(LockCases.class, () -> new LockCases(locks, conditions, reentrant));
  }

  private Lock lock() {
    return made(locks.get());
  }

  private Condition condition(Lock lock) {
    return made(conditions.apply(lock));
  }

  /** A lock held by a helper thread until {@code release} is counted down. */
  private Lock heldElsewhere(CountDownLatch release) throws InterruptedException {
    Lock lock = lock();
    CountDownLatch held = new CountDownLatch(1);
    started(
        () -> {
          lock.lock();
          try {
            held.countDown();
            release.await();
          } finally {
            lock.unlock();
          }
        });
    assertTrue(held.await(LONG.toMillis(), MILLISECONDS), "the helper did not take the lock");
    return lock;
  }

  /* ----------------------------- exclusion ----------------------------- */

  public void testLockUnlockThenTryLock() {
    Lock lock = lock();
    lock.lock();
    lock.unlock();
    assertTrue(lock.tryLock());
    lock.unlock();
  }

  public void testTryLockWhenHeldElsewhere() throws Exception {
    CountDownLatch release = release();
    Lock lock = heldElsewhere(release);
    assertFalse(lock.tryLock());
    release.countDown();
  }

  public void testTimedTryLockTimesOut() throws Exception {
    CountDownLatch release = release();
    Lock lock = heldElsewhere(release);
    long start = System.nanoTime();
    assertFalse(lock.tryLock(SHORT.toMillis(), MILLISECONDS));
    assertTrue(millisSince(start) >= SHORT.toMillis(), "returned before its timeout");
    assertFalse(lock.tryLock(0, NANOSECONDS));
    assertFalse(lock.tryLock(Long.MIN_VALUE, DAYS));
    release.countDown();
  }

  public void testTimedTryLockHugeTimeoutWhenFree() throws Exception {
    Lock lock = lock();
    assertTrue(lock.tryLock(Long.MAX_VALUE, DAYS));
    lock.unlock();
  }

  public void testLockWaitsForRelease() throws Exception {
    CountDownLatch release = release();
    Lock lock = heldElsewhere(release);
    Thread t =
        started(
            () -> {
              lock.lock();
              lock.unlock();
            });
    stillBlocked(t);
    release.countDown();
    joined(t);
  }

  /* ----------------------------- interrupts ----------------------------- */

  public void testLockInterruptiblyWhileWaiting() throws Exception {
    CountDownLatch release = release();
    Lock lock = heldElsewhere(release);
    Thread t =
        started(
            () -> {
              try {
                lock.lockInterruptibly();
                shouldThrow("InterruptedException");
              } catch (InterruptedException expected) {
                assertNotInterrupted();
              }
            });
    stillBlocked(t);
    t.interrupt();
    joinedPromptly(t);
    release.countDown();
  }

  /** A waiter that gave up on an interrupt must not take the lock later. */
  public void testInterruptedWaiterLeavesLockFree() throws Exception {
    CountDownLatch release = release();
    Lock lock = heldElsewhere(release);
    Thread t = started(() -> assertThrows(InterruptedException.class, lock::lockInterruptibly));
    stillBlocked(t);
    t.interrupt();
    joinedPromptly(t);
    release.countDown();
    assertTrue(
        lock.tryLock(PROMPT.toMillis(), MILLISECONDS),
        "the lock stays taken after its holder released it");
    lock.unlock();
  }

  public void testLockInterruptiblyAfterInterrupt() throws Exception {
    Lock lock = lock();
    Thread t =
        started(
            () -> {
              Thread.currentThread().interrupt();
              try {
                lock.lockInterruptibly();
                shouldThrow("InterruptedException");
              } catch (InterruptedException expected) {
                assertNotInterrupted();
              }
            });
    joined(t);
    assertTrue(lock.tryLock(), "the interrupted call took the lock");
    lock.unlock();
  }

  public void testTimedTryLockInterruptedWhileWaiting() throws Exception {
    CountDownLatch release = release();
    Lock lock = heldElsewhere(release);
    Thread t =
        started(
            () -> {
              try {
                lock.tryLock(2 * LONG.toMillis(), MILLISECONDS);
                shouldThrow("InterruptedException");
              } catch (InterruptedException expected) {
                assertNotInterrupted();
              }
            });
    stillBlocked(t);
    t.interrupt();
    joinedPromptly(t);
    release.countDown();
  }

  /** {@code lock()} is not interruptible: it takes the lock and keeps the interrupt status. */
  public void testLockIsUninterruptible() throws Exception {
    CountDownLatch release = release();
    Lock lock = heldElsewhere(release);
    Thread t =
        started(
            () -> {
              lock.lock();
              try {
                assertTrue(Thread.interrupted(), "the interrupt status was lost");
              } finally {
                lock.unlock();
              }
            });
    stillBlocked(t);
    t.interrupt();
    stillBlocked(t);
    release.countDown();
    joined(t);
  }

  /* ----------------------------- ownership ----------------------------- */

  public void testUnlockWhenNotHeldThrows() {
    Lock lock = lock();
    assertThrows(RuntimeException.class, lock::unlock);
  }

  public void testUnlockByNonOwnerThrowsIllegalMonitorState() throws Exception {
    if (!reentrant) {
      return; // a plain lock may be released by any thread
    }
    CountDownLatch release = release();
    Lock lock = heldElsewhere(release);
    assertThrows(IllegalMonitorStateException.class, lock::unlock);
    release.countDown();
  }

  public void testReentrantOrNot() throws Exception {
    Lock lock = lock();
    lock.lock();
    try {
      if (reentrant) {
        assertTrue(lock.tryLock(), "a reentrant lock refused its holder");
        lock.unlock();
      } else {
        assertFalse(lock.tryLock(), "a plain lock let its holder take it twice");
      }
    } finally {
      lock.unlock();
    }
  }

  /* ----------------------------- conditions ----------------------------- */

  public void testAwaitWithoutLockThrowsIllegalMonitorState() {
    Condition c = condition(lock());
    assertThrows(IllegalMonitorStateException.class, () -> c.await(1, MILLISECONDS));
  }

  public void testSignalWithoutLockThrowsIllegalMonitorState() {
    Condition c = condition(lock());
    assertThrows(IllegalMonitorStateException.class, c::signal);
    assertThrows(IllegalMonitorStateException.class, c::signalAll);
  }

  public void testAwaitNanosTimesOut() throws Exception {
    Lock lock = lock();
    Condition c = condition(lock);
    lock.lock();
    try {
      long start = System.nanoTime();
      long left = c.awaitNanos(MILLISECONDS.toNanos(SHORT.toMillis()));
      assertTrue(left <= 0, "awaitNanos returned " + left + " without a signal");
      assertTrue(millisSince(start) >= SHORT.toMillis(), "returned before its timeout");
    } finally {
      lock.unlock();
    }
  }

  @SuppressWarnings("JavaUtilDate") // Condition.awaitUntil takes a Date
  public void testTimedAwaitTimesOut() throws Exception {
    Lock lock = lock();
    Condition c = condition(lock);
    lock.lock();
    try {
      assertFalse(c.await(SHORT.toMillis(), MILLISECONDS));
      assertFalse(c.await(Long.MIN_VALUE, DAYS));
      assertFalse(c.awaitUntil(new Date(System.currentTimeMillis() - 1000)));
    } finally {
      lock.unlock();
    }
  }

  /** A waiter releases the lock while it waits, and holds it again when it returns. */
  public void testAwaitReleasesLockAndSignalWakes() throws Exception {
    Lock lock = lock();
    Condition c = condition(lock);
    CountDownLatch waiting = new CountDownLatch(1);
    Thread t =
        started(
            () -> {
              lock.lock();
              try {
                waiting.countDown();
                assertTrue(c.await(2 * LONG.toMillis(), MILLISECONDS), "no signal arrived");
              } finally {
                lock.unlock();
              }
            });
    assertTrue(waiting.await(LONG.toMillis(), MILLISECONDS));
    assertTrue(lock.tryLock(LONG.toMillis(), MILLISECONDS), "the waiter kept the lock");
    try {
      c.signal();
    } finally {
      lock.unlock();
    }
    joined(t);
  }

  public void testSignalAllWakesAll() throws Exception {
    Lock lock = lock();
    Condition c = condition(lock);
    CountDownLatch waiting = new CountDownLatch(2);
    Body waiter =
        () -> {
          lock.lock();
          try {
            waiting.countDown();
            assertTrue(c.await(2 * LONG.toMillis(), MILLISECONDS), "no signal arrived");
          } finally {
            lock.unlock();
          }
        };
    Thread t1 = started(waiter);
    Thread t2 = started(waiter);
    assertTrue(waiting.await(LONG.toMillis(), MILLISECONDS));
    lock.lock();
    try {
      c.signalAll();
    } finally {
      lock.unlock();
    }
    joined(t1);
    joined(t2);
  }

  public void testAwaitInterruptedHoldsLockAgain() throws Exception {
    Lock lock = lock();
    Condition c = condition(lock);
    CountDownLatch waiting = new CountDownLatch(1);
    Thread t =
        started(
            () -> {
              lock.lock();
              try {
                waiting.countDown();
                c.await();
                shouldThrow("InterruptedException");
              } catch (InterruptedException expected) {
                assertNotInterrupted();
              } finally {
                lock.unlock(); // throws if the lock was not taken back
              }
            });
    assertTrue(waiting.await(LONG.toMillis(), MILLISECONDS));
    stillBlocked(t);
    t.interrupt();
    joinedPromptly(t);
  }

  public void testAwaitUninterruptiblyKeepsWaiting() throws Exception {
    Lock lock = lock();
    Condition c = condition(lock);
    CountDownLatch waiting = new CountDownLatch(1);
    Thread t =
        started(
            () -> {
              lock.lock();
              try {
                waiting.countDown();
                c.awaitUninterruptibly();
                assertTrue(Thread.interrupted(), "the interrupt status was lost");
              } finally {
                lock.unlock();
              }
            });
    assertTrue(waiting.await(LONG.toMillis(), MILLISECONDS));
    stillBlocked(t);
    t.interrupt();
    stillBlocked(t);
    lock.lock();
    try {
      c.signal();
    } finally {
      lock.unlock();
    }
    joined(t);
  }

  /** A reentrant lock held twice is fully released by a wait and held twice after it. */
  public void testHoldCountIsRestoredAfterAwait() throws Exception {
    if (!reentrant) {
      return;
    }
    Lock lock = lock();
    Condition c = condition(lock);
    lock.lock();
    lock.lock();
    try {
      assertFalse(c.await(1, MILLISECONDS));
      lock.unlock();
      Thread t = started(() -> assertFalse(lock.tryLock(), "one unlock of two freed the lock"));
      joined(t);
    } finally {
      lock.unlock();
    }
  }
}
