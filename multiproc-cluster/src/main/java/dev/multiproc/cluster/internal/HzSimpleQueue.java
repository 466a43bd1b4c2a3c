package dev.multiproc.cluster.internal;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.ipc.SimpleMpQueue;
import dev.multiproc.spi.Deadlines;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@link SimpleMpQueue} on the cluster: an unbounded Hazelcast {@link IQueue} of items encoded
 * with the library codec on the caller's thread, as {@link HzQueue}, and waited for in this JVM
 * as there ({@link QueueWaits}); a null item travels as the codec's null tag, so it comes out as
 * null.
 *
 * @param <E> the item type
 */
public final class HzSimpleQueue<E> implements SimpleMpQueue<E>, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** A copy another JVM sent here: closing it does not destroy the object. */
  private transient boolean received;

  /**
   * What a sent queue attaches to.
   *
   * @param name the queue's name
   */
  private record Spec(String name) implements HzSpec {
    @Override
    public Object attach(HazelcastInstance hz) {
      HzSimpleQueue<?> q = HzSimpleQueue.attach(hz, name);
      q.received = true;
      return q;
    }
  }

  private final transient HazelcastInstance hz;
  private final transient String name;
  private final transient IQueue<byte[]> items;
  private final transient QueueWaits waits;
  private transient volatile boolean closed;

  private HzSimpleQueue(HazelcastInstance hz, String name) {
    this.hz = hz;
    this.name = name;
    this.items = HzGuard.queue(hz, name);
    this.waits = new QueueWaits(hz, items, "queue");
  }

  /**
   * Creates a new simple queue with a unique name.
   *
   * @param hz the member or client
   */
  public HzSimpleQueue(HazelcastInstance hz) {
    this(hz, HzNames.unique(hz, "squeue"));
  }

  /**
   * Returns a view of an existing simple queue from another member or client of the same
   * cluster.
   *
   * @param hz the member or client
   * @param name the queue's {@link #name()}
   * @param <E> the item type
   * @return the view; closing it destroys the queue for every holder
   */
  public static <E> HzSimpleQueue<E> attach(HazelcastInstance hz, String name) {
    return new HzSimpleQueue<>(hz, name);
  }

  /**
   * Returns the queue's name in the cluster.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the Hazelcast instance this queue was made or attached with.
   *
   * @return the member or client
   */
  public HazelcastInstance hazelcast() {
    return hz;
  }

  private IQueue<byte[]> open() {
    if (closed) {
      throw new IllegalStateException("the queue is closed");
    }
    return items;
  }

  @Override
  public void put(@Nullable E item) throws InterruptedException {
    byte[] bytes = HzNames.encode(item, "put");
    open();
    waits.offer(bytes, Deadlines.NEVER, true);
  }

  @Override
  // NullAway: a value may be null (Python's None), which a type bounded by Object cannot say
  @SuppressWarnings({"unchecked", "NullAway"})
  public E get() throws InterruptedException {
    open();
    byte[] bytes = waits.poll(Deadlines.NEVER, true);
    return (E) HzNames.decode(Objects.requireNonNull(bytes, "an endless wait ended"), "get");
  }

  @Override
  public boolean empty() {
    IQueue<byte[]> q = open();
    return ClusterCalls.call(q::isEmpty);
  }

  /** Destroys the queue in the cluster, with the items left in it. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    waits.close();
    if (!received) {
      items.destroy();
    }
  }

  /**
   * Sends a reference by name instead: the receiving JVM attaches to the same queue.
   *
   * @return the reference
   */
  @Serial
  private Object writeReplace() {
    return HzRef.of(hz, new Spec(name));
  }

  @Override
  public String toString() {
    return "SimpleMpQueue[cluster " + name + (closed ? ", closed]" : "]");
  }
}
