package dev.multiproc.cluster.internal;

import com.hazelcast.collection.IQueue;
import com.hazelcast.collection.ItemEvent;
import com.hazelcast.collection.ItemListener;
import dev.multiproc.spi.Deadlines;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * <p>The listener is registered at the first wait that needs it and removed by {@link
 * #close()}; until then, a queue that is only used without waiting costs nothing.
 */
final class QueueWaits {
  private final IQueue<byte[]> queue;
  private final ChangeSignal signal;
  private final String what;
  private @Nullable UUID listener;

  /** The listener's registration while it is under way. */
  private @Nullable CompletableFuture<UUID> registering;

  private boolean closed;

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
   * Waits on {@code queue}.
   *
   * @param queue the queue
   * @param what the object, for the message when it is closed ("queue", "pipe" ...)
   */
  QueueWaits(IQueue<byte[]> queue, String what) {
    this.queue = queue;
    this.what = what;
    this.signal = new ChangeSignal(what);
  }

  /**
   * Registers the listener, once, before a wait, and waits for it until {@code deadline} at
   * most: a registration goes to every member, and one that is unreachable holds it until the
   * cluster removes that member. A registration that ends later still takes effect, and wakes
   * the waiters so that they try again.
   */
  private void listen(long deadline) {
    CompletableFuture<UUID> r;
    synchronized (this) {
      if (listener != null || closed) {
        return;
      }
      if (registering == null) {
        registering = register();
      }
      r = registering;
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (deadline == Deadlines.NEVER) {
            r.get();
          } else {
            r.get(Math.max(0, Deadlines.left(deadline)), TimeUnit.NANOSECONDS);
          }
          return;
        } catch (InterruptedException e) {
          interrupted = true; // as any cluster call here: an interrupt does not cut it short
        } catch (TimeoutException e) {
          return; // it goes on; the wait tries the queue without it meanwhile
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException failure) {
            throw failure;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Starts the listener's registration on a thread of its own (nobody interrupts it). */
  private CompletableFuture<UUID> register() {
    var r = new CompletableFuture<UUID>();
    Thread.ofVirtual()
        .name("multiproc-queue-listen")
        .start(
            () -> {
              try {
                UUID id = queue.addItemListener(new Wake(), false);
                registered(r, id);
                r.complete(id);
              } catch (Throwable t) {
                registered(r, null);
                r.completeExceptionally(t);
              }
            });
    return r;
  }

  /** Keeps a registration that ended ({@code id} null if it failed), or removes it if closed. */
  private void registered(CompletableFuture<UUID> r, @Nullable UUID id) {
    boolean remove;
    synchronized (this) {
      if (registering == r) {
        registering = null;
      }
      remove = id != null && closed;
      if (id != null && !closed) {
        listener = id;
      }
    }
    if (id == null) {
      return;
    }
    if (remove) {
      try {
        queue.removeItemListener(id);
      } catch (RuntimeException e) {
        // the queue was destroyed, or the cluster is out of reach: the listener went with it
      }
    } else {
      signal.changed(); // a change before it was in place is not missed: the waiters try again
    }
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
    listen(deadline); // then the first try of retry: a change between the two is not missed
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
    return ClusterCalls.callBy(deadline, queue::poll, this::giveBack, "take from a " + what);
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
    if (ClusterCalls.callBy(deadline, () -> queue.offer(bytes), put -> {}, "put into a " + what)) {
      return true;
    }
    if (Deadlines.left(deadline) <= 0) {
      return false;
    }
    listen(deadline); // then the first try of retry: a change between the two is not missed
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
    return ClusterCalls.call(queue::poll);
  }

  /**
   * Puts an item at the tail if there is room, without waiting.
   *
   * @param bytes the item's bytes
   * @return whether it went in
   */
  boolean offerNow(byte[] bytes) {
    return ClusterCalls.call(() -> queue.offer(bytes));
  }

  /** Wakes the waiters, who get {@link IllegalStateException}, and removes the listener. */
  void close() {
    UUID id;
    synchronized (this) {
      closed = true;
      id = listener;
      listener = null;
    }
    signal.close();
    if (id != null) {
      try {
        ClusterCalls.call(() -> queue.removeItemListener(id));
      } catch (RuntimeException e) {
        // the queue was destroyed, or the cluster is out of reach: the listener went with it
      }
    }
  }
}
