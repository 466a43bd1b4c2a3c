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
 * one machine (TCP works the same). Frames are length-prefixed; a frame is written with one
 * gathering write under a lock, so frames of several senders never interleave.
 */
public final class SocketFrameChannel implements FrameChannel {
  /** The largest payload accepted, to fail fast on a corrupt length word. */
  static final int MAX_PAYLOAD = Integer.MAX_VALUE - 64;

  private final SocketChannel channel;
  private final ReentrantLock sendLock = new ReentrantLock();
  private final ByteBuffer sendHeader = ByteBuffer.allocate(Integer.BYTES + Frame.HEADER_AFTER_LENGTH);
  private final ByteBuffer receiveHeader =
      ByteBuffer.allocate(Integer.BYTES + Frame.HEADER_AFTER_LENGTH);

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
    byte[] payload = frame.payload();
    sendLock.lock();
    try {
      sendHeader.clear();
      sendHeader.putInt(Frame.HEADER_AFTER_LENGTH + payload.length);
      sendHeader.put((byte) frame.kind().ordinal());
      sendHeader.putLong(frame.id());
      sendHeader.flip();
      if (payload.length == 0) {
        while (sendHeader.hasRemaining()) {
          channel.write(sendHeader);
        }
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

  @Override
  public Frame receive() throws IOException {
    receiveHeader.clear();
    readFully(receiveHeader);
    receiveHeader.flip();
    int length = receiveHeader.getInt();
    if (length < Frame.HEADER_AFTER_LENGTH || length - Frame.HEADER_AFTER_LENGTH > MAX_PAYLOAD) {
      throw new IOException("corrupt frame: length=" + length);
    }
    Frame.Kind kind = Frame.Kind.of(receiveHeader.get());
    long id = receiveHeader.getLong();
    int payloadLength = length - Frame.HEADER_AFTER_LENGTH;
    if (payloadLength == 0) {
      return Frame.of(kind, id);
    }
    byte[] payload = new byte[payloadLength];
    readFully(ByteBuffer.wrap(payload));
    return new Frame(kind, id, payload);
  }

  private void readFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new EOFException("the other process closed the channel");
      }
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
