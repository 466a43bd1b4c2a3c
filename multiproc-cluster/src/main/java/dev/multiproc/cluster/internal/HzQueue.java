package dev.multiproc.cluster.internal;

import com.hazelcast.collection.IQueue;
import com.hazelcast.config.QueueConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.QueueEmptyException;
import dev.multiproc.ipc.QueueFullException;
import dev.multiproc.spi.Deadlines;
import dev.multiproc.spi.QueueDefaults;
import dev.multiproc.spi.SnapshotIterator;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@link MpQueue} over a Hazelcast {@link IQueue} of byte arrays: each item is encoded with the
 * library codec on the caller's thread, so members store bytes and need not know the user's
 * classes; only the JVM that gets an item decodes it. A bounded queue gets a queue config whose
 * max size is {@code maxsize}, so Hazelcast itself refuses an item when it is full.
 *
 * <p>Waiting for an item or for room happens in this JVM ({@link QueueWaits}), never in the
 * cluster: an interrupt throws {@link InterruptedException} (with the interrupt status clear) and
 * takes nothing, and a timeout is the caller's own deadline, as the JDK counts it ({@code
 * Long.MIN_VALUE} of any unit does not wait, {@code Long.MAX_VALUE} waits as good as for ever).
 *
 * <p>The same exceptions and messages as the local queue. Looking without taking ({@link
 * #peek()}, {@link #iterator()} and what is built on it) decodes a copy of the items the cluster
 * holds; {@link #remove(Object)} finds an item by {@code equals} in such a copy and removes its
 * bytes. {@link #close()} destroys the queue in the cluster: its items are gone for every holder.
 *
 * <p>{@link HzJoinableQueue} adds a count of unfinished tasks: every way in goes through {@link
 * #add(Object, long)}, which tells it before an item goes in and when one did not after all.
 *
 * @param <E> the item type
 */
public sealed class HzQueue<E> implements QueueDefaults<E>, Serializable permits HzJoinableQueue {
  @Serial private static final long serialVersionUID = 1L;

  private final transient HazelcastInstance hz;
  private final transient String name;
  private final transient int maxsize;
  private final transient IQueue<byte[]> items;
  private final transient QueueWaits waits;

  /** A copy another JVM sent here: closing it does not destroy the queue. */
  private transient boolean received;

  private transient volatile boolean closed;

  /**
   * What a sent queue attaches to.
   *
   * @param name the queue's name
   * @param maxsize its maxsize
   * @param joinable whether it is a joinable queue
   */
  private record Spec(String name, int maxsize, boolean joinable) implements HzSpec {
    @Override
    public Object attach(HazelcastInstance hz) {
      HzQueue<?> q =
          joinable
              ? HzJoinableQueue.attach(hz, name, maxsize)
              : new HzQueue<>(hz, name, maxsize, false);
      q.received = true;
      return q;
    }
  }

  /**
   * Creates a new queue with a unique name.
   *
   * @param hz the member or client
   * @param maxsize the most items it holds; 0 for no limit
   * @throws IllegalArgumentException if maxsize is negative
   */
  public HzQueue(HazelcastInstance hz, int maxsize) {
    this(hz, HzNames.unique(hz, "queue"), maxsize, true);
  }

  /**
   * Makes the queue {@code name}, or a view of it.
   *
   * @param create true to make it (and its config, when bounded), false to attach to it
   */
  HzQueue(HazelcastInstance hz, String name, int maxsize, boolean create) {
    if (maxsize < 0) {
      throw new IllegalArgumentException("maxsize must not be negative: maxsize=" + maxsize);
    }
    this.hz = hz;
    this.name = name;
    this.maxsize = maxsize;
    if (create && maxsize > 0) {
      hz.getConfig().addQueueConfig(new QueueConfig(name).setMaxSize(maxsize));
    }
    this.items = HzGuard.queue(hz, name);
    this.waits = new QueueWaits(hz, items, "queue");
  }

  /**
   * Returns a view of an existing queue from another member or client of the same cluster.
   *
   * @param hz the member or client
   * @param name the queue's {@link #name()}
   * @param maxsize the queue's maxsize
   * @param <E> the item type
   * @return the view; closing it destroys the queue for every holder
   */
  public static <E> HzQueue<E> attach(HazelcastInstance hz, String name, int maxsize) {
    return new HzQueue<>(hz, name, maxsize, false);
  }

  /**
   * Returns the queue's name in the cluster.
   *
   * @return the name
   */
  public final String name() {
    return name;
  }

  /**
   * Returns the Hazelcast instance this queue was made or attached with.
   *
   * @return the member or client
   */
  public final HazelcastInstance hazelcast() {
    return hz;
  }

  /**
   * Called before an item goes in, by the put's deadline; the joinable queue counts it as an
   * unfinished task.
   *
   * @param deadline the put's {@link Deadlines} deadline
   * @throws dev.multiproc.cluster.ClusterUnreachableException if the cluster did not answer in
   *     time (then it is as if not called)
   */
  void beforeAdd(long deadline) {
    // a plain queue counts nothing
  }

  /**
   * Called when an item announced by {@link #beforeAdd} did not go in after all, or was removed
   * without being got.
   *
   * @param deadline the caller's {@link Deadlines} deadline: the count may be lowered after it
   */
  void notAdded(long deadline) {
    // a plain queue counts nothing
  }

  private IQueue<byte[]> open() {
    if (closed) {
      throw new IllegalStateException("the queue is closed");
    }
    return items;
  }

  private byte[] encode(E item) {
    Objects.requireNonNull(item, "a queue item must not be null");
    return HzNames.encode(item, "put");
  }

  // NullAway: a value may be null (Python's None), which a type bounded by Object cannot say
  @SuppressWarnings({"unchecked", "NullAway"})
  private E decode(byte[] bytes) {
    return (E) HzNames.decode(bytes, "get");
  }

  private @Nullable E decodeOrNull(byte @Nullable [] bytes) {
    return bytes == null ? null : decode(bytes);
  }

  private QueueFullException fullError() {
    return new QueueFullException("queue full (maxsize " + maxsize + ")");
  }

  /** One way of putting an item's bytes in. */
  private interface Insert {
    boolean into(byte[] bytes) throws InterruptedException;
  }

  /**
   * Puts an item, waiting for room until {@code deadline} ({@link Deadlines#NEVER}: for ever;
   * a deadline already passed: not at all).
   *
   * @return whether it went in
   */
  private boolean add(E item, long deadline) throws InterruptedException {
    return add(item, deadline, bytes -> waits.offer(bytes, deadline, true));
  }

  /** Every way in comes here: the joinable queue counts the item before it goes in. */
  private boolean add(E item, long deadline, Insert how) throws InterruptedException {
    byte[] bytes = encode(item);
    open();
    beforeAdd(deadline);
    boolean added = false;
    try {
      added = how.into(bytes);
      return added;
    } finally {
      if (!added) {
        notAdded(deadline);
      }
    }
  }

  @Override
  public void put(E item) throws InterruptedException {
    add(item, Deadlines.NEVER);
  }

  @Override
  public void put(E item, Duration timeout) throws InterruptedException {
    if (!add(item, Deadlines.deadline(timeout))) {
      throw fullError();
    }
  }

  @Override
  public void putNow(E item) {
    if (!offer(item)) {
      throw fullError();
    }
  }

  @Override
  public E get() throws InterruptedException {
    open();
    byte[] bytes = waits.poll(Deadlines.NEVER, true);
    return decode(Objects.requireNonNull(bytes, "an endless wait ended without an item"));
  }

  @Override
  public E get(Duration timeout) throws InterruptedException {
    open();
    byte[] bytes = waits.poll(Deadlines.deadline(timeout), true);
    if (bytes == null) {
      throw new QueueEmptyException("queue empty: no item came within " + timeout);
    }
    return decode(bytes);
  }

  @Override
  public boolean empty() {
    return open().isEmpty();
  }

  @Override
  public boolean full() {
    return maxsize > 0 && open().size() >= maxsize;
  }

  @Override
  public int qsize() {
    return open().size();
  }

  @Override
  public int maxsize() {
    return maxsize;
  }

  /** Destroys the queue in the cluster, with the items left in it. Idempotent. */
  @Override
  public void close() {
    destroy();
  }

  /**
   * Destroys the queue in the cluster, once; returns whether this call did. A copy another JVM
   * sent here is only closed.
   */
  final boolean destroy() {
    if (closed) {
      return false;
    }
    closed = true;
    waits.close();
    if (received) {
      return false;
    }
    items.destroy();
    return true;
  }

  /**
   * Sends a reference by name instead: the receiving JVM attaches to the same queue.
   *
   * @return the reference
   */
  @Serial
  final Object writeReplace() {
    return HzRef.of(hz, new Spec(name, maxsize, this instanceof HzJoinableQueue));
  }

  /* ------------------------------ BlockingQueue ------------------------------ */

  @Override
  public boolean offer(E item) {
    try {
      return add(item, Deadlines.NEVER, waits::offerNow);
    } catch (InterruptedException e) {
      throw new AssertionError("an offer without a timeout does not wait", e);
    }
  }

  @Override
  public boolean offer(E item, long timeout, TimeUnit unit) throws InterruptedException {
    return add(item, Deadlines.deadline(timeout, unit));
  }

  @Override
  public @Nullable E poll(long timeout, TimeUnit unit) throws InterruptedException {
    open();
    return decodeOrNull(waits.poll(Deadlines.deadline(timeout, unit), true));
  }

  @Override
  public @Nullable E poll() {
    open();
    return decodeOrNull(waits.pollNow());
  }

  @Override
  public int remainingCapacity() {
    return maxsize == 0 ? Integer.MAX_VALUE : Math.max(0, maxsize - open().size());
  }

  /* ------------------------------ Collection ------------------------------ */

  @Override
  public @Nullable E peek() {
    return decodeOrNull(open().peek());
  }

  /**
   * {@inheritDoc}
   *
   * <p>A weakly consistent snapshot: a copy of the items the cluster holds, decoded here. Its
   * {@code remove()} removes the first item with the same bytes, if one is still in the queue
   * (Hazelcast's queue has no removal by place).
   */
  @Override
  public Iterator<E> iterator() {
    List<byte[]> all = new ArrayList<>(open());
    List<E> items = new ArrayList<>(all.size());
    for (byte[] b : all) {
      items.add(decode(b));
    }
    return new SnapshotIterator<>(items, all, this::removeBytes);
  }

  /** Removes the first item equal to {@code o}, looking again if another taker was first. */
  @Override
  public boolean remove(@Nullable Object o) {
    if (o == null) {
      return false;
    }
    while (true) {
      byte[] found = null;
      for (byte[] b : new ArrayList<>(open())) {
        if (o.equals(decode(b))) {
          found = b;
          break;
        }
      }
      if (found == null) {
        return false;
      }
      if (removeBytes(found)) {
        return true;
      }
    }
  }

  /** Removes one item with these bytes; in a joinable queue its task counts as done. */
  private boolean removeBytes(byte[] bytes) {
    if (open().remove(bytes)) {
      notAdded(Deadlines.NEVER); // never got: nobody will mark it done
      return true;
    }
    return false;
  }

  /** Removes every item; in a joinable queue their tasks count as done (nobody got them). */
  @Override
  public void clear() {
    if (!(this instanceof HzJoinableQueue)) {
      open().clear();
      return;
    }
    while (open().poll() != null) {
      notAdded(Deadlines.NEVER);
    }
  }

  @Override
  public String toString() {
    return "MpQueue[cluster "
        + name
        + ", maxsize "
        + maxsize
        + (closed ? ", closed" : ", qsize " + items.size())
        + "]";
  }
}
