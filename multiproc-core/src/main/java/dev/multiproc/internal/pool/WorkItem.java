package dev.multiproc.internal.pool;

import java.time.Duration;

/**
 * One encoded task on its way to a worker, and the future it completes.
 *
 * <p>Confinement: {@code startNanos} is written under the engine's lock.
 */
final class WorkItem {
  final long id;
  final byte[] task;
  final Outcome<Object> outcome;
  final Duration timeout;
  long startNanos;

  WorkItem(long id, byte[] task, Outcome<Object> outcome, Duration timeout) {
    this.id = id;
    this.task = task;
    this.outcome = outcome;
    this.timeout = timeout;
  }
}
