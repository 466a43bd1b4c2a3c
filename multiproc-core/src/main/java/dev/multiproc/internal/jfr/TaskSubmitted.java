package dev.multiproc.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A task (one call, or one chunk of a map) was queued on a pool. */
@Name("dev.multiproc.TaskSubmitted")
@Label("Task Submitted")
@Category({"multiproc", "Pool"})
@Description("A task (one call, or one chunk of a map) was queued on a pool")
@StackTrace(false)
public final class TaskSubmitted extends Event {
  /** The task's id within its pool. */
  @Label("Task Id")
  public long taskId;

  /** The encoded task's size. */
  @Label("Size")
  @DataAmount
  public long size;

  /** Creates the event; fields are set before it is committed. */
  public TaskSubmitted() {}
}
