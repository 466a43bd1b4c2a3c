package dev.multiproc.internal.threads;

import dev.multiproc.ipc.ConnectionClosedException;
import dev.multiproc.ipc.Pipe;
import dev.multiproc.spi.ConnectionDefaults;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * {@link Pipe} in this JVM: two ends over one or two in-memory directions. Objects pass by
 * reference (Python's {@code multiprocessing.dummy.Pipe} does the same); {@code sendBytes}
 * copies its bytes. EOF, direction and closed-end behaviour match the local context's pipe.
 */
public final class ThreadPipe {
  private ThreadPipe() {}

  /** A message sent with {@code sendBytes}, kept apart from objects. */
  private record Bytes(byte[] bytes) {}

  /** One direction: messages from a writer end to a reader end. */
  private static final class Direction {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Object> messages = new ArrayDeque<>();
    private boolean writerClosed;
    private boolean readerClosed;

    void write(Object message) {
      lock.lock();
      try {
        if (readerClosed) {
          throw new ConnectionClosedException("the other end of the pipe was closed");
        }
        messages.addLast(message);
        arrived.signalAll();
      } finally {
        lock.unlock();
      }
    }

    /** Waits for a message or EOF; false on timeout (negative nanos: for ever). */
    boolean await(long nanos) throws InterruptedException {
      lock.lockInterruptibly();
      try {
        boolean forever = nanos < 0;
        while (messages.isEmpty() && !writerClosed) {
          if (forever) {
            arrived.await();
          } else if (nanos <= 0) {
            return false;
          } else {
            nanos = arrived.awaitNanos(nanos);
          }
        }
        return true;
      } finally {
        lock.unlock();
      }
    }

    Object read() {
      try {
        await(-1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(new InterruptedIOException("interrupted while receiving"));
      }
      lock.lock();
      try {
        Object m = messages.pollFirst();
        if (m == null) {
          throw new ConnectionClosedException("the other end of the pipe was closed");
        }
        return m;
      } finally {
        lock.unlock();
      }
    }

    void closeWriter() {
      lock.lock();
      try {
        writerClosed = true;
        arrived.signalAll();
      } finally {
        lock.unlock();
      }
    }

    void closeReader() {
      lock.lock();
      try {
        readerClosed = true;
        messages.clear();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Returns a pipe. Python: {@code multiprocessing.dummy.Pipe(duplex)}.
   *
   * @param duplex whether both ends send and receive; if false, {@code conn1} only receives
   * @return the two ends
   */
  public static Pipe pipe(boolean duplex) {
    var toOne = new Direction();
    var toTwo = duplex ? new Direction() : null;
    return new Pipe(new End("conn1", toOne, toTwo), new End("conn2", toTwo, toOne));
  }

  private static final class End implements ConnectionDefaults {
    private final String name;
    private final @Nullable Direction in;
    private final @Nullable Direction out;
    private volatile boolean closed;

    End(String name, @Nullable Direction in, @Nullable Direction out) {
      this.name = name;
      this.in = in;
      this.out = out;
    }

    private void checkOpen() {
      if (closed) {
        throw new ConnectionClosedException("this end of the pipe is closed");
      }
    }

    private Direction in() {
      checkOpen();
      if (in == null) {
        throw new IllegalStateException("this end of the pipe is write-only");
      }
      return in;
    }

    private Direction out() {
      checkOpen();
      if (out == null) {
        throw new IllegalStateException("this end of the pipe is read-only");
      }
      return out;
    }

    @Override
    public void send(@Nullable Object message) {
      out().write(message == null ? Null.NULL : message);
    }

    @Override
    public void sendBytes(byte[] bytes, int offset, int length) {
      Objects.checkFromIndexSize(offset, length, bytes.length);
      byte[] copy = new byte[length];
      System.arraycopy(bytes, offset, copy, 0, length);
      out().write(new Bytes(copy));
    }

    @Override
    public @Nullable Object recv() {
      Object m = in().read();
      if (m instanceof Bytes(byte[] bytes)) {
        return bytes;
      }
      return m == Null.NULL ? null : m;
    }

    @Override
    public byte[] recvBytes() {
      Object m = in().read();
      if (m instanceof Bytes(byte[] bytes)) {
        return bytes;
      }
      throw new IllegalStateException(
          "the next message was sent with send(), not sendBytes():"
              + " receive it with recv() (on the threads context objects are not encoded)");
    }

    @Override
    public boolean poll(Duration timeout) {
      try {
        return in().await(Math.max(0, timeout.toNanos()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(new InterruptedIOException("interrupted while polling"));
      }
    }

    @Override
    public boolean readable() {
      return in != null;
    }

    @Override
    public boolean writable() {
      return out != null;
    }

    @Override
    public boolean closed() {
      return closed;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (out != null) {
        out.closeWriter();
      }
      if (in != null) {
        in.closeReader();
      }
    }

    @Override
    public String toString() {
      return "Connection[threads "
          + name
          + (readable() ? ", readable" : "")
          + (writable() ? ", writable" : "")
          + (closed ? ", closed" : "")
          + "]";
    }
  }

  /** Stands for a null message. */
  private enum Null {
    NULL
  }
}
