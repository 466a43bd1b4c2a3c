package dev.multiproc.internal.net;

import dev.multiproc.ipc.BufferTooShortException;
import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.ConnectionClosedException;
import dev.multiproc.spi.DecodingException;
import dev.multiproc.spi.EncodingException;
import dev.multiproc.spi.TaggedCodec;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Connection} over a socket (Unix-domain or TCP), made by {@link SocketListener#accept}
 * and {@link SocketClient#connect} after the {@link Handshake}: Python's {@code
 * multiprocessing.connection.Connection} on a socket.
 *
 * <p>Each message is one frame ({@code int length | payload}). {@link #send} encodes with the
 * library's {@link TaggedCodec} on the caller's thread; {@link #recv} decodes with the codec's
 * class filter, so a class outside the allowed set is never instantiated. As in Python, {@link
 * #recvBytes} returns an object message's encoded bytes, and {@link #recv} of a message sent with
 * {@link #sendBytes} tries to decode raw bytes.
 *
 * <p>Concurrency: sends are serialized by one lock and receives (with {@link #poll}) by another,
 * so one thread may send while another receives, and concurrent senders (or receivers) each
 * handle whole messages. {@link #close} may be called from any thread; a thread waiting in
 * {@link #recv} then ends with {@link ConnectionClosedException}.
 *
 * <p>A socket belongs to the process that opened it: serializing this object (to pass it to a
 * child process, say) fails with a {@link NotSerializableException} that says to pass the
 * listener's address and key instead.
 */
final class SocketConnection implements Connection, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final transient FramedChannel channel;
  private final transient TaggedCodec codec;

  /** The largest message sent or received: the codec's {@code maxBytes}. */
  private final transient int maxMessage;

  private final transient ReentrantLock sendLock = new ReentrantLock();
  private final transient ReentrantLock recvLock = new ReentrantLock();

  SocketConnection(FramedChannel channel, TaggedCodec codec) {
    this.channel = channel;
    this.codec = codec;
    this.maxMessage = codec.limits().maxBytes();
  }

  /* --------------- sending --------------- */

  @Override
  // NullAway: null (Python's None) is a value the codecs carry, which Codec's Object does not say
  @SuppressWarnings("NullAway")
  public void send(@Nullable Object message) {
    byte[] bytes;
    try {
      bytes = codec.encode(message);
    } catch (EncodingException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    sendBytes(bytes, 0, bytes.length);
  }

  @Override
  public void sendBytes(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length > maxMessage) {
      throw new IllegalArgumentException(
          "cannot send a message of "
              + length
              + " bytes: the limit is "
              + maxMessage
              + " bytes (ClassFilter.Limits maxBytes); nothing was sent");
    }
    sendLock.lock();
    try {
      ensureOpen();
      channel.write(bytes, offset, length, FramedChannel.NEVER);
    } finally {
      sendLock.unlock();
    }
  }

  /* --------------- receiving --------------- */

  @Override
  public @Nullable Object recv() {
    byte[] bytes = recvBytes();
    try {
      return codec.decode(bytes);
    } catch (DecodingException e) {
      throw new IllegalStateException(
          "cannot decode the message received from "
              + channel.peer()
              + " (it is consumed): "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public byte[] recvBytes() {
    recvLock.lock();
    try {
      ensureOpen();
      int length = channel.readLength(FramedChannel.NEVER, maxMessage);
      return channel.readPayload(length, FramedChannel.NEVER);
    } finally {
      recvLock.unlock();
    }
  }

  @Override
  public int recvBytesInto(byte[] buffer, int offset) {
    Objects.checkIndex(offset, buffer.length + 1);
    recvLock.lock();
    try {
      ensureOpen();
      int length = channel.readLength(FramedChannel.NEVER, maxMessage);
      int room = buffer.length - offset;
      if (length > room) {
        throw new BufferTooShortException(channel.readPayload(length, FramedChannel.NEVER), room);
      }
      channel.readPayload(buffer, offset, length, FramedChannel.NEVER);
      return length;
    } finally {
      recvLock.unlock();
    }
  }

  @Override
  public boolean poll(Duration timeout) {
    long deadline = deadline(timeout);
    recvLock.lock();
    try {
      ensureOpen();
      return channel.awaitReadable(deadline);
    } finally {
      recvLock.unlock();
    }
  }

  private static long deadline(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      return System.nanoTime();
    }
    if (timeout.compareTo(Duration.ofDays(365)) > 0) {
      return FramedChannel.NEVER;
    }
    return System.nanoTime() + timeout.toNanos();
  }

  /* --------------- state --------------- */

  @Override
  public boolean readable() {
    return true;
  }

  @Override
  public boolean writable() {
    return true;
  }

  @Override
  public boolean closed() {
    return channel.isClosed();
  }

  @Override
  public void close() {
    channel.close();
  }

  private void ensureOpen() {
    if (channel.isClosed()) {
      throw new ConnectionClosedException("this connection to " + channel.peer() + " is closed");
    }
  }

  @Override
  public String toString() {
    return "SocketConnection[peer=" + channel.peer() + (closed() ? ", closed]" : "]");
  }

  /* --------------- not passable to another process --------------- */

  @Serial
  private Object writeReplace() throws ObjectStreamException {
    throw new NotSerializableException(
        SocketConnection.class.getName()
            + " (a socket connection belongs to the process that opened it: pass the listener's"
            + " address and auth key to the other process instead, and call Client.connect there)");
  }

  @Serial
  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("a socket connection cannot be deserialized");
  }
}
