package dev.multiproc.spi;

import dev.multiproc.sync.Held;
import dev.multiproc.sync.MpLock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Every way of taking an {@link MpLock}, Python's and {@link java.util.concurrent.locks.Lock}'s,
 * in terms of the two a backend implements: take it by a {@link Deadlines} deadline, and take it
 * if it is free now; and the hooks a condition over the lock needs. An interrupted caller of an
 * interruptible method is refused before it waits, as the JDK's locks do.
 */
public interface LockWaits extends MpLock {

  /**
   * Takes the lock by {@code deadline}.
   *
   * @param deadline a {@link Deadlines} deadline; {@link Deadlines#NEVER} for none
   * @param interruptible whether an interrupt ends the wait
   * @return false if the deadline passed first
   * @throws InterruptedException if interruptible and interrupted
   */
  boolean acquireBy(long deadline, boolean interruptible) throws InterruptedException;

  /**
   * Takes the lock if it is free now.
   *
   * @return whether it was taken
   */
  boolean acquireNow();

  /**
   * Throws unless the calling thread may wait or signal on a condition over this lock.
   *
   * @param action what the caller is about to do, for the message ("wait", "notify")
   * @throws IllegalMonitorStateException if not
   */
  void checkHeld(String action);

  /**
   * Releases the lock entirely before a condition wait, however many times it is held; a plain
   * lock, held once, is released once.
   *
   * @return what {@link #reacquireAfterWait} restores
   */
  default int releaseForWait() {
    checkHeld("wait");
    release();
    return 1;
  }

  /**
   * Takes the lock back after a condition wait, uninterruptibly; a plain lock is taken once.
   *
   * @param saved what {@link #releaseForWait()} returned
   */
  default void reacquireAfterWait(int saved) {
    lock();
  }

  @Override
  default void acquire() throws InterruptedException {
    lockInterruptibly();
  }

  @Override
  default boolean acquire(Duration timeout) throws InterruptedException {
    long deadline = Deadlines.deadline(timeout);
    Interruption.check();
    return acquireBy(deadline, true);
  }

  @Override
  default void lock() {
    try {
      acquireBy(Deadlines.NEVER, false);
    } catch (InterruptedException e) {
      throw Checks.uninterruptible(e);
    }
  }

  @Override
  default void lockInterruptibly() throws InterruptedException {
    Interruption.check();
    acquireBy(Deadlines.NEVER, true);
  }

  @Override
  default boolean tryLock() {
    return acquireNow();
  }

  @Override
  default boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    long deadline = Deadlines.deadline(time, unit);
    Interruption.check();
    return acquireBy(deadline, true);
  }

  @Override
  default void unlock() {
    release();
  }

  @Override
  default Held hold() {
    lock();
    return Holds.releasingOnce(this::release);
  }
}
