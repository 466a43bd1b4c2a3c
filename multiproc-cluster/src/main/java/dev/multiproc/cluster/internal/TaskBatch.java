package dev.multiproc.cluster.internal;

import dev.multiproc.spi.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Tasks a dispatcher sends to one member in one Hazelcast operation ({@link RemoteTask}): the
 * first tasks waiting, up to a count and a size in bytes, at least one. Each task keeps its own
 * future, reply and fate; the batch only shares the trip. Guarded by the dispatcher's lock.
 */
final class TaskBatch {
  /** The most bytes of tasks a batch holds, unless its first task alone is larger. */
  static final int MAX_BYTES = 256 * 1024;

  /** One task: its bytes, its future, and the batch it is in while sent. */
  static final class Job extends Outcome<Object> {
    final byte[] task;
    @Nullable TaskBatch batch;

    Job(byte[] task) {
      this.task = task;
    }
  }

  final List<Job> jobs;
  final ServingMember target;
  @Nullable Future<byte[]> remote;

  /** When it was sent (System.nanoTime). */
  long sentNanos;

  /** Its number among its dispatcher's batches, which members check for replays. */
  long sequence;

  private TaskBatch(List<Job> jobs, ServingMember target) {
    this.jobs = jobs;
    this.target = target;
  }

  /**
   * Takes the first tasks waiting, in order, into a batch for a member, skipping those cancelled
   * while they waited.
   *
   * @param pending the waiting tasks; the ones taken are removed
   * @param most the most tasks to take, at least 1
   * @param target where the batch goes
   * @return the batch, or null if no task waits
   */
  static @Nullable TaskBatch take(ArrayDeque<Job> pending, int most, ServingMember target) {
    List<Job> jobs = new ArrayList<>(Math.min(most, pending.size()));
    long bytes = 0;
    while (jobs.size() < most && !pending.isEmpty()) {
      Job next = pending.peekFirst();
      if (next.isDone()) { // cancelled while it waited
        pending.pollFirst();
        continue;
      }
      if (!jobs.isEmpty() && bytes + next.task.length > MAX_BYTES) {
        break;
      }
      bytes += next.task.length;
      jobs.add(pending.pollFirst());
    }
    return jobs.isEmpty() ? null : new TaskBatch(jobs, target);
  }

  /** The tasks' bytes, in order. */
  List<byte[]> tasks() {
    return jobs.stream().map(j -> j.task).toList();
  }

  /** Whether every task of it is done here (answered, or cancelled by its caller). */
  boolean allDone() {
    return jobs.stream().allMatch(Job::isDone);
  }
}
