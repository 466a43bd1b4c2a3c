package dev.multiproc.spi;

import java.io.Serial;
import java.io.Serializable;

/**
 * A barrier's state, and every step that changes it: the rules of Python's {@code Barrier}
 * (and of {@link java.util.concurrent.CyclicBarrier}) on generations and breaking, the same on
 * every backend. A backend stores the four fields and runs {@link #step} atomically.
 *
 * <p>Parties arrive in the current generation; the last one releases it, which starts the next,
 * empty. Arrivals beyond the parties (while the last party's action runs) wait for the next
 * generation. A timeout, an interrupt, a failed action or {@code abort()} breaks the current
 * generation until {@code reset()}, which starts the next one and marks the old one as ended
 * broken if it had waiters, so that a party still waiting in it can tell a reset from a release
 * after it wakes.
 *
 * @param generation the current round
 * @param count the parties arrived in it
 * @param broken whether it is broken
 * @param endedBroken bit {@code g & 63} set if generation {@code g} ended broken
 */
public record BarrierPhase(long generation, int count, boolean broken, long endedBroken)
    implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** A new barrier's state. */
  public static final BarrierPhase START = new BarrierPhase(0, 0, false, 0);

  /**
   * A party arrives: {@link Step#ARRIVED} with its index, {@link Step#BROKEN} or {@link
   * Step#FULL}.
   */
  public static final int ARRIVE = 0;

  /** The last party releases {@code generation}: 1 if it did, 0 if broken or reset meanwhile. */
  public static final int RELEASE = 1;

  /** Breaks {@code generation} if it is current and unbroken: 1 if it did. */
  public static final int BREAK = 2;

  /** Breaks the current generation: 1 if it did, 0 if it was broken already. */
  public static final int ABORT = 3;

  /** Starts the next generation, empty and unbroken: 1. */
  public static final int RESET = 4;

  /**
   * What a step did.
   *
   * @param next the state after the step: this state itself if the step changed nothing
   * @param status the step's answer
   * @param generation the generation current when the step ran
   * @param count the parties arrived in it before the step (for {@link #ARRIVE}, the index)
   */
  public record Step(BarrierPhase next, long status, long generation, int count)
      implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    /** {@link #ARRIVE}: the party has arrived, {@code count} is its index. */
    public static final long ARRIVED = 0;

    /** {@link #ARRIVE}: the barrier is broken. */
    public static final long BROKEN = 1;

    /** {@link #ARRIVE}: this generation is full and its action runs; wait for the next one. */
    public static final long FULL = 2;
  }

  /**
   * Whether generation {@code g} is over, by a release, a break or a reset.
   *
   * @param g a generation a party arrived in
   * @return true when its waiters should stop waiting
   */
  public boolean ended(long g) {
    long since = since(g);
    return since > 0 || (since == 0 && broken);
  }

  /**
   * Whether generation {@code g} ended by releasing its parties.
   *
   * @param g a generation a party arrived in
   * @return true if released; false if broken, reset or not over
   */
  public boolean released(long g) {
    return since(g) > 0 && (endedBroken & bit(g)) == 0;
  }

  /**
   * How many generations began after {@code g}: negative if this state is older than {@code g}
   * (a state a waiter was told of late). Generations count modulo 2<sup>31</sup>, since a barrier
   * in shared memory keeps 31 bits of them, and two states compared are never 2<sup>30</sup>
   * generations apart.
   */
  private long since(long g) {
    return (generation - g) << 33 >> 33;
  }

  /**
   * Returns how many parties wait in the current generation. Python: {@code n_waiting}.
   *
   * @param parties the barrier's parties
   * @return the number waiting, 0 while broken or while the last party's action runs
   */
  public int waiting(int parties) {
    return broken || count >= parties ? 0 : count;
  }

  /**
   * Runs one step on this state.
   *
   * @param op {@link #ARRIVE}, {@link #RELEASE}, {@link #BREAK}, {@link #ABORT} or {@link #RESET}
   * @param g the generation a {@link #RELEASE} or {@link #BREAK} is about
   * @param parties the barrier's parties
   * @return what it did, and the state after
   */
  public Step step(int op, long g, int parties) {
    return switch (op) {
      case ARRIVE ->
          broken
              ? answer(Step.BROKEN)
              : count >= parties
                  ? answer(Step.FULL)
                  : new Step(
                      new BarrierPhase(generation, count + 1, false, endedBroken),
                      Step.ARRIVED,
                      generation,
                      count);
      case RELEASE ->
          g != generation || broken ? answer(0) : changed(start(generation + 1, endedBroken));
      case BREAK, ABORT ->
          (op == BREAK && g != generation) || broken
              ? answer(0)
              : changed(new BarrierPhase(generation, count, true, endedBroken | bit(generation)));
      case RESET ->
          changed(
              start(
                  generation + 1,
                  broken || count > 0 ? endedBroken | bit(generation) : endedBroken));
      default -> throw new IllegalArgumentException("unknown barrier step " + op);
    };
  }

  private Step answer(long status) {
    return new Step(this, status, generation, count);
  }

  private Step changed(BarrierPhase next) {
    return new Step(next, 1, generation, count);
  }

  /** Generation {@code g}, empty and unbroken; the bit of {@code g} cleared for reuse. */
  private static BarrierPhase start(long g, long endedBroken) {
    return new BarrierPhase(g, 0, false, endedBroken & ~bit(g));
  }

  private static long bit(long g) {
    return 1L << (g & 63);
  }
}
