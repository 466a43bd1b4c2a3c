package dev.multiproc.spi;

/**
 * The JDK's rule for a blocking call entered with the interrupt status set: it throws {@link
 * InterruptedException} (clearing the status) before it does anything, as {@code
 * Lock.lockInterruptibly}, {@code BlockingQueue.take} and {@code CyclicBarrier.await} do, so an
 * interrupted caller never takes an item, a permit or a lock it will not know it has.
 */
public final class Interruption {
  private Interruption() {}

  /**
   * Throws if the current thread is interrupted, clearing its status.
   *
   * @throws InterruptedException if it was
   */
  public static void check() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }
}
