package dev.multiproc.ipc;

import java.time.Duration;

/**
 * One end of a two-way (or one-way) channel of messages between processes: Python's {@code
 * multiprocessing.connection.Connection}. Made by {@code Context.pipe()}, {@code
 * Listener.accept()} and {@code Client.connect(…)}.
 *
 * <p>{@link #send} encodes on the caller's thread, so an object that cannot be encoded fails
 * there ({@link IllegalArgumentException} naming its class) and nothing is sent. Once the other
 * end is closed (or its process has died) and every message sent before has been read, {@link
 * #recv} throws {@link ConnectionClosedException}, Python's {@code EOFError}.
 *
 * <p>Blocking calls do not throw {@link InterruptedException}: an interrupt ends the wait with
 * {@link ConnectionClosedException}'s sibling {@link java.io.UncheckedIOException} wrapping an
 * {@link java.io.InterruptedIOException}, and the thread's interrupt status stays set.
 */
public interface Connection extends AutoCloseable {

  /**
   * Sends an object; the other end gets an equal copy from {@link #recv()}.
   *
   * @param message the object, null allowed
   * @throws IllegalArgumentException if it cannot be encoded (nothing is sent)
   * @throws ConnectionClosedException if this end or the other is closed
   * @throws IllegalStateException if this end is read-only
   */
  void send(@org.jspecify.annotations.Nullable Object message);

  /**
   * Receives the next object, waiting for it.
   *
   * @return the object
   * @throws ConnectionClosedException if the other end was closed and nothing is left
   * @throws IllegalStateException if this end is write-only
   */
  @org.jspecify.annotations.Nullable
  Object recv();

  /**
   * Sends bytes as one message, with no encoding. Python's {@code send_bytes}.
   *
   * @param bytes the bytes
   */
  default void sendBytes(byte[] bytes) {
    sendBytes(bytes, 0, bytes.length);
  }

  /**
   * Sends {@code length} bytes from {@code offset} as one message.
   *
   * @param bytes the buffer
   * @param offset where the message starts
   * @param length its length
   */
  void sendBytes(byte[] bytes, int offset, int length);

  /**
   * Receives the next message as bytes, waiting for it. Python's {@code recv_bytes}.
   *
   * @return the message
   * @throws ConnectionClosedException if the other end was closed and nothing is left
   */
  byte[] recvBytes();

  /**
   * Receives the next message into {@code buffer} at {@code offset}. Python's {@code
   * recv_bytes_into}.
   *
   * @param buffer where to put it
   * @param offset where in the buffer
   * @return the message's length
   * @throws BufferTooShortException if it does not fit; the message is consumed and carried by
   *     the exception
   */
  int recvBytesInto(byte[] buffer, int offset);

  /**
   * Receives the next message into {@code buffer} from its start.
   *
   * @param buffer where to put it
   * @return the message's length
   * @throws BufferTooShortException if it does not fit
   */
  default int recvBytesInto(byte[] buffer) {
    return recvBytesInto(buffer, 0);
  }

  /**
   * Whether a message (or the end of the stream) can be read without waiting.
   *
   * @return true if {@link #recv()} would not block
   */
  default boolean poll() {
    return poll(Duration.ZERO);
  }

  /**
   * Waits up to {@code timeout} until a message (or the end of the stream) can be read.
   *
   * @param timeout how long at most
   * @return true if {@link #recv()} would not block
   */
  boolean poll(Duration timeout);

  /**
   * Whether this end can receive.
   *
   * @return true if readable
   */
  boolean readable();

  /**
   * Whether this end can send.
   *
   * @return true if writable
   */
  boolean writable();

  /**
   * Whether {@link #close()} was called on this end.
   *
   * @return true once closed
   */
  boolean closed();

  /** Closes this end; the other end's reader sees the end of the stream. Idempotent. */
  @Override
  void close();
}
