package dev.multiproc.internal.shm;

/** A shared memory segment cannot be created, found or mapped; the message names it. */
public final class SegmentException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the segment
   */
  public SegmentException(String message) {
    super(message);
  }
}
