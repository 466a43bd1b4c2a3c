package dev.multiproc.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A worker JVM was started and connected back; the duration is its start-up. */
@Name("dev.multiproc.WorkerStarted")
@Label("Worker Started")
@Category({"multiproc", "Worker"})
@Description("A worker JVM was started and connected back; the duration is its start-up")
@StackTrace(false)
public final class WorkerStarted extends Event {
  /** The worker's process id. */
  @Label("PID")
  public long pid;

  /** Whether it was started ahead of need, as a spare. */
  @Label("Spare")
  public boolean spare;

  /** Creates the event; fields are set before it is committed. */
  public WorkerStarted() {}
}
