package dev.multiproc.cluster.internal;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.multiproc.spi.Deadlines;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * This JVM's newest view of one map entry whose value is {@link Versioned}, for threads that wait
 * until the entry says something. An entry listener (with the value; {@link WaitListener},
 * registered at the first wait) keeps the highest version it was told of and wakes the waiters,
 * who test it without a round trip: no polling. A waiter reads the entry itself only every 30
 * seconds, in case a notification was lost while a partition moved between members. Its reads run through {@link ClusterCalls}: only its own wait answers an
 * interrupt.
 *
 * @param <V> the entry's value type
 */
final class EntryWatch<V extends Versioned> {

  private final IMap<String, V> map;
  private final String key;
  private final String what;
  private final WaitListener listener;
  private @Nullable V latest;
  private boolean seen;
  private boolean closed;

  /** Keeps the newest value it is told of. */
  private final class Listener
      implements EntryAddedListener<String, V>, EntryUpdatedListener<String, V> {
    @Override
    public void entryAdded(EntryEvent<String, V> event) {
      offer(event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, V> event) {
      offer(event.getValue());
    }
  }

  /**
   * Starts watching {@code key} of {@code map}.
   *
   * @param what the object, for the message when it is closed ("condition" …)
   */
  EntryWatch(IMap<String, V> map, String key, String what) {
    this.map = map;
    this.key = key;
    this.what = what;
    this.listener =
        new WaitListener(
            () -> map.addEntryListener(new Listener(), key, true),
            map::removeEntryListener,
            this::catchUp);
  }

  /** Once the listener is in place: reads the entry, for a change made before it was. */
  private void catchUp() {
    try {
      offer(map.get(key));
    } catch (RuntimeException e) {
      // the next wait reads it again
    }
  }

  private synchronized void offer(@Nullable V value) {
    if (value != null && (latest == null || value.version() > latest.version())) {
      latest = value;
      seen = true;
      notifyAll();
    }
  }

  /**
   * Reads the entry now (it becomes the newest view if it is newer).
   *
   * @return the value; null if there is none
   * @throws IllegalStateException if the entry is gone after it was seen: another holder closed
   *     the object
   */
  @Nullable V read() {
    return read(Deadlines.NEVER);
  }

  /** As {@link #read()}, the read bounded by {@code deadline} ({@link ClusterCalls#callBy}). */
  private @Nullable V read(long deadline) {
    V value = ClusterCalls.callBy(deadline, () -> map.get(key), v -> {}, "read a " + what);
    synchronized (this) {
      if (value == null && seen && !closed) {
        throw new IllegalStateException("the " + what + " was closed by another holder");
      }
    }
    offer(value);
    return value;
  }

  /**
   * Waits until {@code test} is true of the newest value, or the deadline passes.
   *
   * @param test what to wait for; called with this watch's monitor held, so it must be quick
   * @param deadline the {@link System#nanoTime()} deadline, {@link Deadlines#NEVER} for none
   * @param interruptible whether an interrupt ends the wait; if not, it is kept for later
   * @return the value that passed the test; null if the deadline passed first
   * @throws InterruptedException if interruptible and the thread is interrupted
   * @throws IllegalStateException if the watch is closed meanwhile
   */
  @Nullable V await(Predicate<V> test, long deadline, boolean interruptible)
      throws InterruptedException {
    listener.listen(deadline);
    boolean interrupted = false;
    try {
      boolean fresh = false;
      while (true) {
        long recheck;
        synchronized (this) {
          fresh = fresh || (latest != null && listener.listening());
          recheck = System.nanoTime() + ChangeSignal.RECHECK_NANOS;
          while (fresh) {
            if (closed) {
              throw new IllegalStateException("the " + what + " is closed");
            }
            V v = latest;
            if (v != null && test.test(v)) {
              return v;
            }
            long now = System.nanoTime();
            long left = deadline == Deadlines.NEVER ? Deadlines.NEVER : deadline - now;
            if (left <= 0) {
              return null;
            }
            long wait = Math.min(left, recheck - now);
            if (wait <= 0) {
              break;
            }
            try {
              TimeUnit.NANOSECONDS.timedWait(this, wait);
            } catch (InterruptedException e) {
              if (interruptible) {
                throw e;
              }
              interrupted = true;
            }
          }
        }
        read(deadline); // the first look, or the 30 s re-check: outside the monitor
        fresh = true;
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops watching and wakes the waiters, who get {@link IllegalStateException}. Idempotent. */
  void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      notifyAll();
    }
    listener.close();
  }
}
