package dev.multiproc.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A task failed: it threw, its worker died or was killed at its deadline, its result could not be
 * decoded, or the pool broke.
 */
@Name("dev.multiproc.TaskFailed")
@Label("Task Failed")
@Category({"multiproc", "Pool"})
@Description(
    "A task failed: it threw, its worker died or was killed at its"
        + " deadline, its result could not be decoded, or the pool broke")
@StackTrace(false)
public final class TaskFailed extends Event {
  /** The task's id within its pool. */
  @Label("Task Id")
  public long taskId;

  /** The worker's process id; 0 when it never reached one. */
  @Label("Worker PID")
  public long pid;

  /** Why: exception, worker died, timeout, undecodable result, pool broken. */
  @Label("Reason")
  public String reason = "";

  /** The class of the exception the task's caller gets. */
  @Label("Exception Class")
  public String exceptionClass = "";

  /** Its message. */
  @Label("Message")
  public String message = "";

  /** Creates the event; fields are set before it is committed. */
  public TaskFailed() {}
}
