package dev.multiproc.cluster.internal;

import com.hazelcast.map.EntryProcessor;
import java.io.Serial;
import java.util.Map;

/**
 * An atomic add to a double kept as its raw bits in a {@code Long} map entry, run by the member
 * that owns the entry; returns the bits of the value after. A missing entry counts as 0.0.
 *
 * @param delta what to add
 */
record DoubleAddOp(double delta) implements EntryProcessor<String, Long, Long> {
  @Serial private static final long serialVersionUID = 1L;

  @Override
  public Long process(Map.Entry<String, Long> entry) {
    Long old = entry.getValue();
    double current = old == null ? 0.0 : Double.longBitsToDouble(old);
    long after = Double.doubleToRawLongBits(current + delta);
    entry.setValue(after);
    return after;
  }
}
