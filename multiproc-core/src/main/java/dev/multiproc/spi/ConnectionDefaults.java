package dev.multiproc.spi;

import dev.multiproc.ipc.BufferTooShortException;
import dev.multiproc.ipc.Connection;
import java.util.Objects;

/**
 * The {@link Connection} methods written the same way over {@link #recvBytes()} by the
 * shared-memory and the threads connection. Internal.
 */
public interface ConnectionDefaults extends Connection {
  // receives one message with recvBytes() and copies it in; BufferTooShortException carries it
  // when it does not fit
  @Override
  default int recvBytesInto(byte[] buffer, int offset) {
    Objects.checkIndex(offset, buffer.length + 1);
    byte[] message = recvBytes();
    int room = buffer.length - offset;
    if (message.length > room) {
      throw new BufferTooShortException(message, room);
    }
    System.arraycopy(message, 0, buffer, offset, message.length);
    return message.length;
  }
}
