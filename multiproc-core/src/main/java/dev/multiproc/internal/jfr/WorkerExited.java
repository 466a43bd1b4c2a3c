package dev.multiproc.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A worker JVM ended. */
@Name("dev.multiproc.WorkerExited")
@Label("Worker Exited")
@Category({"multiproc", "Worker"})
@Description("A worker JVM ended")
@StackTrace(false)
public final class WorkerExited extends Event {
  /** The worker's process id. */
  @Label("PID")
  public long pid;

  /** Python's exitcode: the exit code, or minus the signal that killed it. */
  @Label("Exit Code")
  public int exitCode;

  /** How it ended, such as Exited[code=0] or Killed[signal=9]. */
  @Label("Exit Status")
  public String status = "";

  /** How long it lived. */
  @Label("Lifetime")
  @Timespan
  public long lifetime;

  /** Creates the event; fields are set before it is committed. */
  public WorkerExited() {}
}
