package dev.multiproc.internal.ipc;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.shm.SharedHandle;
import dev.multiproc.internal.shm.ShmLayout;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.QueueEmptyException;
import dev.multiproc.ipc.QueueFullException;
import dev.multiproc.spi.Interruption;
import dev.multiproc.spi.QueueDefaults;
import dev.multiproc.spi.SnapshotIterator;
import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@link MpQueue} over shared memory: a {@link LockedRing} (a byte ring with a put lock and a get
 * lock that survive their holders' deaths) and three counters, each written by one role only, so
 * that whoever repairs after a dead holder can set them again exactly.
 *
 * <p>Its words after the header are {@link #LAYOUT}: {@code qsize = put - got}, unfinished tasks
 * {@code = put - done - dropped}.
 *
 * <p>A put, under the put lock: waits until qsize &lt; maxsize, records the item (with the count
 * before it), counts it, writes it, and takes the count back if it timed out before writing. A
 * get, under the get lock: records the item as it begins (with the counts before it), reads it,
 * counts it got and wakes a parked producer. The item is decoded after the lock is released.
 *
 * <p>A producer or consumer that dies in the middle: the next one to take its lock applies the
 * rules of {@link LockedRing}: an item not yet written is taken back from the count; an item
 * larger than the ring that was half written is lost: the consumer that meets it is told (it
 * is counted got and dropped), and producers wait until one has (as for room); an item half
 * read by a dead consumer is dropped (its rest is skipped as it comes), counted got, and in a
 * joinable queue counted done, since nobody can mark it done. {@link #qsize()} and
 * {@link ShmJoinableQueue#join()} repair too, without waiting, when the dead holder's lock is
 * free to take over, so a dead consumer leaves no item counted for good.
 *
 * <p>Looking without taking ({@link #peek}, {@link #iterator}, and what is built on it) copies the
 * whole items in the ring under the get lock; {@link #remove(Object)} marks an item removed where
 * it stands, and consumers skip it.
 *
 * @param <E> the item type
 */
class ShmQueue<E> extends SharedHandle implements QueueDefaults<E> {
  @Serial private static final long serialVersionUID = 1L;

  /** Default bytes for items in transit; {@code -Dmultiproc.queue.ringBytes} changes it. */
  static final long DEFAULT_RING_BYTES = Long.getLong("multiproc.queue.ringBytes", 16L << 20);

  /** The queue's words, after the header: each counter on a cache line of its role. */
  static final ShmLayout LAYOUT =
      ShmLayout.of("ShmQueue")
          .int32("put", "items put, counted by the put lock's holder before writing (wraps)")
          .align(64)
          .int32("got", "items got or removed, counted by the get lock's holder (wraps)")
          .int32("gotParked", "flag: a producer is parked on got (queue at maxsize)")
          .int32("dropped", "items nobody got (removed, or half read by a dead consumer)")
          .align(64)
          .int32("done", "taskDone calls (joinable queues)")
          .int32("joinParked", "flag: someone is parked in join")
          .align(64)
          .rest("ring", 64, "the locked ring (see LockedRing)")
          .build();

  private static final long PUT = DATA + LAYOUT.offset("put");
  private static final long GOT = DATA + LAYOUT.offset("got");
  private static final long GOT_PARKED = DATA + LAYOUT.offset("gotParked");
  private static final long DROPPED = DATA + LAYOUT.offset("dropped");
  static final long DONE = DATA + LAYOUT.offset("done");
  static final long JOIN_PARKED = DATA + LAYOUT.offset("joinParked");
  private static final long RING = DATA + LAYOUT.offset("ring");

  private final int maxsize;
  private transient @Nullable LockedRing ring;
  private transient ByteRing.@Nullable Peer producers;
  private transient volatile boolean closedHere;

  ShmQueue(SegmentKind kind, int maxsize, long ringBytes) {
    super(
        kind,
        LAYOUT.size() + LockedRing.bytesFor(ByteRing.capacityFor(ringBytes)) + check(maxsize));
    this.maxsize = maxsize;
    LockedRing.init(memory(), RING, ByteRing.capacityFor(ringBytes));
  }

  private static long check(int maxsize) {
    if (maxsize < 0) {
      throw new IllegalArgumentException("maxsize must not be negative: maxsize=" + maxsize);
    }
    return 0;
  }

  final MemorySegment mem() {
    if (closedHere) {
      throw new IllegalStateException("the queue is closed");
    }
    return memory();
  }

  /** The error of the consumer that meets an item its producer died in the middle of. */
  private IllegalStateException broken(int pid) {
    return new IllegalStateException(
        "an item was lost: its producer (pid "
            + pid
            + ") died half"
            + " way through putting it (it was larger than the queue's "
            + ring().ring().capacity()
            + "-byte buffer); the queue goes on");
  }

  final LockedRing ring() {
    LockedRing r = ring;
    if (r == null) {
      r = new LockedRing(mem(), RING, new Counts(), this::broken);
      ring = r;
    }
    return r;
  }

  /** What a consumer waits with: in the middle of an item, whether its producer still lives. */
  private ByteRing.Peer producers() {
    ByteRing.Peer p = producers;
    if (p == null) {
      p = ring().readerPeer(ByteRing.Peer.NEVER);
      producers = p;
    }
    return p;
  }

  private LockedRing usable() {
    mem();
    return ring();
  }

  /* ------------------------------- the counts ------------------------------- */

  private int word(MemorySegment m, long offset) {
    return Memory.getIntVolatile(m, offset);
  }

  private void setWord(MemorySegment m, long offset, int value) {
    Memory.setIntRelease(m, offset, value);
  }

  /** The tag a get records: the got and dropped counts before it. */
  private static long readTag(int got, int dropped) {
    return ((long) dropped << 32) | (got & 0xFFFF_FFFFL);
  }

  /** Items got or removed: counted, with a wake for a producer waiting for room. */
  private void countGot(MemorySegment m, int got) {
    setWord(m, GOT, got);
    Parking.wakeIfWaiting(m, GOT, GOT_PARKED);
  }

  /** Wakes whoever waits in join(): unfinished may have dropped without a taskDone. */
  private void wakeJoiners(MemorySegment m) {
    Parking.wakeIfWaiting(m, DONE, JOIN_PARKED);
  }

  /** Sets the counts again after a holder that went away (see {@link LockedRing.Accounts}). */
  private final class Counts implements LockedRing.Accounts {
    @Override
    public void writerFound(long tag, boolean written) {
      MemorySegment m = mem();
      setWord(m, PUT, (int) tag + (written ? 1 : 0));
      wakeJoiners(m);
    }

    @Override
    public void readerFound(long tag, boolean dropped) {
      MemorySegment m = mem();
      countGot(m, (int) tag + 1);
      if (dropped) {
        setWord(m, DROPPED, (int) (tag >>> 32) + 1);
        wakeJoiners(m);
      }
    }
  }

  /** Items put and not yet got or removed; repairs after a dead holder first, without waiting. */
  final int count() {
    MemorySegment m = mem();
    ring().heal(producers());
    int got = word(m, GOT);
    return Math.max(0, word(m, PUT) - got);
  }

  /** Tasks put and neither marked done nor dropped (joinable queues). */
  final int unfinished(MemorySegment m) {
    int done = word(m, DONE);
    int dropped = word(m, DROPPED);
    return word(m, PUT) - done - dropped;
  }

  /* --------------------------- the two operations --------------------------- */

  /**
   * Puts encoded bytes.
   *
   * @return false if the deadline passed before the item could be written (nothing is put)
   */
  final boolean putBytes(byte[] bytes, long deadline) throws InterruptedException {
    LockedRing r = usable();
    MemorySegment m = mem();
    if (!r.lockWriter(deadline)) {
      return false;
    }
    try {
      if (!r.awaitRepaired(deadline) || (maxsize > 0 && !awaitRoom(m, deadline))) {
        return false;
      }
      int put = word(m, PUT);
      r.beginWrite(bytes.length, put);
      setWord(m, PUT, put + 1);
      boolean written = false;
      try {
        written = r.write(bytes, 0, bytes.length, deadline, ByteRing.Peer.NEVER);
      } finally {
        if (!written) {
          setWord(m, PUT, put);
          wakeJoiners(m);
        }
        r.endWrite();
      }
      return written;
    } finally {
      r.unlockWriter();
    }
  }

  /** Under the put lock: waits until fewer than maxsize items are counted. */
  private boolean awaitRoom(MemorySegment m, long deadline) throws InterruptedException {
    int put = word(m, PUT);
    while (true) {
      int got = word(m, GOT);
      if (put - got < maxsize) {
        return true;
      }
      long left = Parking.left(deadline);
      if (left == 0) {
        return false;
      }
      Parking.park(m, GOT, got, GOT_PARKED, left);
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
    LockedRing r = usable();
    MemorySegment m = mem();
    ByteRing.Peer peer = producers();
    if (!r.lockReader(deadline, peer)) {
      return null;
    }
    try {
      int got = word(m, GOT);
      byte[] bytes = r.read(deadline, peer, readTag(got, word(m, DROPPED)));
      if (bytes != null) {
        countGot(m, got + 1);
        r.endRead();
      }
      return bytes;
    } finally {
      r.unlockReader();
    }
  }

  final boolean emptyRing() {
    return ring().ring().available() == 0;
  }

  /* ------------------------ looking without taking ------------------------ */

  /** A whole item in the ring: where it stands and its bytes. */
  private record Seen(long position, byte[] bytes) {}

  /**
   * Takes the get lock to look at the items, unless there is nothing to see: a consumer waiting
   * for an item holds the lock while the ring is empty.
   *
   * @return false if the ring is empty (the lock is not held)
   */
  private boolean lockToLook(LockedRing r) {
    boolean interrupted = false;
    try {
      while (true) {
        if (r.ring().available() == 0) {
          return false;
        }
        try {
          if (r.lockReader(System.nanoTime() + LOOK_SLICE_NANOS, producers())) {
            return true;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final long LOOK_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** The whole items in the ring, oldest first, at most {@code limit}. */
  private List<Seen> look(int limit) {
    LockedRing r = usable();
    List<Seen> seen = new ArrayList<>();
    if (!lockToLook(r)) {
      return seen;
    }
    try {
      r.ring()
          .forEachWhole(
              (position, len) -> {
                seen.add(new Seen(position, r.ring().payload(position, len)));
                return seen.size() < limit;
              });
    } finally {
      r.unlockReader();
    }
    return seen;
  }

  /** Removes the item at {@code position} if it is still there, counting it got and dropped. */
  private boolean removeAt(long position) {
    LockedRing r = usable();
    if (!lockToLook(r)) {
      return false;
    }
    try {
      return removeLocked(r, position);
    } finally {
      r.unlockReader();
    }
  }

  private boolean removeLocked(LockedRing r, long position) {
    MemorySegment m = mem();
    int got = word(m, GOT);
    int dropped = word(m, DROPPED);
    return r.remove(
        position,
        readTag(got, dropped),
        () -> {
          countGot(m, got + 1);
          setWord(m, DROPPED, dropped + 1);
          wakeJoiners(m);
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>A weakly consistent snapshot: the whole items in the queue when it was taken, under the
   * get lock, decoded after; an item larger than the queue's bytes for items in transit is never
   * whole in it and is not seen. Its {@code remove()} removes that very item if it is still there.
   */
  @Override
  public Iterator<E> iterator() {
    List<Seen> seen = look(Integer.MAX_VALUE);
    List<E> items = new ArrayList<>(seen.size());
    List<Long> positions = new ArrayList<>(seen.size());
    for (Seen s : seen) {
      items.add(decode(s.bytes()));
      positions.add(s.position());
    }
    return new SnapshotIterator<>(items, positions, this::removeAt);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The first whole item; null also while the item at the head is larger than the queue's
   * bytes for items in transit (it is never whole in it).
   */
  @Override
  public @Nullable E peek() {
    List<Seen> seen = look(1);
    return seen.isEmpty() ? null : decode(seen.getFirst().bytes());
  }

  /** Removes the first whole item equal to {@code o}, decoding items under the get lock. */
  @Override
  public boolean remove(@Nullable Object o) {
    if (o == null) {
      return false;
    }
    LockedRing r = usable();
    if (!lockToLook(r)) {
      return false;
    }
    try {
      long[] found = {-1};
      r.ring()
          .forEachWhole(
              (position, len) -> {
                if (o.equals(decode(r.ring().payload(position, len)))) {
                  found[0] = position;
                  return false;
                }
                return true;
              });
      return found[0] >= 0 && removeLocked(r, found[0]);
    } finally {
      r.unlockReader();
    }
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
    return new QueueFullException(
        "queue full: no room for an item of "
            + bytes
            + " bytes (maxsize "
            + maxsize
            + ", "
            + ring().ring().capacity()
            + " bytes for items in transit)");
  }

  @Override
  public void put(E item) throws InterruptedException {
    Interruption.check();
    putBytes(encode(item), Long.MAX_VALUE);
  }

  @Override
  public void put(E item, Duration timeout) throws InterruptedException {
    Interruption.check();
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
    Interruption.check();
    return decode(Objects.requireNonNull(getBytes(Long.MAX_VALUE)));
  }

  @Override
  public E get(Duration timeout) throws InterruptedException {
    Interruption.check();
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
    return count();
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
    Interruption.check();
    return putBytes(encode(item), Parking.deadline(QueueDefaults.timeoutNanos(timeout, unit)));
  }

  @Override
  public @Nullable E poll(long timeout, TimeUnit unit) throws InterruptedException {
    Interruption.check();
    byte[] bytes = getBytes(Parking.deadline(QueueDefaults.timeoutNanos(timeout, unit)));
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
  public String toString() {
    return (this instanceof ShmJoinableQueue ? "JoinableMpQueue[" : "MpQueue[")
        + segmentName()
        + ", maxsize "
        + maxsize
        + (closedHere ? ", closed" : ", qsize " + qsize())
        + "]";
  }
}
