package dev.multiproc.cluster.internal;

import com.hazelcast.map.EntryProcessor;
import java.io.Serial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An atomic step of a condition's wait queue, run by the member that owns its entry: {@link
 * #enqueue} a waiter (returns 1), {@link #signal} waiters (returns how many were signalled), or
 * let a waiter {@link #leave} (returns 1 if it had been signalled, else 0). A missing entry is an
 * empty queue.
 *
 * @param op {@link #ENQUEUE}, {@link #SIGNAL} or {@link #LEAVE}
 * @param ids the waiter to enqueue or remove; or the waiters to signal, oldest first
 * @param dead for {@link #SIGNAL}: waiters whose JVM is gone, removed without being counted
 */
record CondOp(int op, List<String> ids, List<String> dead)
    implements EntryProcessor<String, CondOp.State, Long> {
  @Serial private static final long serialVersionUID = 1L;
  static final int ENQUEUE = 0;
  static final int SIGNAL = 1;
  static final int LEAVE = 2;

  /**
   * A condition's wait queue.
   *
   * @param version raised by every step
   * @param waiting the waiters' ids, oldest first
   * @param signalled the ids of waiters signalled and not yet gone
   */
  record State(long version, List<String> waiting, List<String> signalled) implements Versioned {
    @Serial private static final long serialVersionUID = 1L;

    static State empty() {
      return new State(0, List.of(), List.of());
    }
  }

  static CondOp enqueue(String id) {
    return new CondOp(ENQUEUE, List.of(id), List.of());
  }

  static CondOp signal(List<String> alive, List<String> dead) {
    return new CondOp(SIGNAL, List.copyOf(alive), List.copyOf(dead));
  }

  static CondOp leave(String id) {
    return new CondOp(LEAVE, List.of(id), List.of());
  }

  @Override
  public Long process(Map.Entry<String, State> entry) {
    State s = entry.getValue() == null ? State.empty() : entry.getValue();
    List<String> waiting = new ArrayList<>(s.waiting());
    List<String> signalled = new ArrayList<>(s.signalled());
    long result;
    switch (op) {
      case ENQUEUE -> {
        waiting.addAll(ids);
        result = 1;
      }
      case SIGNAL -> {
        waiting.removeAll(dead);
        long n = 0;
        for (String id : ids) {
          if (waiting.remove(id)) {
            signalled.add(id);
            n++;
          }
        }
        result = n;
      }
      case LEAVE -> {
        String id = ids.getFirst();
        result = signalled.remove(id) ? 1 : 0;
        waiting.remove(id);
      }
      default -> throw new IllegalArgumentException("unknown condition step " + op);
    }
    entry.setValue(new State(s.version() + 1, List.copyOf(waiting), List.copyOf(signalled)));
    return result;
  }
}
