package dev.multiproc.spi;

import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.QueueEmptyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The {@link java.util.concurrent.BlockingQueue} and {@link Collection} methods (and {@code
 * getNow}) an {@link MpQueue} implements the same way on every backend: written over {@link
 * #get}, {@link #putNow}, {@link #poll()}, {@link #qsize()}, {@link #peek()}, {@link #iterator()}
 * and {@link #remove(Object)}, which each backend supplies. Also the one rule for timeouts every
 * backend follows ({@link #timeoutNanos}). Internal: the shared-memory, the threads and the
 * cluster queues implement it.
 *
 * @param <E> the item type
 */
public interface QueueDefaults<E> extends MpQueue<E> {

  /**
   * A timeout as the JDK's blocking queues take it: {@link TimeUnit#toNanos} saturates at {@link
   * Long#MAX_VALUE} and {@link Long#MIN_VALUE} (never {@link ArithmeticException}), and zero or
   * negative means do not wait.
   *
   * @param timeout how long
   * @param unit its unit
   * @return nanoseconds, 0 to {@link Long#MAX_VALUE}
   * @throws NullPointerException if {@code unit} is null
   */
  static long timeoutNanos(long timeout, TimeUnit unit) {
    return Deadlines.nanos(timeout, unit);
  }

  /**
   * The same rule for a {@link Duration}: one too long to count in nanoseconds saturates.
   *
   * @param timeout how long
   * @return nanoseconds, 0 to {@link Long#MAX_VALUE}
   * @throws NullPointerException if {@code timeout} is null
   */
  static long timeoutNanos(Duration timeout) {
    return Deadlines.nanos(timeout);
  }

  // poll(), or QueueEmptyException
  @Override
  default E getNow() {
    E item = poll();
    if (item == null) {
      throw new QueueEmptyException("queue empty");
    }
    return item;
  }

  @Override
  default void joinThread() {
    // nothing buffered, nothing to join: see MpQueue
  }

  @Override
  default void cancelJoinThread() {
    // nothing buffered, nothing to cancel: see MpQueue
  }

  // putNow: throws QueueFullException when full.
  @Override
  default boolean add(E item) {
    putNow(item);
    return true;
  }

  @Override
  default E take() throws InterruptedException {
    return get();
  }

  @Override
  default E remove() {
    return getNow();
  }

  @Override
  default int size() {
    return qsize();
  }

  @Override
  default boolean isEmpty() {
    return empty();
  }

  @Override
  default int drainTo(Collection<? super E> c) {
    return drainTo(c, Integer.MAX_VALUE);
  }

  // takes items with poll() until maxElements or none is left; the checks of LinkedBlockingQueue
  @Override
  default int drainTo(Collection<? super E> c, int maxElements) {
    Objects.requireNonNull(c, "the collection to drain into must not be null");
    if (c == this) {
      throw new IllegalArgumentException("cannot drain a queue into itself");
    }
    int n = 0;
    E item;
    while (n < maxElements && (item = poll()) != null) {
      c.add(item);
      n++;
    }
    return n;
  }

  // takes items with poll() until none is left
  @Override
  default void clear() {
    while (poll() != null) {
      // drop it
    }
  }

  // adds each item with add(E)
  @Override
  default boolean addAll(Collection<? extends E> c) {
    if (c == this) {
      throw new IllegalArgumentException("cannot add a queue to itself");
    }
    boolean changed = false;
    for (E item : c) {
      changed |= add(item);
    }
    return changed;
  }

  // peek(), or NoSuchElementException
  @Override
  default E element() {
    E item = peek();
    if (item == null) {
      throw new NoSuchElementException("queue empty");
    }
    return item;
  }

  /**
   * The items of {@link #iterator()}, in a list.
   *
   * @return a weakly consistent snapshot, oldest first
   */
  default List<E> snapshot() {
    List<E> items = new ArrayList<>();
    iterator().forEachRemaining(items::add);
    return items;
  }

  @Override
  default boolean contains(@Nullable Object o) {
    return o != null && snapshot().contains(o);
  }

  // against one snapshot
  @Override
  default boolean containsAll(Collection<?> c) {
    Objects.requireNonNull(c, "the collection must not be null");
    List<E> items = snapshot();
    for (Object o : c) {
      if (o == null || !items.contains(o)) {
        return false;
      }
    }
    return true;
  }

  // iterator().remove() for each item in c
  @Override
  default boolean removeAll(Collection<?> c) {
    Objects.requireNonNull(c, "the collection must not be null");
    return removeIf(c::contains);
  }

  // iterator().remove() for each item not in c
  @Override
  default boolean retainAll(Collection<?> c) {
    Objects.requireNonNull(c, "the collection must not be null");
    return removeIf(item -> !c.contains(item));
  }

  @Override
  default Object[] toArray() {
    return snapshot().toArray();
  }

  // as every collection: fills a when it is large enough (a null after the last), else a new one
  @Override
  default <T> T[] toArray(T[] a) {
    return snapshot().toArray(a);
  }

  // over a snapshot, as the iterator
  @Override
  default Spliterator<E> spliterator() {
    return Spliterators.spliterator(toArray(), Spliterator.ORDERED | Spliterator.NONNULL);
  }

  /**
   * Returns the iterator every backend gives: a weakly consistent one (see {@link MpQueue}).
   *
   * @return the iterator
   */
  @Override
  Iterator<E> iterator();
}
