package dev.multiproc.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A task was sent to a worker process. */
@Name("dev.multiproc.TaskStarted")
@Label("Task Started")
@Category({"multiproc", "Pool"})
@Description("A task was sent to a worker process")
@StackTrace(false)
public final class TaskStarted extends Event {
  /** The task's id within its pool. */
  @Label("Task Id")
  public long taskId;

  /** The worker's process id. */
  @Label("Worker PID")
  public long pid;

  /** The worker's name, such as PoolWorker-3. */
  @Label("Worker")
  public String worker = "";

  /** Creates the event; fields are set before it is committed. */
  public TaskStarted() {}
}
