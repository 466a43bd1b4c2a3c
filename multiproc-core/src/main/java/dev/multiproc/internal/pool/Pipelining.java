package dev.multiproc.internal.pool;

/**
 * Whether a worker may be sent a task now: an idle one always; a busy one only for a flood of
 * small, short tasks, where a task queued behind the running one hides the round trip between
 * them. A task sent to a worker can no longer move to another that falls idle, so it must not
 * wait behind a long one.
 *
 * <p>Confinement: used under the engine's lock.
 */
final class Pipelining {
  /** Tasks sent to one worker before it answers: hides the round trip between tasks. */
  static final int DEPTH = 4;

  /** Tasks larger than this go only to an idle worker. */
  static final int PIPELINE_LIMIT = 64 * 1024;

  /** A task is queued behind a running one only while that one has run less than this. */
  static final long PIPELINE_AGE_NANOS = 2_000_000;

  /**
   * Tasks are queued behind running ones only while the pool's tasks take less than this on
   * average: pipelining hides the round trip between tiny tasks, and would only make long ones
   * wait behind each other while another worker is free.
   */
  static final long PIPELINE_TASK_NANOS = 1_000_000;

  private final int maxTasksPerChild;

  /** Moving average of how long a task runs in a worker, in ns; negative until one answered. */
  private double averageTaskNanos = -1;

  /**
   * @param maxTasksPerChild the pool's limit of tasks per worker, or 0
   */
  Pipelining(int maxTasksPerChild) {
    this.maxTasksPerChild = maxTasksPerChild;
  }

  /** Notes that a task ran for {@code nanos} in a worker. */
  void ran(long nanos) {
    averageTaskNanos = averageTaskNanos < 0 ? nanos : 0.9 * averageTaskNanos + 0.1 * nanos;
  }

  /**
   * Whether {@code s} may be sent {@code item} now.
   *
   * @param workerComing whether a worker is on its way that could take the task sooner
   */
  boolean accepts(Slot s, WorkItem item, boolean workerComing) {
    if (s.gone || s.retiring || !s.ready || s.inFlight.size() >= DEPTH) {
      return false;
    }
    if (maxTasksPerChild > 0 && s.sent >= maxTasksPerChild) {
      return false;
    }
    if (s.inFlight.isEmpty()) {
      return true;
    }
    return !workerComing
        && averageTaskNanos >= 0
        && averageTaskNanos < PIPELINE_TASK_NANOS
        && item.task.length <= PIPELINE_LIMIT
        && System.nanoTime() - s.inFlight.peekFirst().startNanos < PIPELINE_AGE_NANOS;
  }
}
