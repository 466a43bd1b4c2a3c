package dev.multiproc.internal.pool;

import dev.multiproc.internal.classes.ClassSources;
import dev.multiproc.internal.jfr.JfrEvents;
import dev.multiproc.internal.spawn.Worker;
import dev.multiproc.internal.transport.Frame;
import dev.multiproc.pool.BrokenPoolException;
import dev.multiproc.pool.ResultTransferException;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.pool.WorkerDiedException;
import dev.multiproc.process.ExitStatus;
import dev.multiproc.spi.Codec;
import dev.multiproc.spi.DecodingException;
import dev.multiproc.spi.Failures;
import dev.multiproc.spi.TaskFailure;
import java.util.List;

/**
 * Completes a pool's task futures from what its workers answered, or with the reason they got no
 * answer: a result decoded with the pool's class filter (in the class loader of the caller that
 * sent the task), the task's own exception, a worker that died or was killed for its deadline, or
 * a broken pool. Called outside the engine's lock; every outcome is recorded as a JFR event.
 */
final class TaskAnswers {
  private final Codec codec;

  TaskAnswers(Codec codec) {
    this.codec = codec;
  }

  /**
   * Completes {@code item} with the answer in {@code frame}, a {@code RESULT} or a {@code
   * FAILURE}, from {@code slot}'s worker.
   */
  void complete(WorkItem item, Frame frame, Slot slot) {
    String before = ClassSources.decodingFor(item.origin); // its caller's classes, if named
    try {
      completeDecoding(item, frame, slot);
    } finally {
      ClassSources.decodingFor(before);
    }
  }

  private void completeDecoding(WorkItem item, Frame frame, Slot slot) {
    long pid = slot.worker.pid();
    if (frame.kind() == Frame.Kind.RESULT && item.encoded) {
      JfrEvents.taskEnded(item.jfr, item.id, pid, slot.name, frame.payload().length);
      item.outcome.complete(frame.payload()); // passed on as the worker encoded it
    } else if (frame.kind() == Frame.Kind.RESULT) {
      Object value;
      try {
        value = codec.decode(frame.payload());
      } catch (DecodingException e) {
        var error =
            new ResultTransferException("cannot decode the result of a task: " + e.getMessage(), e);
        JfrEvents.taskFailed(item.id, pid, "undecodable result", error);
        item.outcome.completeExceptionally(error);
        return;
      }
      JfrEvents.taskEnded(item.jfr, item.id, pid, slot.name, frame.payload().length);
      item.outcome.complete(value);
    } else {
      Throwable error = failure(frame);
      JfrEvents.taskFailed(item.id, pid, "exception", error);
      item.outcome.completeExceptionally(error);
    }
  }

  /**
   * Returns the exception a {@code FAILURE} or {@code INIT_FAILED} frame carries.
   *
   * @param frame the frame
   * @return the exception, with the worker's traceback
   */
  Throwable failure(Frame frame) {
    return Failures.toException((TaskFailure) codec.decode(frame.payload()), codec);
  }

  /**
   * Fails the task a worker was running when it ended: {@link TaskTimeoutException} when the
   * engine killed it for the task's deadline, else {@link WorkerDiedException} with how it ended.
   */
  static void failHead(
      WorkItem head, boolean timedOut, Worker worker, Slot slot, ExitStatus status) {
    RuntimeException error =
        timedOut
            ? new TaskTimeoutException(worker.pid(), head.timeout)
            : new WorkerDiedException(worker.pid(), slot.name, status);
    JfrEvents.taskFailed(head.id, worker.pid(), timedOut ? "timeout" : "worker died", error);
    head.outcome.completeExceptionally(error);
  }

  /** Fails every task of a pool that broke with {@code e}. */
  static void failAll(List<WorkItem> failed, BrokenPoolException e) {
    for (WorkItem item : failed) {
      JfrEvents.taskFailed(item.id, 0, "pool broken", e);
      item.outcome.completeExceptionally(e);
    }
  }
}
