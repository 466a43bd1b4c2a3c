package dev.multiproc.cluster.internal;

import com.hazelcast.map.EntryProcessor;
import java.io.Serial;
import java.util.Map;

/**
 * An atomic step of a semaphore's {@code Long} entry, run by the member that owns the entry:
 * acquire (take a permit if one is free: returns 1, else 0) or release (add a permit unless
 * {@code bound} is not negative and the value is already there: returns 1, else the value, negated
 * minus one, so that the caller can say what it was).
 *
 * @param acquire true to take a permit, false to return one
 * @param bound the bound of a bounded semaphore; -1 for none
 */
record SemOp(boolean acquire, long bound) implements EntryProcessor<String, Long, Long> {
  @Serial private static final long serialVersionUID = 1L;

  @Override
  public Long process(Map.Entry<String, Long> entry) {
    Long old = entry.getValue();
    long value = old == null ? 0 : old;
    if (acquire) {
      if (value <= 0) {
        return 0L;
      }
      entry.setValue(value - 1);
      return 1L;
    }
    if (bound >= 0 && value >= bound) {
      return -value - 1;
    }
    entry.setValue(value + 1);
    return 1L;
  }
}
