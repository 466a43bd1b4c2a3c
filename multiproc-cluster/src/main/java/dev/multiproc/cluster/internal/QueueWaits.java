package dev.multiproc.cluster.internal;

import com.hazelcast.collection.IQueue;
import com.hazelcast.collection.ItemEvent;
import com.hazelcast.collection.ItemListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import dev.multiproc.spi.Deadlines;
import org.jspecify.annotations.Nullable;

/**
 * Waiting to take from, or put into, a Hazelcast {@link IQueue} without a blocking cluster call:
 * a waiter tries the non-blocking {@code poll()} or {@code offer()} and, when it fails, sleeps in
 * this JVM until an item listener says the queue changed ({@link ChangeSignal}), then tries again.
 *
 * <p>Why not Hazelcast's own {@code take} and {@code poll(timeout)}: their wait is parked in the
 * member that owns the queue, and a caller that stops waiting (interrupted, or its own deadline
 * passed first) cannot withdraw it, so it may still take the next item for no one. Here nothing
 * waits in the cluster: an interrupt ends a wait at once and loses nothing, and a timeout is the
 * caller's own deadline, neither shorter nor longer. Waiters are woken in no particular order.
 *
 * <p>The listener is registered at the first wait that needs it, and waited for until the
 * waiter's deadline at most ({@link WaitListener}); it is removed by {@link #close()}.
 *
 * <p>On a client, a first try (and a call that does not wait) is one request made on the caller's
 * thread ({@link DirectCalls}): a put that finds room and a take that finds an item cost what
 * Hazelcast's own {@code offer} and {@code poll} cost. It is checked first as every call of the
 * queue's guarded structure is ({@link HzGuard}), and takes the way through {@link ClusterCalls}
 * instead when that check would itself call the cluster (its maker's lease needs confirming).
 */
final class QueueWaits {
  private final IQueue<byte[]> queue;
  private final String name;
  private final @Nullable DirectCalls direct;

  /** The queue's partition key, for {@link #direct}; null without it. */
  private final @Nullable Data where;

  private final ChangeSignal signal;
  private final String what;
  private final WaitListener listener;

  /** Wakes this JVM's waiters when an item goes in or out. */
  private final class Wake implements ItemListener<byte[]> {
    @Override
    public void itemAdded(ItemEvent<byte[]> item) {
      signal.changed();
    }

    @Override
    public void itemRemoved(ItemEvent<byte[]> item) {
      signal.changed();
    }
  }

  /**
   * Waits on {@code queue}, a queue of {@code hz}: on a client, its first tries are direct.
   *
   * @param hz the member or client, or null for no direct calls
   * @param queue the queue, guarded ({@link HzGuard#queue})
   * @param what the object, for the message when it is closed ("queue", "pipe" ...)
   */
  QueueWaits(@Nullable HazelcastInstance hz, IQueue<byte[]> queue, String what) {
    this.queue = queue;
    this.name = queue.getName();
    this.direct = hz == null ? null : DirectCalls.of(hz);
    this.where = direct == null ? null : direct.partitionKey(name);
    this.what = what;
    this.signal = new ChangeSignal(what);
    this.listener =
        new WaitListener(
            () -> queue.addItemListener(new Wake(), false),
            queue::removeItemListener,
            signal::changed);
  }

  /**
   * Takes the head of the queue, waiting until the deadline for one.
   *
   * @param deadline a {@link Deadlines} deadline, {@link Deadlines#NEVER} for none
   * @param interruptible whether an interrupt ends the wait
   * @return the item's bytes; null if the deadline passed first
   * @throws InterruptedException if interruptible and interrupted while waiting (nothing taken)
   */
  byte @Nullable [] poll(long deadline, boolean interruptible) throws InterruptedException {
    byte[] @Nullable [] got = new byte[1][];
    if (interruptible && Thread.interrupted()) {
      throw new InterruptedException("interrupted before waiting for an item");
    }
    got[0] = pollBy(deadline);
    if (got[0] != null || Deadlines.left(deadline) <= 0) {
      return got[0];
    }
    listener.listen(deadline); // then retry's first try: a change between the two is not missed
    if (deadline == Deadlines.NEVER) {
      boolean taken = signal.retry(() -> (got[0] = queue.poll()) != null, deadline, interruptible);
      return taken ? got[0] : null;
    }
    // each try bounded by the deadline; an item a try takes after its caller gave up goes back
    byte[][] late = new byte[1][];
    boolean taken =
        signal.retryBy(
            () -> (late[0] = queue.poll()) != null,
            () -> giveBack(late[0]),
            deadline,
            interruptible);
    return taken ? late[0] : null;
  }

  /** A first try, bounded by the deadline: an item it takes after that goes back. */
  private byte @Nullable [] pollBy(long deadline) {
    String call = "take from a " + what;
    if (direct != null && where != null && HzLeases.confirmed(name)) {
      HzGuard.checkLost(name, queue);
      return direct.poll(name, where, this::giveBack, deadline, call);
    }
    return ClusterCalls.callBy(deadline, queue::poll, this::giveBack, call);
  }

  /** A first try, bounded by the deadline: a put that goes in after that stays. */
  private boolean offerBy(byte[] bytes, long deadline) {
    String call = "put into a " + what;
    if (direct != null && where != null && HzLeases.confirmed(name)) {
      HzGuard.checkLost(name, queue);
      return direct.offer(name, where, bytes, deadline, call);
    }
    // a put that goes in after its caller gave up stays: it may arrive, as a network's may
    return ClusterCalls.callBy(deadline, () -> queue.offer(bytes), put -> {}, call);
  }

  /** Puts back an item a try took for a caller that had gone (at the tail: order may change). */
  private void giveBack(byte @Nullable [] item) {
    if (item != null) {
      Thread.ofVirtual().name("multiproc-give-back").start(() -> queue.add(item));
    }
  }

  /**
   * Puts an item at the tail, waiting until the deadline for room.
   *
   * @param bytes the item's bytes
   * @param deadline a {@link Deadlines} deadline, {@link Deadlines#NEVER} for none
   * @param interruptible whether an interrupt ends the wait
   * @return whether it went in; false if the deadline passed first
   * @throws InterruptedException if interruptible and interrupted while waiting (not put)
   */
  boolean offer(byte[] bytes, long deadline, boolean interruptible) throws InterruptedException {
    if (interruptible && Thread.interrupted()) {
      throw new InterruptedException("interrupted before waiting for room in a queue");
    }
    if (offerBy(bytes, deadline)) {
      return true;
    }
    if (Deadlines.left(deadline) <= 0) {
      return false;
    }
    listener.listen(deadline); // then retry's first try: a change between the two is not missed
    if (deadline == Deadlines.NEVER) {
      return signal.retry(() -> queue.offer(bytes), deadline, interruptible);
    }
    // a put that goes in after its caller gave up stays: it may arrive, as a network's may
    return signal.retryBy(() -> queue.offer(bytes), () -> {}, deadline, interruptible);
  }

  /**
   * Takes the head of the queue if there is one, without waiting.
   *
   * @return the item's bytes, or null
   */
  byte @Nullable [] pollNow() {
    return pollBy(Deadlines.NEVER);
  }

  /**
   * Puts an item at the tail if there is room, without waiting.
   *
   * @param bytes the item's bytes
   * @return whether it went in
   */
  boolean offerNow(byte[] bytes) {
    return offerBy(bytes, Deadlines.NEVER);
  }

  /** Wakes the waiters, who get {@link IllegalStateException}, and removes the listener. */
  void close() {
    signal.close();
    listener.close();
  }
}
