package dev.multiproc.internal.jfr;

import dev.multiproc.process.ExitStatus;
import jdk.jfr.FlightRecorder;
import org.jspecify.annotations.Nullable;

/**
 * Where the pool and the launcher commit their events: {@link TaskSubmitted}, {@link
 * TaskStarted}, {@link TaskEnded}, {@link TaskFailed}, {@link WorkerStarted}, {@link
 * WorkerExited}. Each method first asks whether Flight Recorder was started at all in this JVM
 * (a recording from the command line, {@code jcmd JFR.start}, a {@code RecordingStream}): until
 * then it touches no event class, since the first use of one sets up the JDK's event machinery,
 * which cost a program's first pool ~140 ms of CPU (measured on JDK 25). Then it checks {@code
 * shouldCommit()} before it fills an event in, so with no recording of these events a call costs
 * a test of a flag (and an allocation escape analysis removes).
 */
public final class JfrEvents {
  private JfrEvents() {}

  /**
   * A task was queued.
   *
   * @param taskId its id
   * @param size its encoded size in bytes
   */
  public static void taskSubmitted(long taskId, long size) {
    if (!FlightRecorder.isInitialized()) {
      return;
    }
    var e = new TaskSubmitted();
    if (e.shouldCommit()) {
      e.taskId = taskId;
      e.size = size;
      e.commit();
    }
  }

  /**
   * A task was sent to a worker.
   *
   * @param taskId its id
   * @param pid the worker's pid
   * @param worker the worker's name
   */
  public static void taskStarted(long taskId, long pid, String worker) {
    if (!FlightRecorder.isInitialized()) {
      return;
    }
    var e = new TaskStarted();
    if (e.shouldCommit()) {
      e.taskId = taskId;
      e.pid = pid;
      e.worker = worker;
      e.commit();
    }
  }

  /**
   * A worker began a task: starts the clock of its {@link TaskEnded}.
   *
   * @return the begun event, or null when no recording wants it
   */
  public static @Nullable TaskEnded beginTask() {
    if (!FlightRecorder.isInitialized()) {
      return null;
    }
    var e = new TaskEnded();
    if (!e.isEnabled()) {
      return null;
    }
    e.begin();
    return e;
  }

  /**
   * A task's result came back.
   *
   * @param e what {@link #beginTask()} returned
   * @param taskId its id
   * @param pid the worker's pid
   * @param worker the worker's name
   * @param resultSize the encoded result's size in bytes
   */
  public static void taskEnded(
      @Nullable TaskEnded e, long taskId, long pid, String worker, long resultSize) {
    if (!FlightRecorder.isInitialized()) {
      return;
    }
    if (e == null) {
      return;
    }
    e.end();
    if (e.shouldCommit()) {
      e.taskId = taskId;
      e.pid = pid;
      e.worker = worker;
      e.resultSize = resultSize;
      e.commit();
    }
  }

  /**
   * A task failed.
   *
   * @param taskId its id
   * @param pid the worker's pid, or 0
   * @param reason why, in a few words
   * @param error what the caller gets
   */
  public static void taskFailed(long taskId, long pid, String reason, Throwable error) {
    if (!FlightRecorder.isInitialized()) {
      return;
    }
    var e = new TaskFailed();
    if (e.shouldCommit()) {
      e.taskId = taskId;
      e.pid = pid;
      e.reason = reason;
      e.exceptionClass = error.getClass().getName();
      e.message = String.valueOf(error.getMessage());
      e.commit();
    }
  }

  /**
   * A worker JVM is being started: starts the clock of its {@link WorkerStarted}.
   *
   * @return the begun event, or null when no recording wants it
   */
  public static @Nullable WorkerStarted beginWorker() {
    if (!FlightRecorder.isInitialized()) {
      return null;
    }
    var e = new WorkerStarted();
    if (!e.isEnabled()) {
      return null;
    }
    e.begin();
    return e;
  }

  /**
   * A worker JVM connected back.
   *
   * @param e what {@link #beginWorker()} returned
   * @param pid its pid
   * @param spare whether it is a spare
   */
  public static void workerStarted(@Nullable WorkerStarted e, long pid, boolean spare) {
    if (!FlightRecorder.isInitialized()) {
      return;
    }
    if (e == null) {
      return;
    }
    e.end();
    if (e.shouldCommit()) {
      e.pid = pid;
      e.spare = spare;
      e.commit();
    }
  }

  /**
   * A worker JVM ended.
   *
   * @param pid its pid
   * @param exitValue what {@link Process#exitValue()} gave
   * @param lifetimeNanos how long it lived
   */
  public static void workerExited(long pid, int exitValue, long lifetimeNanos) {
    if (!FlightRecorder.isInitialized()) {
      return;
    }
    var e = new WorkerExited();
    if (e.shouldCommit()) {
      ExitStatus status = ExitStatus.fromExitValue(exitValue);
      e.pid = pid;
      e.exitCode = status.exitCode().orElse(exitValue);
      e.status = status.toString();
      e.lifetime = lifetimeNanos;
      e.commit();
    }
  }
}
