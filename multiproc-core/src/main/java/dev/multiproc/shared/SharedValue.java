package dev.multiproc.shared;

import dev.multiproc.sync.RLock;

/**
 * What every shared value and array has: Python's {@code Value}/{@code Array} with {@code
 * lock=True} carry a lock, {@code RawValue}/{@code RawArray} do not.
 *
 * <p>Single reads and writes, and the atomic operations ({@code getAndAdd}, {@code
 * compareAndSet} …), are atomic across processes without the lock. A read followed by a write
 * ({@code v.set(v.get() + 1)}) is not: hold {@link #getLock()} around it, as Python's {@code with
 * v.get_lock():}, or use an atomic operation, which is the faster Java way.
 *
 * <p>Passed to another process as a task argument, a value arrives attached to the same memory
 * (and its lock to the same lock). {@link #close()} in the creating process removes the memory's
 * name; processes that already hold the value keep using it.
 */
public interface SharedValue extends AutoCloseable {

  /**
   * Returns the lock that guards compound updates. Python: {@code get_lock()}.
   *
   * @return the lock, a reentrant one as Python's default
   * @throws UnsupportedOperationException if the value was created without a lock (raw)
   */
  RLock getLock();

  /**
   * Whether the value has a lock ({@code false} for Python's raw values).
   *
   * @return true if {@link #getLock()} returns one
   */
  boolean hasLock();

  /** Releases this process's use; in the creating process, removes the memory's name. */
  @Override
  void close();
}
