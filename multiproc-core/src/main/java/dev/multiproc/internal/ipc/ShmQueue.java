package dev.multiproc.internal.ipc;

import dev.multiproc.internal.shm.Futex;
import dev.multiproc.internal.shm.SharedHandle;
import dev.multiproc.internal.shm.ShmMutex;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.QueueEmptyException;
import dev.multiproc.ipc.QueueFullException;
import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@link MpQueue} over shared memory: a {@link ByteRing} with a put lock and a get lock ({@link
 * ShmMutex} words, taken over when their holder's process dies), so that one producer at a time
 * writes a whole item and one consumer at a time reads one.
 *
 * <pre>
 *   DATA +   0  put lock (ShmMutex word)
 *        +  64  get lock (ShmMutex word)
 *        + 128  count (int): items put and not yet got, including one being put;
 *               + 132 flag: a producer is parked on count (queue at maxsize)
 *        + 192  unfinished tasks (int, joinable queues); + 196 flag: someone parked in join;
 *               + 200 broken (int): 1 once a producer died in the middle of an item
 *        +  8  (put lock's line) pending put: ring tail where the holder's item starts + 1
 *               (long), and where it ends (long); 0 when no item is being written
 *        + 256  the ring (see ByteRing)
 * </pre>
 *
 * <p>A put, under the put lock: waits until count &lt; maxsize, adds one to count (and to
 * unfinished), writes the item, and takes both back if it timed out before writing. A get, under
 * the get lock: reads one item, subtracts one from count and wakes a parked producer. The item
 * is decoded after the lock is released.
 *
 * <p>A producer that dies holding the put lock: the next one takes the lock over and takes back
 * the item the dead one had counted but not written. An item that fits the ring is published by
 * one store, so it is either whole or absent; if the producer of a larger one dies half way, the
 * queue is marked broken and says so to every later call.
 *
 * @param <E> the item type
 */
class ShmQueue<E> extends SharedHandle implements QueueDefaults<E> {
  @Serial private static final long serialVersionUID = 1L;
  static final int KIND = 201;
  /** Default bytes for items in transit; {@code -Dmultiproc.queue.ringBytes} changes it. */
  static final long DEFAULT_RING_BYTES = Long.getLong("multiproc.queue.ringBytes", 16L << 20);
  static final long PUT_LOCK = DATA;
  static final long GET_LOCK = DATA + 64;
  static final long COUNT = DATA + 128;
  static final long COUNT_PARKED = DATA + 132;
  static final long UNFINISHED = DATA + 192;
  static final long JOIN_PARKED = DATA + 196;
  private static final long BROKEN = DATA + 200;
  private static final long PENDING_START = DATA + 8;
  private static final long PENDING_END = DATA + 16;
  private static final java.lang.invoke.VarHandle LONG =
      java.lang.foreign.ValueLayout.JAVA_LONG.varHandle();
  private static final long RING = DATA + 256;

  private final int maxsize;
  private transient @Nullable ByteRing ring;
  private transient volatile boolean closedHere;
  private transient ByteRing.@Nullable Peer producers;

  ShmQueue(int kind, int maxsize, long ringBytes) {
    super(kind, 256 + ByteRing.bytesFor(ByteRing.capacityFor(ringBytes)) + check(maxsize));
    this.maxsize = maxsize;
    ByteRing.init(memory(), RING, ByteRing.capacityFor(ringBytes));
  }

  private static long check(int maxsize) {
    if (maxsize < 0) {
      throw new IllegalArgumentException("maxsize must not be negative: maxsize=" + maxsize);
    }
    return 0;
  }

  /** Whether puts count unfinished tasks. */
  boolean joinable() {
    return false;
  }

  final MemorySegment mem() {
    if (closedHere) {
      throw new IllegalStateException("the queue is closed");
    }
    return memory();
  }

  private MemorySegment usable() {
    MemorySegment m = mem();
    if ((int) Futex.INT.getVolatile(m, BROKEN) != 0) {
      throw broken();
    }
    return m;
  }

  private IllegalStateException broken() {
    return new IllegalStateException("the queue is broken: the producer of an item larger than its "
        + ring().capacity() + "-byte buffer died while putting it");
  }

  private ByteRing ring() {
    ByteRing r = ring;
    if (r == null) {
      r = new ByteRing(mem(), RING);
      ring = r;
    }
    return r;
  }

  /* --------------------------- the two operations --------------------------- */

  /**
   * Puts encoded bytes.
   *
   * @return false if the deadline passed before the item could be written (nothing is put)
   */
  final boolean putBytes(byte[] bytes, long deadline) throws InterruptedException {
    MemorySegment m = usable();
    ByteRing r = ring();
    ShmMutex.Acquired acquired = ShmMutex.acquire(m, PUT_LOCK, deadline, true);
    if (acquired == ShmMutex.Acquired.TIMED_OUT) {
      return false;
    }
    try {
      if (acquired == ShmMutex.Acquired.OWNER_DIED) {
        recoverPut(m, r);
        usable();
      }
      if (maxsize > 0 && !awaitRoom(m, deadline)) {
        return false;
      }
      reserve(m, 1);
      long start = r.tail();
      LONG.setVolatile(m, PENDING_END, start + ByteRing.messageBytes(bytes.length));
      LONG.setVolatile(m, PENDING_START, start + 1);
      boolean written = false;
      try {
        written = r.write(bytes, 0, bytes.length, deadline, ByteRing.Peer.NEVER);
      } finally {
        if (!written) {
          reserve(m, -1);
        }
        LONG.setVolatile(m, PENDING_START, 0L);
      }
      return written;
    } finally {
      ShmMutex.release(m, PUT_LOCK);
    }
  }

  /** Counts an item in (+1) or takes it back (-1), and a task with it in a joinable queue. */
  private void reserve(MemorySegment m, int delta) {
    int ignored = (int) Futex.INT.getAndAdd(m, COUNT, delta);
    if (joinable()) {
      ignored = (int) Futex.INT.getAndAdd(m, UNFINISHED, delta);
      if (delta < 0) {
        Parking.wakeIfWaiting(m, UNFINISHED, JOIN_PARKED);
      }
    }
    if (delta < 0) {
      Parking.wakeIfWaiting(m, COUNT, COUNT_PARKED);
    }
  }

  /**
   * The put lock was taken over from a dead producer: takes back the item it had counted but not
   * written, or marks the queue broken if it died half way through an item.
   */
  private void recoverPut(MemorySegment m, ByteRing r) {
    long start = (long) LONG.getVolatile(m, PENDING_START) - 1;
    if (start < 0) {
      return;
    }
    long tail = r.tail();
    if (tail == start) {
      reserve(m, -1);
    } else if (tail != (long) LONG.getVolatile(m, PENDING_END)) {
      Futex.INT.setVolatile(m, BROKEN, 1);
    }
    LONG.setVolatile(m, PENDING_START, 0L);
  }

  private boolean awaitRoom(MemorySegment m, long deadline) throws InterruptedException {
    while (true) {
      int count = (int) Futex.INT.getVolatile(m, COUNT);
      if (count < maxsize) {
        return true;
      }
      long left = Parking.left(deadline);
      if (left == 0) {
        return false;
      }
      Parking.park(m, COUNT, count, COUNT_PARKED, left);
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for room in the queue");
      }
    }
  }

  /**
   * Gets the next item's bytes.
   *
   * @return the bytes, or null if the deadline passed before an item came
   */
  final byte @Nullable [] getBytes(long deadline) throws InterruptedException {
    MemorySegment m = usable();
    ByteRing r = ring();
    if (ShmMutex.acquire(m, GET_LOCK, deadline, true) == ShmMutex.Acquired.TIMED_OUT) {
      return null;
    }
    try {
      byte[] bytes = r.read(deadline, producers());
      if (bytes != null) {
        int ignored = (int) Futex.INT.getAndAdd(m, COUNT, -1);
        Parking.wakeIfWaiting(m, COUNT, COUNT_PARKED);
      }
      return bytes;
    } finally {
      ShmMutex.release(m, GET_LOCK);
    }
  }

  /** In the middle of an item, the producer writing it must still hold the put lock. */
  private ByteRing.Peer producers() {
    ByteRing.Peer p = producers;
    if (p == null) {
      p = midMessage -> {
        if (!midMessage) {
          return null;
        }
        int holder = ShmMutex.holder(mem(), PUT_LOCK);
        if (holder == ShmMutex.PID || (holder != 0 && ShmMutex.processExists(holder))) {
          return null;
        }
        Futex.INT.setVolatile(mem(), BROKEN, 1);
        return broken();
      };
      producers = p;
    }
    return p;
  }

  final boolean emptyRing() {
    return ring().available() == 0;
  }

  /* ------------------------------ Python names ------------------------------ */

  private static byte[] encode(Object item) {
    return ItemCodec.encode(Objects.requireNonNull(item, "a queue item must not be null"), "put");
  }

  @SuppressWarnings("unchecked")
  private static <E> E decode(byte[] bytes) {
    return (E) Objects.requireNonNull(ItemCodec.decode(bytes, "get"));
  }

  private QueueFullException full(int bytes) {
    if (maxsize > 0 && qsize() >= maxsize) {
      return new QueueFullException("queue full (maxsize " + maxsize + ")");
    }
    return new QueueFullException("queue full: no room for an item of " + bytes
        + " bytes (maxsize " + maxsize + ", " + ring().capacity() + " bytes for items in transit)");
  }

  @Override
  public void put(E item) throws InterruptedException {
    putBytes(encode(item), Long.MAX_VALUE);
  }

  @Override
  public void put(E item, Duration timeout) throws InterruptedException {
    byte[] bytes = encode(item);
    if (!putBytes(bytes, Parking.deadline(timeout))) {
      throw full(bytes.length);
    }
  }

  @Override
  public void putNow(E item) {
    byte[] bytes = encode(item);
    if (!offerNow(bytes)) {
      throw full(bytes.length);
    }
  }

  private boolean offerNow(byte[] bytes) {
    try {
      return putBytes(bytes, System.nanoTime());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public E get() throws InterruptedException {
    return decode(Objects.requireNonNull(getBytes(Long.MAX_VALUE)));
  }

  @Override
  public E get(Duration timeout) throws InterruptedException {
    byte[] bytes = getBytes(Parking.deadline(timeout));
    if (bytes == null) {
      throw new QueueEmptyException("queue empty: no item came within " + timeout);
    }
    return decode(bytes);
  }

  @Override
  public boolean empty() {
    return emptyRing();
  }

  @Override
  public boolean full() {
    return maxsize > 0 && qsize() >= maxsize;
  }

  @Override
  public int qsize() {
    return Math.max(0, (int) Futex.INT.getVolatile(mem(), COUNT));
  }

  @Override
  public int maxsize() {
    return maxsize;
  }

  @Override
  public void close() {
    closedHere = true;
    super.close();
  }

  /* ------------------------------ BlockingQueue ------------------------------ */

  @Override
  public boolean offer(E item) {
    return offerNow(encode(item));
  }

  @Override
  public boolean offer(E item, long timeout, TimeUnit unit) throws InterruptedException {
    return putBytes(encode(item), Parking.deadline(Duration.of(timeout, unit.toChronoUnit())));
  }

  @Override
  public @Nullable E poll(long timeout, TimeUnit unit) throws InterruptedException {
    byte[] bytes = getBytes(Parking.deadline(Duration.of(timeout, unit.toChronoUnit())));
    return bytes == null ? null : decode(bytes);
  }

  @Override
  public @Nullable E poll() {
    try {
      byte[] bytes = getBytes(System.nanoTime());
      return bytes == null ? null : decode(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public int remainingCapacity() {
    return maxsize == 0 ? Integer.MAX_VALUE : Math.max(0, maxsize - qsize());
  }

  @Override
  public UnsupportedOperationException unsupported(String what) {
    return new UnsupportedOperationException("a queue between processes cannot " + what
        + ": only put and get (and their BlockingQueue forms) are supported");
  }

  @Override
  public String toString() {
    return (joinable() ? "JoinableMpQueue[" : "MpQueue[") + segmentName() + ", maxsize "
        + maxsize + (closedHere ? ", closed" : ", qsize " + qsize()) + "]";
  }
}
