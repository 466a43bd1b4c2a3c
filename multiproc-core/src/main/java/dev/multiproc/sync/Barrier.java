package dev.multiproc.sync;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;

/**
 * A barrier for a fixed number of parties across processes: Python's {@code
 * multiprocessing.Barrier} (and {@code threading.Barrier}). Each party calls {@link #await()};
 * all are released together when the last one arrives, and the barrier is ready for the next
 * round (generation).
 *
 * <p>The optional action runs once per generation, in the process of the last party to arrive,
 * before the others are released. If it throws, the barrier breaks and the exception reaches
 * that party.
 *
 * <p>A timeout, {@link #abort()}, an interrupt or a failed action <em>breaks</em> the barrier:
 * every waiting party, and every later {@code await}, gets a {@link BrokenBarrierException}
 * until {@link #reset()}. A party that dies while waiting is not replaced: use a timeout.
 */
public interface Barrier extends AutoCloseable {

  /**
   * Waits for all parties, for at most the barrier's default timeout if it has one. Python:
   * {@code barrier.wait()}.
   *
   * @return the arrival index, from 0 to {@code parties() - 1}, different for each party
   * @throws BrokenBarrierException if the barrier is or becomes broken while waiting, or the
   *     default timeout passes
   * @throws InterruptedException if the thread is interrupted while waiting (this breaks it)
   */
  int await() throws InterruptedException, BrokenBarrierException;

  /**
   * Waits for all parties for at most {@code timeout}. Python: {@code barrier.wait(timeout)}.
   *
   * @param timeout how long to wait at most; when it passes the barrier breaks
   * @return the arrival index, from 0 to {@code parties() - 1}, different for each party
   * @throws BrokenBarrierException if the barrier is or becomes broken, or the timeout passes
   * @throws InterruptedException if the thread is interrupted while waiting (this breaks it)
   */
  int await(Duration timeout) throws InterruptedException, BrokenBarrierException;

  /** Breaks the barrier: current and later waiters get {@link BrokenBarrierException}. */
  void abort();

  /**
   * Returns the barrier to its empty, unbroken state. Parties waiting now get {@link
   * BrokenBarrierException}.
   */
  void reset();

  /**
   * Whether the barrier is broken. Python: {@code barrier.broken}.
   *
   * @return true if broken
   */
  boolean isBroken();

  /**
   * Returns how many parties are waiting in the current generation. Python: {@code
   * barrier.n_waiting}.
   *
   * @return the number waiting
   */
  int nWaiting();

  /**
   * Returns how many parties must arrive to release the barrier. Python: {@code
   * barrier.parties}.
   *
   * @return the number of parties
   */
  int parties();

  /**
   * Ends this copy; in the creating process the barrier's shared memory is removed. Idempotent.
   */
  @Override
  void close();
}
