package dev.multiproc.cluster.internal;

import com.hazelcast.map.EntryProcessor;
import dev.multiproc.spi.Checks;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An atomic step of a semaphore's entry, run by the member that owns the entry. A missing entry
 * is a semaphore with no permit.
 *
 * <ul>
 *   <li>{@link #CONSUME}: take a free permit for good. Returns {@link #TAKEN}, or, when none is
 *       free, {@link #NONE} ({@link #NONE_HELD} if some are held, whose holders may be dead);
 *   <li>{@link #HOLD}: take a free permit as held by {@code id}. Returns as {@code CONSUME};
 *   <li>{@link #RELEASE}: add a permit, unless {@code bound} is not negative and the value is
 *       already there. Returns {@link #TAKEN}, else the value, negated minus one;
 *   <li>{@link #UNHOLD}: give back the permit {@code id} holds. Returns {@link #TAKEN}, 0 if it
 *       holds none (it was reclaimed), or, over the bound, as {@code RELEASE};
 *   <li>{@link #RECLAIM}: give back the permits of the dead holders {@code ids}. Returns how
 *       many came back.
 * </ul>
 *
 * @param op the step
 * @param ids the holder of HOLD and UNHOLD, the dead holders of RECLAIM
 * @param bound the bound of a bounded semaphore; -1 for none
 */
record SemOp(int op, List<String> ids, long bound)
    implements EntryProcessor<String, SemOp.State, Long> {
  @Serial private static final long serialVersionUID = 1L;
  static final int CONSUME = 0;
  static final int HOLD = 1;
  static final int RELEASE = 2;
  static final int UNHOLD = 3;
  static final int RECLAIM = 4;
  static final long TAKEN = 1;
  static final long NONE = 0;
  static final long NONE_HELD = 2;

  /**
   * A semaphore's state.
   *
   * @param value the free permits
   * @param holders the ids of the holds of permits not yet given back, one per permit
   * @param reclaimed how many permits of dead holders came back
   */
  record State(long value, List<String> holders, long reclaimed) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    static State of(long value) {
      return new State(value, List.of(), 0);
    }
  }

  static SemOp consume() {
    return new SemOp(CONSUME, List.of(), -1);
  }

  static SemOp hold(String id) {
    return new SemOp(HOLD, List.of(id), -1);
  }

  static SemOp release(long bound) {
    return new SemOp(RELEASE, List.of(), bound);
  }

  static SemOp unhold(String id, long bound) {
    return new SemOp(UNHOLD, List.of(id), bound);
  }

  static SemOp reclaim(List<String> dead) {
    return new SemOp(RECLAIM, List.copyOf(dead), -1);
  }

  @Override
  public Long process(Map.Entry<String, State> entry) {
    State s = entry.getValue() == null ? State.of(0) : entry.getValue();
    List<String> holders = new ArrayList<>(s.holders());
    switch (op) {
      case CONSUME, HOLD -> {
        if (s.value() <= 0) {
          return holders.isEmpty() ? NONE : NONE_HELD;
        }
        if (op == HOLD) {
          holders.add(ids.getFirst());
        }
        entry.setValue(new State(s.value() - 1, List.copyOf(holders), s.reclaimed()));
        return TAKEN;
      }
      case RELEASE, UNHOLD -> {
        if (op == UNHOLD && !holders.remove(ids.getFirst())) {
          return 0L;
        }
        if (Checks.atBound(s.value(), bound)) {
          return -s.value() - 1;
        }
        entry.setValue(new State(s.value() + 1, List.copyOf(holders), s.reclaimed()));
        return TAKEN;
      }
      case RECLAIM -> {
        long back = 0;
        for (String id : ids) {
          if (holders.remove(id)) {
            back++;
          }
        }
        if (back > 0) {
          entry.setValue(new State(s.value() + back, List.copyOf(holders), s.reclaimed() + back));
        }
        return back;
      }
      default -> throw new IllegalArgumentException("unknown semaphore step " + op);
    }
  }
}
