package dev.multiproc.internal.pool;

import dev.multiproc.internal.jfr.TaskEnded;
import dev.multiproc.spi.Outcome;
import java.time.Duration;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * One encoded task on its way to a worker, and the future it completes.
 *
 * <p>Confinement: {@code startNanos} and {@code deadline} are written under the engine's lock.
 */
final class WorkItem {
  final long id;
  final byte[] task;
  final Outcome<Object> outcome;
  final Duration timeout;

  /** The caller whose code the task is, when the engine runs tasks of several; else null. */
  final @Nullable String origin;

  /** Whether the outcome gets the result's bytes, not decoded, for a caller that passes them on. */
  final boolean encoded;

  /** The size of the {@code ORIGIN} frame sent just before the task's, or 0. */
  long originFrameBytes;

  long startNanos;
  @Nullable Future<?> deadline;

  /** The task's {@code TaskEnded} event, begun when it started running, if JFR records it. */
  @Nullable TaskEnded jfr;

  /**
   * Set by the worker's outbox when writing the task's frame failed: the worker never had the
   * whole task, so it did not run it.
   */
  volatile boolean undelivered;

  WorkItem(
      long id,
      byte[] task,
      Outcome<Object> outcome,
      Duration timeout,
      @Nullable String origin,
      boolean encoded) {
    this.id = id;
    this.origin = origin;
    this.encoded = encoded;
    this.task = task;
    this.outcome = outcome;
    this.timeout = timeout;
  }

  /** Returns the size of the task's CALL frame on the wire, with its ORIGIN frame's. */
  long frameBytes() {
    return WorkerOutbox.FRAME_HEADER + (long) task.length + originFrameBytes;
  }
}
