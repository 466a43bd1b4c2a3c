package dev.multiproc.internal.ipc;

import dev.multiproc.internal.shm.Futex;
import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.ShmLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/**
 * A single-producer single-consumer stream of length-prefixed messages in shared memory: the
 * carrier of every pipe direction and queue. One writer and one reader at a time ({@link
 * LockedRing} serialises several of each with a lock per side).
 *
 * <p>Its words are {@link #LAYOUT} (the reader's cache line, the writer's, the capacity, then the
 * data), each message in the data {@link #MESSAGE}.
 *
 * <p>Head and tail only grow; a position's place in the data is {@code position & (capacity -
 * 1)}. Both stay multiples of 8, so a message header never wraps. A message that fits the
 * capacity is written whole and then published by one store of the tail: a writer that dies
 * while writing it leaves nothing visible. A larger message streams through in chunks, each
 * published as it is written, and the reader takes each chunk as it comes. Once a message is
 * begun, both sides finish it: an interrupt that comes in the middle is kept for the caller
 * (the thread's flag stays set) and the wait goes on.
 *
 * <p>A whole message still in the ring can be marked removed ({@link #markRemoved}, flag {@link
 * #REMOVED}) by the reader's side; readers skip it. Only the reader's side looks at or changes
 * messages between head and tail, and only whole ones: the writer never touches bytes below the
 * tail.
 *
 * <p>Waiting: each side spins up to {@link Parking#SPIN_NANOS} on the other side's counter,
 * then parks on its low 32-bit word (which changes whenever the counter does, the capacity being
 * below 2<sup>32</sup>) with the flag protocol of {@link Parking}.
 */
final class ByteRing {
  /** The ring's words, from its base. */
  static final ShmLayout LAYOUT =
      ShmLayout.of("ByteRing")
          .int64("head", "bytes consumed so far; the reader's cache line")
          .int32("writerParked", "flag: the writer is parked on head's low word")
          .align(64)
          .int64("tail", "bytes published so far; the writer's cache line")
          .int32("readerParked", "flag: the reader is parked on tail's low word")
          .align(64)
          .int64("capacity", "a power of two")
          .align(64)
          .rest("data", 64, "capacity bytes of messages")
          .build();

  /** A message in the data, at a multiple of 8. */
  static final ShmLayout MESSAGE =
      ShmLayout.of("ByteRing message")
          .int32("length", "payload bytes")
          .int32("flags", "REMOVED once removed where it stands")
          .rest("payload", 8, "length bytes, then padding to 8")
          .build();

  /** Bytes of the ring's own header before its data. */
  static final long HEADER_BYTES = LAYOUT.offset("data");

  /** The smallest capacity. */
  static final long MIN_CAPACITY = 4096;

  /** The largest capacity. */
  static final long MAX_CAPACITY = 1L << 30;

  private static final long HEAD = LAYOUT.offset("head");
  private static final long WRITER_PARKED = LAYOUT.offset("writerParked");
  private static final long TAIL = LAYOUT.offset("tail");
  private static final long READER_PARKED = LAYOUT.offset("readerParked");
  private static final long CAPACITY = LAYOUT.offset("capacity");
  private static final long LOW = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0 : 4;
  private static final int MESSAGE_HEADER = (int) MESSAGE.offset("payload");
  private static final long LENGTH = MESSAGE.offset("length");
  private static final long FLAGS = MESSAGE.offset("flags");

  /** The flag of a message removed where it stands: readers skip it. */
  private static final int REMOVED = 1;

  /** What a side checks about the other while the ring gives it nothing to do. */
  interface Peer {
    /** A peer that never goes away. */
    Peer NEVER = midMessage -> null;

    /**
     * Whether the other side is gone for good.
     *
     * @param midMessage whether a message is half read or half written
     * @return the exception to throw if it is gone, else null
     */
    @Nullable RuntimeException gone(boolean midMessage);
  }

  /** Told where a message lies before the first of its bytes is consumed. */
  interface Reading {
    /**
     * A message begins at {@code start} and ends at {@code end} (ring positions).
     *
     * @param start the position of its header
     * @param end the position after its padding
     */
    void begin(long start, long end);
  }

  /** Visits whole messages; see {@link #forEachWhole}. */
  interface Visitor {
    /**
     * Visits one message.
     *
     * @param position the position of its header
     * @param length its payload bytes
     * @return false to stop
     */
    boolean visit(long position, int length);
  }

  private final MemorySegment memory;
  private final long base;
  private final long data;
  private final long capacity;
  private final long mask;

