package dev.multiproc.ipc;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;

/**
 * A FIFO queue shared by processes: Python's {@code multiprocessing.Queue(maxsize)}, and a
 * {@link BlockingQueue}. Made by {@code Context.queue()}; pass it to other processes as a task or
 * process argument, and every holder can put and get.
 *
 * <p>Items are encoded on the caller's thread: an item that cannot be encoded fails that {@code
 * put} with {@link IllegalArgumentException} naming its class, and nothing is queued. A put
 * returns once its item is in shared memory; nothing is buffered in a background thread, so a
 * process may exit right after putting and its items stay in the queue (Python's "a process that
 * put items must not be joined before they are consumed" does not apply here). When there is no
 * room, put waits: {@code maxsize} counts items (0: no limit), and every queue also has a fixed
 * number of bytes for items in transit (16 MiB by default, {@code -Dmultiproc.queue.ringBytes}).
 * An item larger than that passes through in pieces while a consumer takes them.
 *
 * <p>Items are never null ({@link NullPointerException}, as every {@link BlockingQueue}). Items
 * put by one producer are got in the order put. What {@link BlockingQueue} asks that a queue
 * between processes cannot do cheaply throws {@link UnsupportedOperationException}: looking at
 * items without taking them ({@link #peek}, {@link #element}, {@link #iterator}, {@link
 * #contains}, {@link #toArray()}) and removing a given item ({@link #remove(Object)}, {@link
 * #removeAll}, {@link #retainAll}).
 *
 * <p>Blocking methods throw {@link InterruptedException} when the thread is interrupted; a
 * producer or consumer process that dies holding the queue's put or get lock is detected, and the
 * next one takes the lock over.
 *
 * @param <E> the item type
 */
public interface MpQueue<E> extends BlockingQueue<E>, AutoCloseable {

  /**
   * Puts an item, waiting as long as it takes for room. Python: {@code put(item)}.
   *
   * @param item the item
   * @throws IllegalArgumentException if it cannot be encoded (nothing is put)
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  @Override
  void put(E item) throws InterruptedException;

  /**
   * Puts an item, waiting at most {@code timeout} for room. Python: {@code put(item, timeout=t)}.
   *
   * @param item the item
   * @param timeout how long at most; zero means do not wait
   * @throws QueueFullException if there was no room in time (nothing is put)
   * @throws IllegalArgumentException if it cannot be encoded
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void put(E item, Duration timeout) throws InterruptedException;

  /**
   * Puts an item if there is room now. Python: {@code put_nowait(item)}.
   *
   * @param item the item
   * @throws QueueFullException if there is no room
   * @throws IllegalArgumentException if it cannot be encoded
   */
  void putNow(E item);

  /**
   * Takes the next item, waiting as long as it takes. Python: {@code get()}.
   *
   * @return the item
   * @throws IllegalStateException if the item cannot be decoded here (its class is not allowed
   *     or missing); the item is consumed
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  E get() throws InterruptedException;

  /**
   * Takes the next item, waiting at most {@code timeout}. Python: {@code get(timeout=t)}.
   *
   * @param timeout how long at most; zero means do not wait
   * @return the item
   * @throws QueueEmptyException if no item came in time
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  E get(Duration timeout) throws InterruptedException;

  /**
   * Takes the next item if there is one now. Python: {@code get_nowait()}.
   *
   * @return the item
   * @throws QueueEmptyException if there is none
   */
  E getNow();

  /**
   * Whether the queue looks empty (another process may change that at once). Python: {@code
   * empty()}.
   *
   * @return true if no item is ready to get
   */
  boolean empty();

  /**
   * Whether the queue holds {@code maxsize} items. Python: {@code full()}.
   *
   * @return true if bounded and full; always false for an unbounded queue
   */
  boolean full();

  /**
   * The number of items in the queue, including ones being put right now. Python: {@code
   * qsize()}.
   *
   * @return the count
   */
  int qsize();

  /**
   * The most items the queue holds.
   *
   * @return maxsize, or 0 for no limit
   */
  int maxsize();

  /**
   * Nothing to do: kept for Python parity ({@code join_thread()}). Python's queue has a feeder
   * thread that must flush before the process exits; here a put returns when its item is in
   * shared memory, so there is no thread to join.
   */
  void joinThread();

  /**
   * Nothing to do: kept for Python parity ({@code cancel_join_thread()}); see {@link
   * #joinThread()}.
   */
  void cancelJoinThread();

  /**
   * This process is done with the queue: later calls here throw {@link IllegalStateException}.
   * Python: {@code close()}. In the process that created it, the queue's shared memory loses its
   * name: copies other processes already hold keep working (the memory goes with the last of
   * them), but the queue can no longer be passed to a new process. Idempotent.
   */
  @Override
  void close();
}
