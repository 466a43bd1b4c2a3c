package dev.multiproc.cluster.internal;

import com.hazelcast.map.EntryProcessor;
import java.io.Serial;
import java.util.Map;

/**
 * An atomic update of a {@code Long} map entry, run by the member that owns the entry's
 * partition: add ({@code a} to the value, returning the value before) or compare-and-set (to
 * {@code b} if it is {@code a}, returning 1 if set, else 0). A missing entry counts as 0.
 *
 * @param add true to add, false to compare-and-set
 * @param a the delta, or the expected value
 * @param b the new value for compare-and-set
 */
record LongOp(boolean add, long a, long b) implements EntryProcessor<String, Long, Long> {
  @Serial private static final long serialVersionUID = 1L;

  @Override
  public Long process(Map.Entry<String, Long> entry) {
    Long old = entry.getValue();
    long current = old == null ? 0 : old;
    if (add) {
      entry.setValue(current + a);
      return current;
    }
    if (current != a) {
      return 0L;
    }
    entry.setValue(b);
    return 1L;
  }
}
