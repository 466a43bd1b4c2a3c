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
 * <p>Items are never null ({@link NullPointerException}, as every {@link BlockingQueue}); to mark
 * the end of a stream, as Python code puts {@code None}, put {@link EndOfStream#END}. Items put by
 * one producer are got in the order put.
 *
 * <p>It is a whole {@link java.util.Collection} on every backend. {@link #iterator()} is weakly
 * consistent, as {@link java.util.concurrent.LinkedBlockingQueue}'s: between processes it is a
 * snapshot of the items taken under the queue's get lock (a consumer waits for it only while an
 * item is being taken), decoded in the caller; it never fails with {@link
 * java.util.ConcurrentModificationException} and may miss items put or got after it was taken.
 * {@link #peek()}, {@link #element()}, {@link #contains}, {@link #toArray()} and {@link
 * #toArray(Object[])} look at such a snapshot and take nothing. {@link #remove(Object)} removes
 * the first item equal to the argument where it stands, and the iterator's {@code remove()} that
 * very item, if still there; in a {@link JoinableMpQueue}, an item removed without being got
 * ({@code remove}, the iterator, {@link #clear()} and what is built on them: {@code removeAll},
 * {@code retainAll}, {@code removeIf}) counts as done. An item larger than the bytes for items in
 * transit is never whole in the queue: it is not seen by these until a consumer has it, and
 * {@code peek} returns null while it is at the head. Its {@code toString()} names the queue and its
 * size; it does not list the items. Timeouts follow the JDK: {@code Long.MAX_VALUE} of any unit
 * waits as long as it takes, zero or negative does not wait.
 *
 * <p>Blocking methods throw {@link InterruptedException} when the thread is interrupted, except in
 * the middle of an item larger than the bytes for items in transit, which a put or get finishes
 * first (the interrupt stays set). A process that dies in the middle of a put or get is repaired
 * by the next one to take the put or get lock: an item a dead producer had not begun to write is
 * not counted; one it left half written (only an item larger than the bytes for items in transit
 * can be) breaks the queue, which every later call says; an item a dead consumer had begun to
 * read is dropped, its rest skipped as it comes, as if that consumer had got it (the next get
 * returns the next whole item, never bytes from inside one; in a {@link JoinableMpQueue} it counts
 * as done, since nobody can mark it); an item it had taken whole is gone with it, as in Python.
 * {@link #qsize()} makes the same repair when the dead process's lock is free to take over, so a
 * dead consumer never leaves the count off.
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
