package dev.multiproc.cluster.internal;

import com.hazelcast.cluster.Member;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A member that serves work, as one dispatcher sees it: its workers, and the dispatcher's tasks
 * and batches there. Guarded by the dispatcher's lock.
 */
final class ServingMember {
  final Member member;
  final String address;
  final int workers;

  /** The dispatcher's tasks sent to it and not answered yet. */
  final Set<TaskBatch.Job> inFlight = new HashSet<>();

  /** The batches those tasks went in. */
  final Set<TaskBatch> batches = new HashSet<>();

  /** Until when (System.nanoTime) it is sent nothing, after it failed to answer; 0 for never. */
  long suspectUntil;

  ServingMember(Member member, int workers) {
    this.member = member;
    this.address = member.getAddress().getHost() + ":" + member.getAddress().getPort();
    this.workers = workers;
  }

  /** Returns the member's count of workers, from its attribute; 0 when it serves no work. */
  static int workersOf(Member m) {
    long n = parse(m.getAttribute(HazelcastSetup.WORKERS_ATTRIBUTE), 0);
    return n > 0 && n <= Integer.MAX_VALUE ? (int) n : 0;
  }

  /** Returns the member JVM's pid, from its attribute; -1 when unknown. */
  static long pidOf(Member m) {
    return parse(m.getAttribute(HazelcastSetup.PID_ATTRIBUTE), -1);
  }

  private static long parse(@Nullable String s, long otherwise) {
    try {
      return s == null ? otherwise : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  /** The dispatcher's tasks it may hold at once: {@code perWorker} per worker. */
  int slots(int perWorker) {
    return workers * perWorker;
  }

  /**
   * Room for this dispatcher's tasks: its slots, less its own tasks there, less the others'
   * tasks the member reports (at most all but one slot, so that callers share a busy member
   * rather than one starving while another keeps it full).
   */
  int free(int perWorker, int others) {
    int slots = slots(perWorker);
    return slots - inFlight.size() - Math.min(others, slots - 1);
  }

  /** Whether it is sent nothing for now, having failed to answer. */
  boolean suspect() {
    return suspectUntil != 0 && suspectUntil - System.nanoTime() > 0;
  }
}
