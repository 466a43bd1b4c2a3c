package dev.multiproc.cluster.internal;

import com.hazelcast.cluster.Member;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A member that serves work, as one dispatcher sees it: its workers, and the dispatcher's tasks
 * and batches there. Guarded by the dispatcher's lock.
 */
final class ServingMember {
  /** Tasks of the dispatcher a member holds per worker, at least, without a task timeout. */
  static final int MIN_PER_WORKER = 2;

  /** Tasks of the dispatcher a member holds per worker, at most. */
  static final int MAX_PER_WORKER = 32;

  /** How much work (by the tasks' measured time) a member holds per worker, aimed at. */
  static final long HELD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  final Member member;
  final String address;
  final int workers;

  /** The dispatcher's tasks sent to it and not answered yet. */
  final Set<TaskBatch.Job> inFlight = new HashSet<>();

  /** The batches those tasks went in. */
  final Set<TaskBatch> batches = new HashSet<>();

  /** The time a task of the dispatcher takes there per worker, as measured (0 unknown). */
  private double taskNanos;

  /** A batch's way there and back, beyond the member's own time for it, as measured. */
  private double hopNanos;

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

  /**
   * The dispatcher's tasks it may hold at once. With a task timeout, one per worker: the timeout
   * counts from the task's arrival on the member, and must not count the time it waits there
   * behind another. Without, enough for {@link #HELD_NANOS} of work per worker, by the time its
   * tasks took so far, between {@link #MIN_PER_WORKER} and {@link #MAX_PER_WORKER} per worker:
   * tiny tasks queue deep enough there to keep its workers busy across the network round trip
   * of the next batch, while long ones stay two per worker, so that they are not held on one
   * member while another could start them.
   */
  int slots(boolean timed) {
    if (timed) {
      return workers;
    }
    double nanos = Math.max(taskNanos, slowestBatch());
    long perWorker = nanos <= 0 ? MIN_PER_WORKER : (long) (HELD_NANOS / nanos);
    return workers * Math.clamp(perWorker, MIN_PER_WORKER, MAX_PER_WORKER);
  }

  /**
   * The time per task and worker that a batch still out implies already, if more than measured:
   * tasks that turned long make the member hold fewer at once before their batch is back. The
   * hop is not counted: it does not grow with the tasks.
   */
  private double slowestBatch() {
    double slowest = 0;
    long now = System.nanoTime();
    for (TaskBatch b : batches) {
      double there = Math.max(0, now - b.sentNanos - hopNanos);
      slowest = Math.max(slowest, there * workers / b.jobs.size());
    }
    return slowest;
  }

  /**
   * Learns from a batch how long a task takes there per worker: the member's own time for the
   * batch (from its arrival to its last reply; the round trip where the member said none) over
   * its tasks, times the workers that share them (an overestimate, by the time its tasks waited
   * behind the other batch there, which only keeps the queue shallower). Not the round trip: its
   * hop and the client's and member's queues cost a batch the same however many tasks it holds,
   * and counted per task they made a slow start of a cluster (a cold JIT, a busy machine) look
   * like long tasks, so that batches of one task each kept the hop's cost per task high: a fresh
   * 2-member cluster ran tiny tasks at 0.5-2 k/s for over 10 s.
   *
   * @param tasks the batch's tasks
   * @param roundTripNanos from its sending to its reply
   * @param memberNanos the member's own time for it, or 0 if not known
   */
  void answered(int tasks, long roundTripNanos, long memberNanos) {
    long there = memberNanos > 0 && memberNanos <= roundTripNanos ? memberNanos : roundTripNanos;
    if (there < roundTripNanos) {
      double hop = roundTripNanos - there;
      hopNanos = hopNanos <= 0 ? hop : hopNanos + (hop - hopNanos) / 4;
    }
    double sample = (double) there * workers / tasks;
    taskNanos = taskNanos <= 0 ? sample : taskNanos + (sample - taskNanos) / 4;
  }

  /**
   * The most tasks of one batch to it: one while it holds two per worker at most (tasks that take
   * long, or a task timeout), so that each task comes back as soon as it ends, as its own
   * operation; else half its slots (at most {@link RemoteTask#MAX_TASKS}), so that the other batch in flight keeps its workers busy
   * while one comes back.
   */
  int batchTasks(boolean timed) {
    int slots = slots(timed);
    return slots <= workers * MIN_PER_WORKER ? 1 : Math.min(slots / 2, RemoteTask.MAX_TASKS);
  }

  /** Whether it can take another batch now: its slots over its batches' size, in flight. */
  boolean takesAnotherBatch(boolean timed) {
    return batches.size() < slots(timed) / batchTasks(timed) && !suspect();
  }

  /**
   * Room for this dispatcher's tasks: its slots, less its own tasks there, less the others'
   * tasks the member reports (at most all but one slot, so that callers share a busy member
   * rather than one starving while another keeps it full).
   */
  int free(boolean timed, int others) {
    int slots = slots(timed);
    return slots - inFlight.size() - Math.min(others, slots - 1);
  }

  /** Whether it is sent nothing for now, having failed to answer. */
  boolean suspect() {
    return suspectUntil != 0 && suspectUntil - System.nanoTime() > 0;
  }
}
