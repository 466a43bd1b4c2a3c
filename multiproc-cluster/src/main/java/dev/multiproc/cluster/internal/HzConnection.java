package dev.multiproc.cluster.internal;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.ipc.ConnectionClosedException;
import dev.multiproc.ipc.Pipe;
import dev.multiproc.spi.ConnectionDefaults;
import dev.multiproc.spi.Deadlines;
import java.io.InterruptedIOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One end of a pipe on the cluster: messages travel through one Hazelcast {@link IQueue} per
 * direction, each element a message's bytes behind a one-byte kind (data, or end of stream). The
 * open copies of each end are counted in an {@link IMap} entry: a copy sent to another JVM counts
 * one more, and when the last copy of an end is closed, end of stream goes to the other end, as
 * with a local pipe. Sent to another JVM, an end arrives attached to the same queues.
 *
 * <p>Unlike a local pipe: a JVM that dies holding a copy of an end does not close it (the other
 * end then waits until its own timeout); a message sent after the other end was closed is lost
 * rather than refused; {@code Connections.wait} looks at these ends every 10 ms.
 */
public final class HzConnection implements ConnectionDefaults, Serializable {
  @Serial private static final long serialVersionUID = 1L;
  private static final byte DATA = 0;
  private static final byte EOF = 1;

  private final transient HazelcastInstance hz;
  private final transient String pipe;

  /** 1 or 2: which end this is. */
  private final transient int end;

  private final transient boolean duplex;
  private final transient @Nullable IQueue<byte[]> in;

  /** Waits for messages in this JVM ({@link QueueWaits}): an interrupt loses none. */
  private final transient @Nullable QueueWaits inWaits;

  private final transient @Nullable IQueue<byte[]> out;
  private final transient IMap<String, Long> copies;
  private transient byte @Nullable [] polled;
  private transient boolean eof;
  private transient volatile boolean closed;

  /**
   * What a sent end attaches to.
   *
   * @param pipe the pipe's name
   * @param end which end
   * @param duplex whether both ends read and write
   */
  private record Spec(String pipe, int end, boolean duplex) implements HzSpec {
    @Override
    public Object attach(HazelcastInstance hz) {
      return new HzConnection(hz, pipe, end, duplex);
    }
  }

  private HzConnection(HazelcastInstance hz, String pipe, int end, boolean duplex) {
    this.hz = hz;
    this.pipe = pipe;
    this.end = end;
    this.duplex = duplex;
    int other = 3 - end;
    // one-way: end 1 reads, end 2 writes (Python's Pipe(duplex=False))
    this.in = duplex || end == 1 ? HzGuard.queue(hz, pipe + "-to" + end) : null;
    this.inWaits = in == null ? null : new QueueWaits(hz, in, "pipe");
    this.out = duplex || end == 2 ? HzGuard.queue(hz, pipe + "-to" + other) : null;
    this.copies = HzGuard.map(hz, pipe + "-copies");
  }

  /**
   * Makes a new pipe on the cluster.
   *
   * @param hz the member or client
   * @param duplex whether both ends read and write
   * @return the pipe
   */
  public static Pipe pipe(HazelcastInstance hz, boolean duplex) {
    String name = HzNames.unique(hz, "pipe");
    IMap<String, Long> copies = hz.getMap(name + "-copies");
    copies.set("1", 1L);
    copies.set("2", 1L);
    return new Pipe(new HzConnection(hz, name, 1, duplex), new HzConnection(hz, name, 2, duplex));
  }

  private void checkOpen() {
    if (closed) {
      throw new ConnectionClosedException("this end of the pipe is closed");
    }
  }

  private QueueWaits in() {
    checkOpen();
    if (inWaits == null) {
      throw new IllegalStateException("this end of the pipe is write-only");
    }
    return inWaits;
  }

  private IQueue<byte[]> out() {
    checkOpen();
    if (out == null) {
      throw new IllegalStateException("this end of the pipe is read-only");
    }
    return out;
  }

  private static byte[] framed(byte kind, byte[] bytes, int offset, int length) {
    byte[] element = new byte[length + 1];
    element[0] = kind;
    System.arraycopy(bytes, offset, element, 1, length);
    return element;
  }

  @Override
  public void send(@Nullable Object message) {
    IQueue<byte[]> q = out();
    byte[] bytes = HzNames.encode(message, "send");
    q.add(framed(DATA, bytes, 0, bytes.length));
  }

  @Override
  public void sendBytes(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    out().add(framed(DATA, bytes, offset, length));
  }

  @Override
  public @Nullable Object recv() {
    return HzNames.decode(recvBytes(), "receive");
  }

  @Override
  public synchronized byte[] recvBytes() {
    QueueWaits q = in();
    byte[] element = polled;
    polled = null;
    try {
      if (element == null && !eof) {
        element = q.poll(Deadlines.NEVER, true); // until a message or end of stream comes
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted while receiving"));
    }
    if (element == null || element[0] == EOF) {
      eof = true;
      throw new ConnectionClosedException("the other end of the pipe was closed");
    }
    return Arrays.copyOfRange(element, 1, element.length);
  }

  @Override
  public synchronized boolean poll(Duration timeout) {
    QueueWaits q = in();
    if (polled != null || eof) {
      return true;
    }
    try {
      polled = q.poll(Deadlines.deadline(timeout), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted while polling"));
    }
    return polled != null;
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

  /**
   * Closes this copy; when it was the last open copy of this end, the other end gets end of
   * stream. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (inWaits != null) {
      inWaits.close();
    }
    Long before = copies.executeOnKey(Integer.toString(end), new LongOp(true, -1, 0));
    if (before == null || before != 1) {
      return; // another copy of this end is still open
    }
    if (out != null) {
      out.add(new byte[] {EOF});
    }
    Long theirs = copies.get(Integer.toString(3 - end));
    if (theirs == null || theirs <= 0) { // both ends are closed: nothing more can pass
      hz.getQueue(pipe + "-to1").destroy();
      hz.getQueue(pipe + "-to2").destroy();
      copies.destroy();
    }
  }

  @Override
  public String toString() {
    return "Connection[cluster "
        + pipe
        + ", end "
        + end
        + (readable() ? writable() ? ", duplex" : ", read-only" : ", write-only")
        + (closed ? ", closed" : "")
        + "]";
  }

  /**
   * Sends a reference by name instead, counted as one more open copy of this end.
   *
   * @return the reference
   * @throws java.io.NotSerializableException if this end is closed
   */
  @Serial
  private Object writeReplace() throws java.io.NotSerializableException {
    if (closed) {
      throw new java.io.NotSerializableException("a closed connection cannot be sent: " + this);
    }
    copies.executeOnKey(Integer.toString(end), new LongOp(true, 1, 0));
    return HzRef.of(hz, new Spec(pipe, end, duplex));
  }
}
