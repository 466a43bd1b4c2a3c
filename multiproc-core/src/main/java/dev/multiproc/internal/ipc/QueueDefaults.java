package dev.multiproc.internal.ipc;

import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.QueueEmptyException;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@link java.util.concurrent.BlockingQueue} methods (and {@code getNow}) an {@link MpQueue}
 * implements the same way on every backend: written over {@link #get}, {@link #putNow}, {@link
 * #poll()} and {@link #qsize()}, and refusing what a queue between processes cannot do (peek,
 * iterate, look for or remove a given item) with {@link #unsupported(String)}. Internal: the
 * shared-memory, the threads and the cluster queues implement it.
 *
 * @param <E> the item type
 */
public interface QueueDefaults<E> extends MpQueue<E> {
  /**
   * Returns the exception for an operation this queue cannot do, worded by the backend.
   *
   * @param what what it cannot do, e.g. "be iterated"
   * @return the exception to throw
   */
  UnsupportedOperationException unsupported(String what);

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

  @Override
  default E element() {
    throw unsupported("show its head without taking it (element)");
  }

  @Override
  default @Nullable E peek() {
    throw unsupported("show its head without taking it (peek)");
  }

  @Override
  default boolean remove(@Nullable Object o) {
    throw unsupported("remove a given item");
  }

  @Override
  default boolean contains(@Nullable Object o) {
    throw unsupported("look for an item (contains)");
  }

  @Override
  default boolean containsAll(Collection<?> c) {
    throw unsupported("look for items (containsAll)");
  }

  @Override
  default boolean removeAll(Collection<?> c) {
    throw unsupported("remove given items");
  }

  @Override
  default boolean retainAll(Collection<?> c) {
    throw unsupported("remove given items");
  }

  @Override
  default Iterator<E> iterator() {
    throw unsupported("be iterated");
  }

  @Override
  default Object[] toArray() {
    throw unsupported("be copied to an array");
  }

  @Override
  default <T> T[] toArray(T[] a) {
    throw unsupported("be copied to an array");
  }
}
