package dev.multiproc.sync;

/**
 * A lock or permit held for the length of a {@code try}-with-resources block: Python's {@code
 * with lock:}. Closing it releases what was acquired, once.
 *
 * <pre>{@code
 * try (var _ = lock.hold()) {
 *   counter.set(counter.get() + 1);
 * }
 * }</pre>
 */
public interface Held extends AutoCloseable {

  /**
   * Releases the lock or permit. A second call does nothing.
   *
   * @throws IllegalStateException if the lock or permit was already released another way
   */
  @Override
  void close();
}
