package dev.multiproc.spi;

import dev.multiproc.pool.RemoteException;
import dev.multiproc.pool.RemoteTraceback;
import dev.multiproc.pool.ResultTransferException;
import dev.multiproc.pool.TaskTransferException;

/** Turns what a worker reported into the exception the caller sees. */
public final class Failures {
  private Failures() {}

  /**
   * Returns the exception a task's future fails with, given the worker's report.
   *
   * @param f the worker's report
   * @param codec decodes the exception it carries
   * @return the exception
   */
  public static Throwable toException(TaskFailure f, Codec codec) {
    String where = "pid=" + f.pid() + " (" + f.worker() + ")";
    return switch (f.kind()) {
      case TASK_NOT_DECODED ->
          new TaskTransferException(
              "worker " + where + " could not decode the task: " + f.message(), null);
      case RESULT_NOT_ENCODED ->
          new ResultTransferException(
              "worker " + where + " could not send the result back: " + f.message(), null);
      case THREW, INITIALIZER_THREW -> taskException(f, codec);
    };
  }

  private static Throwable taskException(TaskFailure f, Codec codec) {
    var trace = new RemoteTraceback(f.pid(), f.worker(), f.traceback());
    if (f.error() != null) {
      try {
        Throwable t = (Throwable) codec.decode(f.error());
        attach(t, trace);
        return t;
      } catch (DecodingException | ClassCastException e) {
        trace.addSuppressed(e);
      }
    }
    return new RemoteException(f.errorClass(), f.message(), trace);
  }

  private static void attach(Throwable t, RemoteTraceback trace) {
    if (t.getCause() == null) {
      try {
        t.initCause(trace);
        return;
      } catch (IllegalStateException e) {
        // its cause was set to null explicitly
      }
    }
    t.addSuppressed(trace);
  }
}
