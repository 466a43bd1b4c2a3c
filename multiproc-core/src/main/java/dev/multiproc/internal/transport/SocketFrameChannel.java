package dev.multiproc.internal.transport;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link FrameChannel} over a blocking {@link SocketChannel}: Unix-domain between processes of
 * one machine (TCP works the same). Frames are length-prefixed.
 *
 * <p>Reads go through a buffer, so one system call brings in every frame that has arrived, not one
 * header or payload at a time. A large payload is received into an array that grows as its bytes
 * arrive ({@link Payloads}), so a length word alone allocates nothing. Writes are whole frames
 * under a lock, so frames of several senders never interleave.
 *
 * <p>What a frame's payload may hold is for its senders to limit (the codec refuses values over
 * the class filter's {@code maxBytes}); {@link #receive(int)} refuses a frame announced over a
 * given size, for frames whose size is known in advance, such as a worker's first.
 */
public final class SocketFrameChannel implements FrameChannel {
  /** The largest payload accepted, to fail fast on a corrupt length word. */
  static final int MAX_PAYLOAD = Integer.MAX_VALUE - 64;

  /** How much of a large payload one read brings in at most, so the JDK's copy stays small. */
  private static final int READ_CHUNK = 1 << 20;

  private static final int HEADER = Integer.BYTES + Frame.HEADER_AFTER_LENGTH;
  private static final int BUFFER = 64 * 1024;

  private final SocketChannel channel;
  private final ReentrantLock sendLock = new ReentrantLock();
  private final ByteBuffer sendHeader = ByteBuffer.allocate(HEADER);

  /** Bytes received and not yet parsed, between position and limit; reader thread only. */
  private final ByteBuffer received = ByteBuffer.allocateDirect(BUFFER).flip();

  /**
   * Wraps a connected channel.
   *
   * @param channel a connected, blocking socket channel
   */
  public SocketFrameChannel(SocketChannel channel) {
    this.channel = channel;
  }

  /**
   * Connects to a Unix-domain socket.
   *
   * @param path the socket file
   * @return the channel
   * @throws IOException if the connection fails
   */
  public static SocketFrameChannel connect(Path path) throws IOException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.connect(UnixDomainSocketAddress.of(path));
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new SocketFrameChannel(ch);
  }

  @Override
  public void send(Frame frame) throws IOException {
    sendLock.lock();
    try {
      byte[] payload = frame.payload();
      sendHeader.clear();
      putHeader(sendHeader, frame);
      sendHeader.flip();
      if (payload.length == 0) {
        writeFully(sendHeader);
        return;
      }
      ByteBuffer body = ByteBuffer.wrap(payload);
      ByteBuffer[] both = {sendHeader, body};
      while (body.hasRemaining()) {
        channel.write(both);
      }
    } finally {
      sendLock.unlock();
    }
  }

  @SuppressWarnings("EnumOrdinal") // the kind's ordinal is its wire byte; both ends run one build
  private static void putHeader(ByteBuffer into, Frame frame) {
    into.putInt(Frame.HEADER_AFTER_LENGTH + frame.payload().length);
    into.put((byte) frame.kind().ordinal());
    into.putLong(frame.id());
  }

  private void writeFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  @Override
  public Frame receive() throws IOException {
    return receive(MAX_PAYLOAD);
  }

  /**
   * Blocks until one frame arrives, refusing one whose payload is announced over {@code
   * maxPayload} bytes before reading it.
   *
   * @param maxPayload the largest payload accepted
   * @return the frame
   * @throws java.io.EOFException if the other side closed the channel or died
   * @throws IOException if the frame is corrupt or too large (the channel cannot be read on), or
   *     on other errors
   */
  public Frame receive(int maxPayload) throws IOException {
    fill(Integer.BYTES); // judge the length word before waiting for more
    int length = received.getInt(received.position());
    if (length < Frame.HEADER_AFTER_LENGTH) {
      throw new IOException("corrupt frame: length=" + length);
    }
    int payloadLength = length - Frame.HEADER_AFTER_LENGTH;
    if (payloadLength > maxPayload) {
      throw new IOException(
          "refused a frame: the other process announced a frame of "
              + length
              + " bytes, over the limit of "
              + (maxPayload + Frame.HEADER_AFTER_LENGTH)
              + " bytes for it (a corrupt stream, or a peer that is not a multiproc process)");
    }
    fill(HEADER);
    received.getInt();
    Frame.Kind kind = Frame.Kind.of(received.get());
    long id = received.getLong();
    if (payloadLength == 0) {
      return Frame.of(kind, id);
    }
    int buffered = Math.min(payloadLength, received.remaining());
    byte[] payload = Payloads.room(payloadLength, buffered);
    received.get(payload, 0, buffered);
    int got = buffered;
    while (got < payloadLength) {
      // a large payload: the rest goes straight into the array, which grows as it arrives
      if (got == payload.length) {
        payload = Payloads.grow(payload, payloadLength);
      }
      int room = Math.min(READ_CHUNK, payload.length - got);
      int n = channel.read(ByteBuffer.wrap(payload, got, room));
      if (n < 0) {
        throw new EOFException(
            "the other process closed the channel in the middle of a frame ("
                + got
                + " of "
                + payloadLength
                + " bytes of its payload received)");
      }
      got += n;
    }
    return new Frame(kind, id, payload);
  }

  /** Makes at least {@code n} unparsed bytes available, reading as much as has arrived. */
  private void fill(int n) throws IOException {
    if (received.remaining() >= n) {
      return;
    }
    received.compact();
    try {
      while (received.position() < n) {
        if (channel.read(received) < 0) {
          throw new EOFException("the other process closed the channel");
        }
      }
    } finally {
      received.flip();
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing a socket: nothing left to do
    }
  }
}
