package dev.multiproc.internal.threads;

import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.QueueEmptyException;
import dev.multiproc.ipc.QueueFullException;
import dev.multiproc.spi.QueueDefaults;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * {@link MpQueue} and {@link JoinableMpQueue} in this JVM: a {@link LinkedBlockingQueue} of the
 * items themselves (not copies). The same exceptions and messages as the local context's queue,
 * so code moves between contexts unchanged. Its iterator is {@link LinkedBlockingQueue}'s (weakly
 * consistent), whose {@code remove()} removes the first place that holds the very object it
 * returned (an object queued twice is the same item to it); in a joinable queue, an item removed
 * without being got (by {@link #remove(Object)}, the iterator, {@link #clear()} and what is built
 * on them) counts as done.
 *
 * @param <E> the item type
 */
public final class ThreadQueue<E> implements JoinableMpQueue<E>, QueueDefaults<E> {
  private final int maxsize;
  private final boolean joinable;
  private final LinkedBlockingQueue<E> items;
  private final ReentrantLock tasks = new ReentrantLock();
  private final Condition allDone = tasks.newCondition();
  private int unfinished;
  private volatile boolean closed;

  private ThreadQueue(int maxsize, boolean joinable) {
    if (maxsize < 0) {
      throw new IllegalArgumentException("maxsize must not be negative: maxsize=" + maxsize);
    }
    this.maxsize = maxsize;
    this.joinable = joinable;
    this.items = new LinkedBlockingQueue<>(maxsize == 0 ? Integer.MAX_VALUE : maxsize);
  }

  /**
   * Returns a queue. Python: {@code queue.Queue(maxsize)} as {@code multiprocessing.dummy} uses.
   *
   * @param maxsize the most items it holds; 0 for no limit
   * @param <E> the item type
   * @return the queue
   * @throws IllegalArgumentException if maxsize is negative
   */
  public static <E> MpQueue<E> queue(int maxsize) {
    return new ThreadQueue<>(maxsize, false);
  }

  /**
   * Returns a joinable queue.
   *
   * @param maxsize the most items it holds; 0 for no limit
   * @param <E> the item type
   * @return the queue
   * @throws IllegalArgumentException if maxsize is negative
   */
  public static <E> JoinableMpQueue<E> joinable(int maxsize) {
    return new ThreadQueue<>(maxsize, true);
  }

  private LinkedBlockingQueue<E> open() {
    if (closed) {
      throw new IllegalStateException("the queue is closed");
    }
    return items;
  }

  /** Offers {@code item}, counting it as unfinished first so that join() never misses it. */
  private boolean offer(E item, long timeoutNanos) throws InterruptedException {
    Objects.requireNonNull(item, "a queue item must not be null");
    LinkedBlockingQueue<E> q = open();
    countUnfinished(1);
    boolean put = false;
    try {
      put =
          timeoutNanos < 0
              ? putForever(q, item)
              : q.offer(item, timeoutNanos, TimeUnit.NANOSECONDS);
    } finally {
      if (!put) {
        countUnfinished(-1);
      }
    }
    return put;
  }

  private static <E> boolean putForever(LinkedBlockingQueue<E> q, E item)
      throws InterruptedException {
    q.put(item);
    return true;
  }

  private void countUnfinished(int delta) {
    if (!joinable) {
      return;
    }
    tasks.lock();
    try {
      unfinished += delta;
      if (unfinished == 0) {
        allDone.signalAll();
      }
    } finally {
      tasks.unlock();
    }
  }

  private QueueFullException fullError() {
    return new QueueFullException("queue full (maxsize " + maxsize + ")");
  }

  @Override
  public void put(E item) throws InterruptedException {
    offer(item, -1);
  }

  @Override
  public void put(E item, Duration timeout) throws InterruptedException {
    if (!offer(item, QueueDefaults.timeoutNanos(timeout))) {
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
    return open().take();
  }

  @Override
  public E get(Duration timeout) throws InterruptedException {
    E item = open().poll(QueueDefaults.timeoutNanos(timeout), TimeUnit.NANOSECONDS);
    if (item == null) {
      throw new QueueEmptyException("queue empty: no item came within " + timeout);
    }
    return item;
  }

  @Override
  public boolean empty() {
    return open().isEmpty();
  }

  @Override
  public boolean full() {
    return maxsize > 0 && open().remainingCapacity() == 0;
  }

  @Override
  public int qsize() {
    return open().size();
  }

  @Override
  public int maxsize() {
    return maxsize;
  }

  @Override
  public void close() {
    closed = true;
  }

  /* ------------------------------ JoinableMpQueue ------------------------------ */

  @Override
  public void taskDone() {
    open();
    tasks.lock();
    try {
      if (unfinished <= 0) {
        throw new IllegalStateException("taskDone() called too many times: no unfinished task");
      }
      if (--unfinished == 0) {
        allDone.signalAll();
      }
    } finally {
      tasks.unlock();
    }
  }

  @Override
  public void join() throws InterruptedException {
    open();
    tasks.lockInterruptibly();
    try {
      while (unfinished > 0) {
        allDone.await();
      }
    } finally {
      tasks.unlock();
    }
  }

  /* ------------------------------ BlockingQueue ------------------------------ */

  @Override
  public boolean offer(E item) {
    try {
      return offer(item, 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean offer(E item, long timeout, TimeUnit unit) throws InterruptedException {
    return offer(item, QueueDefaults.timeoutNanos(timeout, unit));
  }

  @Override
  public @Nullable E poll(long timeout, TimeUnit unit) throws InterruptedException {
    return open().poll(QueueDefaults.timeoutNanos(timeout, unit), TimeUnit.NANOSECONDS);
  }

  @Override
  public @Nullable E poll() {
    return open().poll();
  }

  @Override
  public int remainingCapacity() {
    return maxsize == 0 ? Integer.MAX_VALUE : open().remainingCapacity();
  }

  @Override
  public int drainTo(Collection<? super E> c, int maxElements) {
    Objects.requireNonNull(c, "the collection to drain into must not be null");
    if (c == this) {
      throw new IllegalArgumentException("cannot drain a queue into itself");
    }
    return open().drainTo(c, maxElements);
  }

  // as AbstractQueue.add, which this queue used to inherit: offer, or "Queue full"
  @Override
  public boolean add(E item) {
    if (offer(item)) {
      return true;
    }
    throw new IllegalStateException("Queue full");
  }

  /* ------------------------------ Collection ------------------------------ */

  @Override
  public @Nullable E peek() {
    return open().peek();
  }

  @Override
  public Iterator<E> iterator() {
    LinkedBlockingQueue<E> q = open();
    Iterator<E> it = q.iterator();
    return new Iterator<>() {
      private @Nullable E last;

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public E next() {
        E item = it.next();
        last = item;
        return item;
      }

      // the item itself (the same object, once), so that a joinable queue knows it went
      @Override
      public void remove() {
        E item = last;
        if (item == null) {
          throw new IllegalStateException("remove() without a next() before it");
        }
        last = null;
        boolean[] once = {false};
        if (q.removeIf(x -> x == item && !once[0] && (once[0] = true))) {
          countUnfinished(-1);
        }
      }
    };
  }

  @Override
  public boolean remove(@Nullable Object o) {
    if (open().remove(o)) {
      countUnfinished(-1);
      return true;
    }
    return false;
  }

  @Override
  public boolean contains(@Nullable Object o) {
    return open().contains(o);
  }

  @Override
  public Object[] toArray() {
    return open().toArray();
  }

  @Override
  public <T> T[] toArray(T[] a) {
    return open().toArray(a);
  }

  @Override
  public Spliterator<E> spliterator() {
    return open().spliterator();
  }

  /** Removes every item; in a joinable queue their tasks count as done (nobody got them). */
  @Override
  public void clear() {
    while (poll() != null) {
      countUnfinished(-1);
    }
  }

  @Override
  public String toString() {
    return (joinable ? "JoinableMpQueue[threads" : "MpQueue[threads")
        + ", maxsize "
        + maxsize
        + (closed ? ", closed" : ", qsize " + items.size())
        + "]";
  }
}
