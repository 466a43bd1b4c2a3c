package dev.multiproc.ipc;

import java.io.Serial;

/**
 * A message did not fit the buffer given to {@link Connection#recvBytesInto}: Python's {@code
 * BufferTooShort}. The message was consumed; {@link #message()} has it whole.
 */
public final class BufferTooShortException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** The whole message that did not fit. */
  private final byte[] message;

  /**
   * Creates the exception.
   *
   * @param message the whole message
   * @param room how many bytes the buffer had room for
   */
  public BufferTooShortException(byte[] message, int room) {
    super(
        "a message of "
            + message.length
            + " bytes does not fit in the "
            + room
            + " bytes left in the buffer");
    this.message = message.clone();
  }

  /**
   * Returns the message that did not fit.
   *
   * @return a copy of it
   */
  public byte[] message() {
    return message.clone();
  }
}
