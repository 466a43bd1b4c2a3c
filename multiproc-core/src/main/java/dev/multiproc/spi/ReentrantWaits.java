package dev.multiproc.spi;

import dev.multiproc.sync.RLock;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code RLock} rules, the same on every backend, over a non-reentrant mutex and an
 * owner and hold count that the backend stores: the owner, one thread, may take it again and
 * must release it as many times; only the owner releases it, waits or signals on a condition
 * over it; a condition wait releases it fully and takes it back with the same count.
 *
 * <p>The owner and count are written only by the owner, and cleared before the mutex is given
 * up, so a thread owns the lock exactly when the owner key is its own.
 */
public interface ReentrantWaits extends LockWaits, RLock {

  /**
   * Returns the calling thread's key: never 0, different for every live thread of the backend.
   *
   * @return the key
   */
  long callerKey();

  /**
   * Returns the owner's key, 0 when the lock is free.
   *
   * @return the key
   */
  long ownerKey();

  /**
   * Returns the owner's hold count; read only by the owner.
   *
   * @return the count
   */
  int holds();

  /**
   * Records the owner and its hold count; {@code (0, 0)} when the lock is given up.
   *
   * @param key the owner's key: the caller's, or 0
   * @param count its hold count
   */
  void own(long key, int count);

  /**
   * Takes the mutex by {@code deadline}.
   *
   * @param deadline a {@link Deadlines} deadline
   * @param interruptible whether an interrupt ends the wait
   * @return false if the deadline passed first
   * @throws InterruptedException if interruptible and interrupted
   */
  boolean takeMutex(long deadline, boolean interruptible) throws InterruptedException;

  /**
   * Takes the mutex if it is free now.
   *
   * @return whether it was taken
   */
  boolean takeMutexNow();

  /** Gives up the mutex. */
  void giveMutex();

  /**
   * Describes the owner {@code key} for a message, or returns null if the lock is not held.
   *
   * @param key the owner key read
   * @return the description, or null
   */
  @Nullable String describeOwner(long key);

  /**
   * Describes the calling thread for a message.
   *
   * @return the description
   */
  String describeCaller();

  @Override
  default boolean acquireBy(long deadline, boolean interruptible) throws InterruptedException {
    long me = callerKey();
    if (ownerKey() == me) {
      return reenter(me);
    }
    if (!takeMutex(deadline, interruptible)) {
      return false;
    }
    own(me, 1);
    return true;
  }

  @Override
  default boolean acquireNow() {
    long me = callerKey();
    if (ownerKey() == me) {
      return reenter(me);
    }
    if (!takeMutexNow()) {
      return false;
    }
    own(me, 1);
    return true;
  }

  private boolean reenter(long me) {
    int count = holds();
    Checks.canHoldAgain(count);
    own(me, count + 1);
    return true;
  }

  @Override
  default void release() {
    checkOwner("release");
    int count = holds() - 1;
    if (count > 0) {
      own(callerKey(), count);
      return;
    }
    own(0, 0);
    giveMutex();
  }

  private void checkOwner(String action) {
    long owner = ownerKey();
    if (owner != callerKey()) {
      throw Checks.notOwner(action, this, describeOwner(owner), describeCaller());
    }
  }

  @Override
  default void checkHeld(String action) {
    checkOwner(action + " on");
  }

  @Override
  default int releaseForWait() {
    checkHeld("wait");
    int saved = holds();
    own(0, 0);
    giveMutex();
    return saved;
  }

  @Override
  default void reacquireAfterWait(int saved) {
    try {
      takeMutex(Deadlines.NEVER, false);
    } catch (InterruptedException e) {
      throw Checks.uninterruptible(e);
    }
    own(callerKey(), saved);
  }

  @Override
  default int holdCount() {
    return isHeldByCurrentThread() ? holds() : 0;
  }

  @Override
  default boolean isHeldByCurrentThread() {
    return ownerKey() == callerKey();
  }
}
