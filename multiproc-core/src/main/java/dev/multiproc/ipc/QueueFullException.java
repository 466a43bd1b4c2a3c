package dev.multiproc.ipc;

import java.io.Serial;

/**
 * A put found no room in time: Python's {@code queue.Full}. An {@link IllegalStateException},
 * as {@link java.util.Queue#add} throws when a queue is full.
 */
public final class QueueFullException extends IllegalStateException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why, with the queue's maxsize
   */
  public QueueFullException(String message) {
    super(message);
  }
}
