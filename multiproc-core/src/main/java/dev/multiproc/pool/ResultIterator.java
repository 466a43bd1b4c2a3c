package dev.multiproc.pool;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeoutException;

/**
 * The lazy results of {@code imap} and {@code imapUnordered}: an iterator that is also a
 * single-use {@link Iterable}, so it works in a for-each loop. It reads its input only as far as
 * a bounded window of chunks ahead of what has been consumed, so an endless input works and memory
 * stays flat. Python: {@code IMapIterator}.
 *
 * <p>{@link #next()} throws the task's own exception (unchecked ones as themselves, checked ones
 * in a {@link RemoteException}) or a {@link ProcessPoolException}.
 *
 * @param <R> the result type
 */
@SuppressWarnings("IterableAndIterator") // Python's iterator: for-each over it consumes it once
public interface ResultIterator<R> extends Iterator<R>, Iterable<R>, AutoCloseable {

  /**
   * Returns the next result, waiting at most {@code timeout}. Python: {@code next(timeout)}.
   *
   * @param timeout how long to wait
   * @return the next result
   * @throws TimeoutException if it is not ready in time; the iterator can still be used
   * @throws java.util.NoSuchElementException if there are no more results
   */
  R next(Duration timeout) throws TimeoutException;

  /** Returns this iterator: it can be iterated once. */
  @Override
  default Iterator<R> iterator() {
    return this;
  }

  /** Stops reading the input; results already in flight are dropped. */
  @Override
  void close();
}
