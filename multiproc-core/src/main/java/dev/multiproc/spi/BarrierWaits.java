package dev.multiproc.spi;

import dev.multiproc.sync.Barrier;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code Barrier}, the same on every backend, over a {@link BarrierPhase} that the
 * backend stores, steps atomically and waits on. Arrival indices go from 0 (first to arrive) to
 * {@code parties - 1}; the last party runs the action, then releases the others; a timeout, an
 * interrupt, {@link #abort()} or a failed action breaks the barrier until {@link #reset()}. As
 * {@link java.util.concurrent.CyclicBarrier}, a party that enters interrupted breaks the barrier
 * and gets {@link InterruptedException}, unless it is broken already; and a party interrupted
 * after its generation ended keeps the interrupt and its result.
 */
public interface BarrierWaits extends Barrier {

  /**
   * Returns what the barrier was made with.
   *
   * @return its parties, action and default timeout
   */
  BarrierSpec spec();

  @Override
  default int parties() {
    return spec().parties();
  }

  /**
   * Runs {@link BarrierPhase#step} atomically on the stored state, stores the state after, and
   * wakes the waiters if it changed, by the caller's deadline.
   *
   * <p>A backend whose store always answers (shared memory, this JVM) ignores the deadline. One
   * whose store may be out of reach (a cluster member) waits for it until the deadline plus a
   * small bound of its own, then gives up and returns null: the step may still take effect
   * later, and then the backend hands its result to {@link #late}, which undoes it as the
   * caller's timeout would have.
   *
   * @param op the step
   * @param generation the generation it is about
   * @param deadline a {@link Deadlines} deadline; {@link Deadlines#NEVER} for none
   * @return what it did; null if the store did not answer in time (never for {@link
   *     Deadlines#NEVER})
   */
  BarrierPhase.@Nullable Step step(int op, long generation, long deadline);

  /**
   * What a backend does with a step that took effect after {@link #step} gave up on it: the
   * caller has gone with {@link BrokenBarrierException}, as after a timeout, so an arrival breaks
   * its generation (Python's timeout breaks the barrier); the other steps stand.
   *
   * @param op the step
   * @param result what it did
   */
  default void late(int op, BarrierPhase.Step result) {
    if (op == BarrierPhase.ARRIVE && result.status() == BarrierPhase.Step.ARRIVED) {
      step(BarrierPhase.BREAK, result.generation(), Deadlines.NEVER);
    }
  }

  /** A step without a deadline: it always has an answer. */
  private BarrierPhase.Step stepAlways(int op, long generation) {
    BarrierPhase.Step r = step(op, generation, Deadlines.NEVER);
    if (r == null) {
      throw new IllegalStateException("a barrier step without a deadline gave up");
    }
    return r;
  }

  /**
   * Returns the stored state now.
   *
   * @return the state
   */
  BarrierPhase phase();

  /**
   * Waits until generation {@code generation} is over ({@link BarrierPhase#ended}).
   *
   * @param generation the generation
   * @param deadline a {@link Deadlines} deadline
   * @param interruptible whether an interrupt ends the wait
   * @return the state that ended it, or null if the deadline passed first
   * @throws InterruptedException if interruptible and interrupted (the status is then clear)
   */
  @Nullable BarrierPhase awaitEnd(long generation, long deadline, boolean interruptible)
      throws InterruptedException;

  @Override
  default int await() throws InterruptedException, BrokenBarrierException {
    Duration timeout = spec().timeout();
    return timeout == null ? awaitBy(Deadlines.NEVER, null) : await(timeout);
  }

  @Override
  default int await(Duration timeout) throws InterruptedException, BrokenBarrierException {
    return awaitBy(Deadlines.deadline(timeout), timeout);
  }

  private int awaitBy(long deadline, @Nullable Duration timeout)
      throws InterruptedException, BrokenBarrierException {
    if (Thread.currentThread().isInterrupted()) {
      BarrierPhase.Step a = step(BarrierPhase.ABORT, 0, deadline);
      if (a != null && a.status() != 1) {
        throw broken(); // broken already: that is said first, and the interrupt is kept
      }
      Thread.interrupted();
      throw interrupted();
    }
    while (true) {
      BarrierPhase.Step r = step(BarrierPhase.ARRIVE, 0, deadline);
      if (r == null) {
        throw unanswered(timeout); // an arrival that lands later breaks its generation: late()
      }
      long generation = r.generation();
      if (r.status() == BarrierPhase.Step.BROKEN) {
        throw broken();
      }
      if (r.status() == BarrierPhase.Step.ARRIVED) {
        return r.count() + 1 == parties()
            ? releaseGeneration(generation, r.count(), deadline)
            : awaitRelease(generation, r.count(), deadline, timeout);
      }
      // this generation is full and its action runs: wait for the next one
      if (endOf(generation, deadline) == null) {
        BarrierPhase.Step b = step(BarrierPhase.BREAK, generation, deadline);
        if (b == null) {
          throw unanswered(timeout);
        }
        throw b.status() == 1 ? timedOut(b.count(), timeout) : broken();
      }
    }
  }

  private int releaseGeneration(long generation, int index, long deadline)
      throws BrokenBarrierException {
    Runnable action = spec().action();
    if (action != null) {
      try {
        action.run();
      } catch (RuntimeException | Error e) {
        step(BarrierPhase.BREAK, generation, deadline); // one that lands later breaks it then
        throw e;
      }
    }
    BarrierPhase.Step r = step(BarrierPhase.RELEASE, generation, deadline);
    if (r == null) {
      throw new BrokenBarrierException(
          "the barrier's state did not answer in time to release its "
              + parties()
              + " parties (the store that keeps it may be out of reach): they are released"
              + " when it does");
    }
    if (r.status() != 1) {
      throw broken(); // broken or reset while the action ran
    }
    return index;
  }

  private int awaitRelease(long generation, int index, long deadline, @Nullable Duration timeout)
      throws InterruptedException, BrokenBarrierException {
    BarrierPhase s = endOf(generation, deadline);
    if (s == null) {
      BarrierPhase.Step r = step(BarrierPhase.BREAK, generation, deadline);
      if (r == null) {
        throw unanswered(timeout);
      }
      if (r.status() == 1) {
        throw timedOut(r.count(), timeout);
      }
      // released, broken or reset at the last moment: see which
      s = awaitEnd(generation, Deadlines.NEVER, false);
    }
    if (s != null && s.released(generation)) {
      return index;
    }
    throw broken();
  }

  /**
   * Waits until {@code generation} is over; null on timeout. An interrupt breaks it, unless it
   * is over already: then the interrupt is kept for later.
   */
  private @Nullable BarrierPhase endOf(long generation, long deadline) throws InterruptedException {
    try {
      return awaitEnd(generation, deadline, true);
    } catch (InterruptedException e) {
      BarrierPhase.Step r = step(BarrierPhase.BREAK, generation, deadline);
      if (r == null || r.status() == 1) {
        throw interrupted(); // broken by this party (one that lands later breaks it then)
      }
      Thread.currentThread().interrupt(); // released or broken meanwhile: keep the status
      return awaitEnd(generation, Deadlines.NEVER, false);
    }
  }

  private BrokenBarrierException timedOut(long arrived, @Nullable Duration timeout) {
    return new BrokenBarrierException(
        "barrier timed out after "
            + timeout
            + " with "
            + arrived
            + " of "
            + parties()
            + " parties arrived; it is now broken");
  }

  private BrokenBarrierException unanswered(@Nullable Duration timeout) {
    return new BrokenBarrierException(
        "barrier timed out after "
            + timeout
            + " before its state answered (the store that keeps it may be out of reach); it is"
            + " broken when the store answers");
  }

  private static BrokenBarrierException broken() {
    return new BrokenBarrierException("barrier is broken");
  }

  private static InterruptedException interrupted() {
    return new InterruptedException("interrupted while waiting at a barrier");
  }

  @Override
  default void abort() {
    stepAlways(BarrierPhase.ABORT, 0);
  }

  @Override
  default void reset() {
    stepAlways(BarrierPhase.RESET, 0);
  }

  @Override
  default boolean isBroken() {
    return phase().broken();
  }

  @Override
  default int nWaiting() {
    return phase().waiting(parties());
  }
}
