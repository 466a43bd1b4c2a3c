package dev.multiproc.cluster.internal;

import com.hazelcast.map.EntryProcessor;
import java.io.Serial;
import java.util.Map;

/**
 * An atomic change of a joinable queue's count of unfinished tasks, run by the member that owns
 * its entry: adds {@code delta} and returns the count after, unless that would make it negative:
 * then it changes nothing and returns -1. A missing entry counts as 0.
 *
 * @param delta +1 for a put, -1 for a task done (or a put that did not happen)
 */
record TaskCountOp(long delta) implements EntryProcessor<String, TaskCountOp.State, Long> {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * The count of unfinished tasks.
   *
   * @param version raised by every change
   * @param count items put and not yet marked done
   */
  record State(long version, long count) implements Versioned {
    @Serial private static final long serialVersionUID = 1L;
  }

  @Override
  public Long process(Map.Entry<String, State> entry) {
    State s = entry.getValue() == null ? new State(0, 0) : entry.getValue();
    long count = s.count() + delta;
    if (count < 0) {
      return -1L;
    }
    entry.setValue(new State(s.version() + 1, count));
    return count;
  }
}
