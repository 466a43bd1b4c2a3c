package dev.multiproc.cluster.internal;

import com.hazelcast.map.EntryProcessor;
import dev.multiproc.spi.BarrierPhase;
import java.io.Serial;
import java.util.Map;

/**
 * A {@link BarrierPhase#step} of a barrier's entry, run atomically by the member that owns it.
 * A missing entry is a new barrier.
 *
 * @param op the step
 * @param generation the generation it is about (RELEASE, BREAK)
 * @param parties the barrier's parties (ARRIVE)
 */
record BarrierOp(int op, long generation, int parties)
    implements EntryProcessor<String, BarrierOp.State, BarrierPhase.Step> {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * A barrier's entry.
   *
   * @param version raised by every step that changes the phase
   * @param phase the barrier's state
   */
  record State(long version, BarrierPhase phase) implements Versioned {
    @Serial private static final long serialVersionUID = 1L;

    static final State START = new State(0, BarrierPhase.START);
  }

  @Override
  public BarrierPhase.Step process(Map.Entry<String, State> entry) {
    State s = entry.getValue() == null ? State.START : entry.getValue();
    BarrierPhase.Step r = s.phase().step(op, generation, parties);
    if (r.next() != s.phase()) {
      entry.setValue(new State(s.version() + 1, r.next()));
    }
    return r;
  }
}
