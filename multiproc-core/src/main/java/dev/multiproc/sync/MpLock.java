package dev.multiproc.sync;

import java.time.Duration;

/**
 * A lock that works across processes: Python's {@code multiprocessing.Lock}, and a {@link
 * java.util.concurrent.locks.Lock}. Create one with {@code Context.lock()} (or {@code rLock()} for
 * the reentrant kind, {@link RLock}) and pass it to other processes as a task or process argument.
 *
 * <p>A plain lock is not reentrant: a thread that acquires it twice waits for itself, as in
 * Python. Any thread of any process may release it, also as in Python; {@link RLock} restricts
 * release to its owner. A {@link MpCondition} over a plain lock is used only by the thread that
 * took the lock.
 *
 * <p><b>A holder that dies.</b> When the process holding the lock ends without releasing it
 * (killed, halted, crashed), the lock is not held forever: the next process or thread that waits
 * for it takes it over, and {@link #previousHolderDied()} then returns {@code true} until the
 * lock is released, so the new holder can repair what the dead one may have left half done (a
 * robust pthread mutex's {@code EOWNERDEAD}).
 *
 * <p>Blocking waits spin for a few microseconds, then park on a futex; they never spin unbounded.
 * {@link #close()} removes the lock's shared memory in the process that created it; copies
 * already held by other processes keep working.
 *
 * <pre>{@code
 * try (MpLock lock = ctx.lock()) {
 *   ctx.process(Tasks::work, lock).start();
 *   try (var _ = lock.hold()) {
 *     ...
 *   }
 * }
 * }</pre>
 */
public interface MpLock extends java.util.concurrent.locks.Lock, AutoCloseable {

  /**
   * Waits until the lock is free and takes it. Python: {@code lock.acquire()}.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void acquire() throws InterruptedException;

  /**
   * Takes the lock, waiting at most {@code timeout}. Python: {@code lock.acquire(timeout=t)}.
   *
   * @param timeout how long to wait at most; zero or negative means do not wait
   * @return whether the lock was taken
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  boolean acquire(Duration timeout) throws InterruptedException;

  /**
   * Releases the lock. Python: {@code lock.release()}.
   *
   * @throws IllegalStateException for a plain lock that is not held ("released too many times")
   * @throws IllegalMonitorStateException for an {@link RLock} the calling thread does not own
   */
  void release();

  /**
   * Waits (not interruptibly, like {@link #lock()}) until the lock is free, takes it and returns
   * a guard whose {@code close()} releases it. Python: {@code with lock:}.
   *
   * @return the guard for a {@code try}-with-resources block
   */
  Held hold();

  /**
   * Whether the current hold of the lock was taken over from a process that died holding it.
   * True from such an acquire until the lock is next released; false otherwise.
   *
   * @return whether the previous holder died while holding the lock
   */
  boolean previousHolderDied();

  /**
   * Returns a new condition bound to this lock, shared across processes like the lock. Python:
   * {@code Condition(lock)}. Close it when done.
   *
   * @return the condition
   */
  @Override
  MpCondition newCondition();

  /**
   * Ends this copy of the lock; in the creating process its shared memory is removed. Idempotent.
   */
  @Override
  void close();
}
