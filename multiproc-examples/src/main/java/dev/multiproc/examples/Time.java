package dev.multiproc.examples;

import dev.multiproc.ipc.MpQueue;

/**
 * Python's {@code time.time()}, {@code time.perf_counter()} and {@code time.sleep()}, so the
 * examples read like their tutorials.
 */
public final class Time {
  private Time() {}

  /**
   * Returns a clock in seconds, for measuring intervals. Python: {@code time.perf_counter()} (the
   * examples use it where the tutorial calls {@code time.time()} too).
   *
   * @return seconds since an arbitrary origin
   */
  public static double time() {
    return System.nanoTime() / 1e9;
  }

  /**
   * Sleeps. Python: {@code time.sleep(seconds)}. An interrupt ends the sleep early and stays set.
   *
   * @param seconds how long
   */
  public static void sleep(double seconds) {
    try {
      Thread.sleep((long) (seconds * 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Returns this process's id. Python: {@code os.getpid()}.
   *
   * @return the pid
   */
  public static long getpid() {
    return ProcessHandle.current().pid();
  }

  /**
   * Returns the parent process's id. Python: {@code os.getppid()}.
   *
   * @return the parent's pid, or -1 if it is unknown
   */
  public static long getppid() {
    return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
  }

  /**
   * Takes the next item of a queue, waiting as long as it takes: Python's {@code queue.get()},
   * for tasks, which cannot throw {@link InterruptedException}.
   *
   * @param queue the queue
   * @param <E> the item type
   * @return the item
   * @throws IllegalStateException if the thread is interrupted (the interrupt stays set)
   */
  public static <E> E take(MpQueue<E> queue) {
    try {
      return queue.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a queue item", e);
    }
  }

  /**
   * Puts an item on a queue, waiting for room if it is full: Python's {@code queue.put(item)},
   * for tasks, which cannot throw {@link InterruptedException}.
   *
   * @param queue the queue
   * @param item the item
   * @param <E> the item type
   * @throws IllegalStateException if the thread is interrupted (the interrupt stays set)
   */
  public static <E> void put(MpQueue<E> queue, E item) {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for room in a queue", e);
    }
  }
}
