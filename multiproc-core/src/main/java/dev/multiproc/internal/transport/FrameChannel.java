package dev.multiproc.internal.transport;

import java.io.Closeable;
import java.io.IOException;

/**
 * A two-way channel of {@link Frame}s between two processes: the one transport interface. {@link
 * #send} may be called by several threads; {@link #receive} by one reader thread at a time.
 */
public interface FrameChannel extends Closeable {

  /**
   * Sends one frame, whole.
   *
   * @param frame the frame
   * @throws IOException if the other side is gone or the channel is closed
   */
  void send(Frame frame) throws IOException;

  /**
   * Blocks until one frame arrives.
   *
   * @return the frame
   * @throws java.io.EOFException if the other side closed the channel or died
   * @throws IOException on other errors
   */
  Frame receive() throws IOException;

  /** Closes the channel; a blocked {@link #receive} fails. Idempotent. */
  @Override
  void close();
}
