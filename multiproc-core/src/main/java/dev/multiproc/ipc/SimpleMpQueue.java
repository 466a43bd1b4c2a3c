package dev.multiproc.ipc;

/**
 * The smallest queue between processes: Python's {@code multiprocessing.SimpleQueue}. Unbounded
 * (but for its bytes in transit, see {@link MpQueue}); put returns once the item is in shared
 * memory. Items may be null.
 *
 * @param <E> the item type
 */
public interface SimpleMpQueue<E> extends AutoCloseable {

  /**
   * Puts an item, waiting for room in the queue's bytes if they are all in use.
   *
   * @param item the item, null allowed
   * @throws IllegalArgumentException if it cannot be encoded (nothing is put)
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void put(E item) throws InterruptedException;

  /**
   * Takes the next item, waiting for one.
   *
   * @return the item
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  E get() throws InterruptedException;

  /**
   * Whether the queue looks empty.
   *
   * @return true if no item is ready to get
   */
  boolean empty();

  /** This process is done with the queue; see {@link MpQueue#close()}. Idempotent. */
  @Override
  void close();
}
