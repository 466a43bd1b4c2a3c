package dev.multiproc.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A task ran in a worker and its result came back; the duration is from when the worker began it to
 * its answer.
 */
@Name("dev.multiproc.TaskEnded")
@Label("Task Ended")
@Category({"multiproc", "Pool"})
@Description(
    "A task ran in a worker and its result came back; the duration"
        + " is from when the worker began it to its answer")
@StackTrace(false)
public final class TaskEnded extends Event {
  /** The task's id within its pool. */
  @Label("Task Id")
  public long taskId;

  /** The worker's process id. */
  @Label("Worker PID")
  public long pid;

  /** The worker's name, such as PoolWorker-3. */
  @Label("Worker")
  public String worker = "";

  /** The encoded result's size. */
  @Label("Result Size")
  @DataAmount
  public long resultSize;

  /** Creates the event; fields are set before it is committed. */
  public TaskEnded() {}
}
