package dev.multiproc.internal.ipc;

import dev.multiproc.internal.shm.Futex;
import dev.multiproc.internal.shm.ShmMutex;
import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.ConnectionClosedException;
import dev.multiproc.spi.ConnectionDefaults;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One end of a {@link ShmPipe}: a {@link Connection} over shared memory that can be passed to
 * another process (it attaches to the pipe's segment there).
 *
 * <p>Threads and processes may share an end: sends are serialised among themselves by the
 * direction's writer lock, and receives by its reader lock (both in the pipe's shared memory), so
 * whole messages interleave and a message's bytes never mix with another's. A process that dies
 * in the middle of a message is dealt with as {@link ShmPipe} says.
 */
final class ShmConnection implements ConnectionDefaults, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final ShmPipe pipe;
  private final int end;

  /** How often at most a send or receive asks the kernel whether the peer's process lives. */
  private static final long PROCESS_CHECK_NANOS = 1_000_000;

  private transient volatile boolean closed;
  private transient long processCheckedAt;

  /** The pid last found dead at the other end, so that it is not asked about again. */
  private transient int deadPid;

  private transient ByteRing.@Nullable Peer reader;
  private transient ByteRing.Peer writer = this::writerSees;

  private ShmConnection(ShmPipe pipe, int end) {
    this.pipe = pipe;
    this.end = end;
  }

  /**
   * Creates a pipe. Python: {@code multiprocessing.Pipe(duplex)}.
   *
   * @param duplex whether both ends send and receive; if not, the first only receives and the
   *     second only sends
   * @return the two ends
   */
  static ShmConnection[] pipe(boolean duplex) {
    return pipe(duplex, ShmPipe.DEFAULT_RING_BYTES);
  }

  /**
   * Creates a pipe with rings of {@code ringBytes} per direction.
   *
   * @param duplex whether both ends send and receive
   * @param ringBytes bytes per direction, rounded up to a power of two (at least 4 KiB)
   * @return the two ends
   */
  static ShmConnection[] pipe(boolean duplex, long ringBytes) {
    var pipe = new ShmPipe(duplex, ByteRing.capacityFor(ringBytes));
    return new ShmConnection[] {new ShmConnection(pipe, 0), new ShmConnection(pipe, 1)};
  }

  private @Nullable RuntimeException readerSees(boolean midMessage) {
    if (closed) {
      return new ConnectionClosedException("this end of the pipe was closed");
    }
    RuntimeException gone = peerGone();
    if (gone != null && midMessage) {
      return new ConnectionClosedException(gone.getMessage() + " in the middle of a message");
    }
    return gone;
  }

  private @Nullable RuntimeException writerSees(boolean midMessage) {
    if (closed) {
      return new ConnectionClosedException("this end of the pipe was closed");
    }
    return peerGone();
  }

  /** Whether the other end is gone; its process is looked at once a millisecond at most. */
  private @Nullable RuntimeException peerGone() {
    RuntimeException closedThere = pipe.closedEnd(1 - end);
    if (closedThere != null) {
      return closedThere;
    }
    int pid = pipe.pid(1 - end);
    if (pid == ShmMutex.PID) {
      return null;
    }
    if (pid != deadPid) {
      long now = System.nanoTime();
      if (processCheckedAt != 0 && now - processCheckedAt < PROCESS_CHECK_NANOS) {
        return null;
      }
      processCheckedAt = now;
      if (ShmMutex.processExists(pid)) {
        return null;
      }
      deadPid = pid;
    }
    return new ConnectionClosedException(
        "the process at the other end of the pipe (pid " + pid + ") has ended");
  }

  private LockedRing in() {
    checkOpen();
    LockedRing r = pipe.readRing(end);
    if (r == null) {
      throw new IllegalStateException("this end of the pipe is write-only");
    }
    return r;
  }

  private LockedRing out() {
    checkOpen();
    LockedRing r = pipe.writeRing(end);
    if (r == null) {
      throw new IllegalStateException("this end of the pipe is read-only");
    }
    return r;
  }

  private void checkOpen() {
    if (closed) {
      throw new ConnectionClosedException("this end of the pipe is closed");
    }
  }

  private void claim() {
    if (pipe.pid(end) != ShmMutex.PID) {
      pipe.claim(end);
    }
  }

  /** What a receive waits with: the other end, and mid-message the writer holding the lock. */
  private ByteRing.Peer reader(LockedRing ring) {
    ByteRing.Peer p = reader;
    if (p == null) {
      p = ring.readerPeer(this::readerSees);
      reader = p;
    }
    return p;
  }

  @Override
  public void send(@Nullable Object message) {
    LockedRing ring = out();
    byte[] bytes = ItemCodec.encode(message, "send");
    write(ring, bytes, 0, bytes.length);
  }

  @Override
  public void sendBytes(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    write(out(), bytes, offset, length);
  }

  private void write(LockedRing ring, byte[] bytes, int offset, int length) {
    claim();
    RuntimeException gone = peerGone();
    if (gone != null) {
      throw gone;
    }
    ring.checkNotBroken();
    try {
      ring.lockWriter(Long.MAX_VALUE);
      try {
        ring.checkNotBroken();
        ring.beginWrite(length, 0);
        try {
          ring.write(bytes, offset, length, Long.MAX_VALUE, writer);
        } finally {
          ring.endWrite();
        }
      } finally {
        ring.unlockWriter();
      }
    } catch (InterruptedException e) {
      throw interrupted("sending");
    }
  }

  @Override
  public @Nullable Object recv() {
    return ItemCodec.decode(recvBytes(), "receive");
  }

  @Override
  public byte[] recvBytes() {
    LockedRing ring = in();
    claim();
    ByteRing.Peer peer = reader(ring);
    try {
      ring.lockReader(Long.MAX_VALUE, peer);
      try {
        byte[] message = Objects.requireNonNull(ring.read(Long.MAX_VALUE, peer, 0));
        ring.endRead();
        return message;
      } finally {
        ring.unlockReader();
      }
    } catch (InterruptedException e) {
      throw interrupted("receiving");
    }
  }

  @Override
  public boolean poll(Duration timeout) {
    LockedRing ring = in();
    claim();
    try {
      return ring.ring().poll(Parking.deadline(timeout), reader(ring));
    } catch (InterruptedException e) {
      throw interrupted("polling");
    }
  }

  /** For {@code wait}: whether a receive would not wait (data, end of stream, or closed). */
  boolean ready() {
    if (closed) {
      return true;
    }
    LockedRing ring = in();
    return ring.ring().available() > 0 || reader(ring).gone(false) != null;
  }

  /** For {@code wait}: the word to park on until data comes, or null if it is there. */
  Futex.@Nullable Word readyWord() {
    return closed ? null : in().ring().readerWord();
  }

  private static UncheckedIOException interrupted(String what) {
    Thread.currentThread().interrupt();
    return new UncheckedIOException(new InterruptedIOException("interrupted while " + what));
  }

  @Override
  public boolean readable() {
    return pipe.duplex() || end == 0;
  }

  @Override
  public boolean writable() {
    return pipe.duplex() || end == 1;
  }

  @Override
  public boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    pipe.closeCopy(end);
  }

  @Override
  public String toString() {
    return "Connection[pipe "
        + pipe.segmentName()
        + ", end "
        + end
        + (readable() ? writable() ? ", duplex" : ", read-only" : ", write-only")
        + (closed ? ", closed" : "")
        + "]";
  }

  @Serial
  private void writeObject(ObjectOutputStream out) throws IOException {
    if (closed) {
      throw new NotSerializableException("a closed connection cannot be sent: " + this);
    }
    pipe.addCopy(end); // counted open from now: the receiver may not have it yet
    out.defaultWriteObject();
  }

  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    writer = this::writerSees;
    pipe.claim(end);
  }
}
