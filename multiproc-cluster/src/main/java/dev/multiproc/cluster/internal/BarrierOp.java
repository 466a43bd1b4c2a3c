package dev.multiproc.cluster.internal;

import com.hazelcast.map.EntryProcessor;
import java.io.Serial;
import java.util.Map;

/**
 * An atomic step of a barrier's entry, run by the member that owns it. Each returns {@code
 * {status, generation, n}}:
 *
 * <ul>
 *   <li>{@link #ARRIVE}: a party arrives: {@link #ARRIVED} with its index as {@code n}; {@link
 *       #BROKEN}; or {@link #FULL} while the last party's action runs (wait for the next
 *       generation).
 *   <li>{@link #RELEASE}: the last party releases {@code generation}: 1 if it did, 0 if the
 *       generation was broken or reset meanwhile.
 *   <li>{@link #BREAK}: breaks {@code generation} if it is current and unbroken: 1 if it did;
 *       {@code n} is how many parties had arrived.
 *   <li>{@link #ABORT}: breaks the current generation. {@link #RESET}: starts the next one, empty
 *       and unbroken, the old one ending broken if it had waiters.
 * </ul>
 *
 * @param op the step
 * @param generation the generation it is about (RELEASE, BREAK)
 * @param parties the barrier's parties (ARRIVE)
 */
record BarrierOp(int op, long generation, int parties)
    implements EntryProcessor<String, BarrierOp.State, long[]> {
  @Serial private static final long serialVersionUID = 1L;
  static final int ARRIVE = 0;
  static final int RELEASE = 1;
  static final int BREAK = 2;
  static final int ABORT = 3;
  static final int RESET = 4;
  static final long ARRIVED = 0;
  static final long BROKEN = 1;
  static final long FULL = 2;

  /**
   * A barrier's state.
   *
   * @param version raised by every step
   * @param generation the current round
   * @param count parties arrived in it
   * @param broken whether it is broken
   * @param endedBroken bit {@code g & 63} set if generation {@code g} ended broken (reset)
   */
  record State(long version, long generation, int count, boolean broken, long endedBroken)
      implements Versioned {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * Whether {@code g} is over, by a release, a break or a reset.
     *
     * @param g a generation
     * @return true when a waiter of {@code g} should stop waiting
     */
    boolean ended(long g) {
      return generation > g || (generation == g && broken);
    }

    /**
     * Whether {@code g} ended by releasing its parties.
     *
     * @param g a generation
     * @return true if released, false if broken, reset, or not over
     */
    boolean released(long g) {
      return generation > g && (endedBroken & bit(g)) == 0;
    }
  }

  static long bit(long generation) {
    return 1L << (generation & 63);
  }

  @Override
  public long[] process(Map.Entry<String, State> entry) {
    State s = entry.getValue() == null ? new State(0, 0, 0, false, 0) : entry.getValue();
    long g = s.generation();
    long v = s.version() + 1;
    return switch (op) {
      case ARRIVE -> {
        if (s.broken()) {
          yield new long[] {BROKEN, g, s.count()};
        }
        if (s.count() >= parties) {
          yield new long[] {FULL, g, s.count()};
        }
        entry.setValue(new State(v, g, s.count() + 1, false, s.endedBroken()));
        yield new long[] {ARRIVED, g, s.count()};
      }
      case RELEASE -> {
        if (g != generation || s.broken()) {
          yield new long[] {0, g, s.count()};
        }
        entry.setValue(new State(v, g + 1, 0, false, s.endedBroken() & ~bit(g + 1)));
        yield new long[] {1, g, s.count()};
      }
      case BREAK, ABORT -> {
        if ((op == BREAK && g != generation) || s.broken()) {
          yield new long[] {0, g, s.count()};
        }
        entry.setValue(new State(v, g, s.count(), true, s.endedBroken() | bit(g)));
        yield new long[] {1, g, s.count()};
      }
      case RESET -> {
        long ended = s.broken() || s.count() > 0 ? s.endedBroken() | bit(g) : s.endedBroken();
        entry.setValue(new State(v, g + 1, 0, false, ended & ~bit(g + 1)));
        yield new long[] {1, g, s.count()};
      }
      default -> throw new IllegalArgumentException("unknown barrier step " + op);
    };
  }
}