  /** Wraps a ring already laid out at {@code base} (see {@link #init}). */
  ByteRing(MemorySegment memory, long base) {
    this.memory = memory;
    this.base = base;
    this.data = base + HEADER_BYTES;
    this.capacity = Memory.getLongVolatile(memory, base + CAPACITY);
    if (Long.bitCount(capacity) != 1 || data + capacity > memory.byteSize()) {
      throw new IllegalStateException(
          "no byte ring at offset "
              + base
              + " (capacity "
              + capacity
              + ", segment of "
              + memory.byteSize()
              + " bytes)");
    }
    this.mask = capacity - 1;
  }

  /**
   * Rounds a requested capacity to the one a ring will have.
   *
   * @param requested bytes asked for
   * @return a power of two between {@link #MIN_CAPACITY} and {@link #MAX_CAPACITY}
   */
  static long capacityFor(long requested) {
    if (requested <= 0 || requested > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "a ring's capacity must be 1 to " + MAX_CAPACITY + " bytes, got " + requested);
    }
    long c = Math.max(MIN_CAPACITY, Long.highestOneBit(requested));
    return c < requested ? c << 1 : c;
  }

  /** Bytes a ring of {@code capacity} takes in its segment, header included. */
  static long bytesFor(long capacity) {
    return HEADER_BYTES + capacity;
  }

  /** Lays out an empty ring in fresh (zeroed) memory. */
  static void init(MemorySegment memory, long base, long capacity) {
    Memory.setLongVolatile(memory, base + CAPACITY, capacity);
  }

  long capacity() {
    return capacity;
  }

  /** Bytes published and not yet consumed. */
  long available() {
    return tail() - head();
  }

  /** Bytes consumed so far: the position of the next message to read. */
  long head() {
    return Memory.getLongVolatile(memory, base + HEAD);
  }

  /** Bytes a message of {@code len} payload bytes takes in the ring. */
  static long messageBytes(int len) {
    return MESSAGE_HEADER + align(len);
  }

  long tail() {
    return Memory.getLongVolatile(memory, base + TAIL);
  }

  private static long align(long n) {
    return (n + 7) & ~7L;
  }

  private boolean fits(long messageBytes) {
    return messageBytes <= capacity;
  }

  /* ------------------------------- waiting ------------------------------- */

  /**
   * Waits until data is published. In the middle of a message, an interrupt does not end the
   * wait; the thread's interrupt flag is set again before returning.
   *
   * @return the bytes available, or 0 if the deadline passed first
   * @throws RuntimeException what {@code peer} says, once it is gone and the ring is empty
   */
  private long awaitData(long deadline, Peer peer, boolean midMessage) throws InterruptedException {
    long head = head();
    long spinEnd = 0;
    boolean interrupted = false;
    try {
      while (true) {
        long tail = tail();
        if (tail != head) {
          return tail - head;
        }
        RuntimeException gone = peer.gone(midMessage);
        if (gone != null) {
          if (tail() != head) {
            continue;
          }
          throw gone;
        }
        long left = Parking.left(deadline);
        if (left == 0) {
          return 0;
        }
        long now = System.nanoTime();
        if (spinEnd == 0) {
          spinEnd = now + Parking.SPIN_NANOS;
        }
        if (now - spinEnd < 0) {
          Futex.spinUntilChanged(
              memory, base + TAIL + LOW, (int) tail, Math.min(spinEnd - now, left));
          continue;
        }
        Parking.park(memory, base + TAIL + LOW, (int) tail, base + READER_PARKED, left);
        if (Thread.interrupted()) {
          if (!midMessage) {
            throw new InterruptedException("interrupted while waiting for data");
          }
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Waits until {@code need} bytes are free. In the middle of a message, an interrupt does not
   * end the wait; the thread's interrupt flag is set again before returning.
   *
   * @return the bytes free (at least {@code need}), or 0 if the deadline passed first
   */
  private long awaitSpace(long need, long deadline, Peer peer, boolean midMessage)
      throws InterruptedException {
    long tail = tail();
    long spinEnd = 0;
    boolean interrupted = false;
    try {
      while (true) {
        long head = head();
        long free = capacity - (tail - head);
        if (free >= need) {
          return free;
        }
        RuntimeException gone = peer.gone(midMessage);
        if (gone != null) {
          throw gone;
        }
        long left = Parking.left(deadline);
        if (left == 0) {
          return 0;
        }
        long now = System.nanoTime();
        if (spinEnd == 0) {
          spinEnd = now + Parking.SPIN_NANOS;
        }
        if (now - spinEnd < 0) {
          Futex.spinUntilChanged(
              memory, base + HEAD + LOW, (int) head, Math.min(spinEnd - now, left));
          continue;
        }
        Parking.park(memory, base + HEAD + LOW, (int) head, base + WRITER_PARKED, left);
        if (Thread.interrupted()) {
          if (!midMessage) {
            throw new InterruptedException("interrupted while waiting for room");
          }
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Waits until data is published or {@code peer} is gone, without consuming anything.
   *
   * @return true if a read would not wait (data, or the peer's exception)
   */
  boolean poll(long deadline, Peer peer) throws InterruptedException {
    try {
      return awaitData(deadline, peer, false) > 0;
    } catch (RuntimeException gone) {
      return true;
    }
  }

  /**
   * For {@code futex_waitv}: announces a parked reader and returns the word to park on, or null if
   * data is already there.
   */
  Futex.@Nullable Word readerWord() {
    long tail = tail();
    Memory.setIntVolatile(memory, base + READER_PARKED, 1);
    if (tail() != tail || tail != head()) {
      return null;
    }
    return new Futex.Word(memory, base + TAIL + LOW, (int) tail);
  }

  /** Wakes whoever is parked on this ring, reader and writer, so they re-check their peer. */
  void wakeAll() {
    Futex.wake(memory, base + TAIL + LOW, Integer.MAX_VALUE);
    Futex.wake(memory, base + HEAD + LOW, Integer.MAX_VALUE);
  }

  /* ------------------------------- writing ------------------------------- */

  /**
   * Writes one message.
   *
   * @param deadline until when to wait for room for the message (for one larger than the ring,
   *     for its first chunk: once started it is finished)
   * @return false if the deadline passed before anything was written
   * @throws RuntimeException what {@code peer} says once it is gone
   */
  boolean write(byte[] src, int off, int len, long deadline, Peer peer)
      throws InterruptedException {
    long total = MESSAGE_HEADER + align(len);
    if (fits(total)) {
      if (awaitSpace(total, deadline, peer, false) == 0) {
        return false;
      }
      long tail = tail();
      putHeader(tail, len);
      copyIn(tail + MESSAGE_HEADER, src, off, len);
      publish(tail + total);
      return true;
    }
    long chunk = Math.max(MESSAGE_HEADER, capacity / 4);
    long done = 0; // bytes of header + payload + padding published so far
    int copied = 0; // payload bytes copied so far
    while (done < total) {
      long free =
          awaitSpace(
              Math.min(chunk, total - done),
              done == 0 ? deadline : Long.MAX_VALUE,
              peer,
              done != 0);
      if (free == 0) {
        return false;
      }
      long tail = tail();
      long n = Math.min(free, total - done);
      long at = tail;
      long room = n;
      if (done == 0) {
        putHeader(tail, len);
        at += MESSAGE_HEADER;
        room -= MESSAGE_HEADER;
      }
      int bytes = (int) Math.min(room, len - copied);
      copyIn(at, src, off + copied, bytes);
      copied += bytes;
      done += n;
      publish(tail + n);
    }
    return true;
  }

  private void putHeader(long position, int len) {
    long at = data + (position & mask);
    Memory.setInt(memory, at + LENGTH, len); // published by the tail's volatile store below
    Memory.setInt(memory, at + FLAGS, 0);
  }

  private void publish(long tail) {
    Memory.setLongVolatile(memory, base + TAIL, tail);
    Parking.wakeIfWaiting(memory, base + TAIL + LOW, base + READER_PARKED);
  }

  private void copyIn(long position, byte[] src, int off, int n) {
    if (n == 0) {
      return;
    }
    long at = position & mask;
    int first = (int) Math.min(n, capacity - at);
    MemorySegment.copy(src, off, memory, ValueLayout.JAVA_BYTE, data + at, first);
    if (first < n) {
      MemorySegment.copy(src, off + first, memory, ValueLayout.JAVA_BYTE, data, n - first);
    }
  }

  /* ------------------------------- reading ------------------------------- */

  /**
   * Reads one message, skipping removed ones.
   *
   * @param deadline until when to wait for a message to begin (once begun it is read whole)
   * @param reading told where the message lies before any of it is consumed
   * @return the message, or null if the deadline passed first
   * @throws RuntimeException what {@code peer} says once it is gone and nothing is left
   */
  byte @Nullable [] read(long deadline, Peer peer, Reading reading) throws InterruptedException {
    long available;
    long head;
    int len;
    while (true) {
      available = awaitData(deadline, peer, false);
      if (available == 0) {
        return null;
      }
      head = head();
      len = lengthAt(head);
      if (flagsAt(head) == 0) {
        break;
      }
      consume(head + messageBytes(len)); // removed: always whole
    }
    byte[] out = new byte[len];
    long total = MESSAGE_HEADER + align(len);
    reading.begin(head, head + total);
    if (fits(total)) {
      copyOut(head + MESSAGE_HEADER, out, 0, len);
      consume(head + total);
      return out;
    }
    long done = 0;
    int copied = 0;
    while (true) {
      long n = Math.min(available, total - done);
      long at = head;
      long room = n;
      if (done == 0) {
        at += MESSAGE_HEADER;
        room -= MESSAGE_HEADER;
      }
      int bytes = (int) Math.min(room, len - copied);
      copyOut(at, out, copied, bytes);
      copied += bytes;
      done += n;
      head += n;
      consume(head);
      if (done == total) {
        return out;
      }
      available = awaitData(Long.MAX_VALUE, peer, true);
    }
  }

  private int lengthAt(long position) {
    int len = Memory.getInt(memory, data + (position & mask) + LENGTH); // after tail's read
    if (len < 0) {
      throw new IllegalStateException("corrupt ring: a message of length " + len);
    }
    return len;
  }

  private int flagsAt(long position) {
    return Memory.getIntVolatile(memory, data + (position & mask) + FLAGS);
  }

  /**
   * Consumes what is left of a message that ends at {@code end}, without reading it: the rest
   * of a message whose reader went away in its middle.
   *
   * @param end the position after the message
   * @param deadline until when to wait for its bytes
   * @param peer asked about the writer while the rest has not come (mid-message)
   * @return true once the head is at {@code end}; false if the deadline passed first
   */
  boolean discard(long end, long deadline, Peer peer) throws InterruptedException {
    while (true) {
      long head = head();
      if (head - end >= 0) {
        return true;
      }
      long tail = tail();
      if (tail != head) {
        consume(Math.min(tail, end));
        continue;
      }
      RuntimeException gone = peer.gone(true);
      if (gone != null) {
        throw gone;
      }
      long left = Parking.left(deadline);
      if (left == 0) {
        return false;
      }
      Parking.park(memory, base + TAIL + LOW, (int) tail, base + READER_PARKED, left);
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while dropping the rest of an item");
      }
    }
  }

  /** Consumes the removed messages at the head, so that an empty ring means no message. */
  void skipRemoved() {
    while (true) {
      long head = head();
      if (tail() - head < MESSAGE_HEADER || flagsAt(head) == 0) {
        return;
      }
      consume(head + messageBytes(lengthAt(head)));
    }
  }

  /**
   * Visits, from the head, each whole message not removed, up to the tail as read once (a
   * message still streaming, larger than the ring, is never whole). The reader's side only.
   */
  void forEachWhole(Visitor visitor) {
    long tail = tail();
    long at = head();
    while (tail - at >= MESSAGE_HEADER) {
      int len = lengthAt(at);
      long end = at + messageBytes(len);
      if (end - tail > 0) {
        return;
      }
      if (flagsAt(at) == 0 && !visitor.visit(at, len)) {
        return;
      }
      at = end;
    }
  }

  /** A copy of the payload of the whole message at {@code position}, {@code len} bytes. */
  byte[] payload(long position, int len) {
    byte[] out = new byte[len];
    copyOut(position + MESSAGE_HEADER, out, 0, len);
    return out;
  }

  /**
   * Marks the whole message at {@code position} removed, if it is still there (not consumed and
   * not removed already). The reader's side only.
   *
   * @return the position after it, or -1 if it was not there
   */
  long markRemoved(long position) {
    long head = head();
    if (position - head < 0 || tail() - position < MESSAGE_HEADER || flagsAt(position) != 0) {
      return -1;
    }
    long end = position + messageBytes(lengthAt(position));
    if (end - tail() > 0) {
      return -1;
    }
    Memory.setIntVolatile(memory, data + (position & mask) + FLAGS, REMOVED);
    return end;
  }

  /** Whether the message at {@code position} (below the tail) is marked removed. */
  boolean removedAt(long position) {
    return position - head() >= 0 && flagsAt(position) != 0;
  }

  private void consume(long head) {
    Memory.setLongVolatile(memory, base + HEAD, head);
    Parking.wakeIfWaiting(memory, base + HEAD + LOW, base + WRITER_PARKED);
  }

  private void copyOut(long position, byte[] dst, int off, int n) {
    if (n == 0) {
      return;
    }
    long at = position & mask;
    int first = (int) Math.min(n, capacity - at);
    MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, data + at, dst, off, first);
    if (first < n) {
      MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, data, dst, off + first, n - first);
    }
  }
}
