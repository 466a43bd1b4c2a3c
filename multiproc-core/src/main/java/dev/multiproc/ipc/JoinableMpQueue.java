package dev.multiproc.ipc;

/**
 * A {@link MpQueue} that counts unfinished tasks: Python's {@code
 * multiprocessing.JoinableQueue}. Each put adds one; each {@link #taskDone()} removes one; {@link
 * #join()} waits until none is left.
 *
 * @param <E> the item type
 */
public interface JoinableMpQueue<E> extends MpQueue<E> {

  /**
   * Tells that an item got from the queue has been dealt with. Python: {@code task_done()}.
   *
   * @throws IllegalStateException if called more times than items were put (Python's {@code
   *     ValueError})
   */
  void taskDone();

  /**
   * Waits until every item put has been got and marked done with {@link #taskDone()}. Python:
   * {@code join()}.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void join() throws InterruptedException;
}
