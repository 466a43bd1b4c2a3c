package dev.multiproc.spi;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * An iterator over a snapshot of a queue's items, whose {@link #remove()} removes from the queue
 * the very item it returned last (found again by a key, such as where it stands), if it is still
 * there. Internal: the shared-memory and cluster queues use it.
 *
 * @param <E> the item type
 * @param <K> the key type
 */
public final class SnapshotIterator<E, K> implements Iterator<E> {
  private final List<E> items;
  private final List<K> keys;
  private final Predicate<K> remover;
  private int next;
  private int last = -1;

  /**
   * Creates an iterator.
   *
   * @param items the snapshot, oldest first
   * @param keys a key per item
   * @param remover removes the item with the given key if it is still in the queue
   */
  public SnapshotIterator(List<E> items, List<K> keys, Predicate<K> remover) {
    this.items = items;
    this.keys = keys;
    this.remover = remover;
  }

  @Override
  public boolean hasNext() {
    return next < items.size();
  }

  @Override
  public E next() {
    if (next >= items.size()) {
      throw new NoSuchElementException("no more items in the snapshot");
    }
    last = next++;
    return items.get(last);
  }

  @Override
  public void remove() {
    if (last < 0) {
      throw new IllegalStateException("remove() without a next() before it");
    }
    boolean ignored =
        remover.test(keys.get(last)); // already gone: nothing to do, as LinkedBlockingQueue
    last = -1;
  }
}
