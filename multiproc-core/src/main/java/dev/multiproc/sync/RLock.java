package dev.multiproc.sync;

/**
 * A reentrant lock across processes: Python's {@code multiprocessing.RLock}. The owner is one
 * thread of one process, identified by (pid, thread id); the owner may acquire it again, and it
 * is free once released as many times as it was acquired. Only the owner may release it.
 *
 * <p>A holder process that dies is handled as for every {@link MpLock}: the next waiter takes
 * the lock over with a count of 1 and {@link #previousHolderDied()} returns {@code true}.
 */
public interface RLock extends MpLock {

  /**
   * Releases one level of the calling thread's hold; the lock is free when the count drops to 0.
   *
   * @throws IllegalMonitorStateException if the calling thread does not own the lock; the
   *     message names the owner (pid and thread) and the caller
   */
  @Override
  void release();

  /**
   * Returns how many times the calling thread holds the lock: 0 if it does not own it.
   *
   * @return the calling thread's hold count
   */
  int holdCount();

  /**
   * Whether the calling thread owns the lock.
   *
   * @return true if the calling thread holds it
   */
  boolean isHeldByCurrentThread();
}
