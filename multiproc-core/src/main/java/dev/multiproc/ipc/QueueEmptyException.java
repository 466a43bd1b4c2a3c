package dev.multiproc.ipc;

import java.io.Serial;
import java.util.NoSuchElementException;

/**
 * A get found no item in time: Python's {@code queue.Empty}. A {@link NoSuchElementException},
 * as {@link java.util.Queue#remove()} throws when a queue is empty.
 */
public final class QueueEmptyException extends NoSuchElementException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why
   */
  public QueueEmptyException(String message) {
    super(message);
  }
}
