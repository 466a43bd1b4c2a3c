package dev.multiproc.spi;

import dev.multiproc.process.ProcessInfo;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Who this JVM is: the main process, or a worker with a name and a parent. */
public final class CurrentProcessState {
  private static volatile String name = "MainProcess";
  private static volatile boolean daemon;
  private static volatile @Nullable ProcessInfo parent;

  private CurrentProcessState() {}

  /**
   * Returns this process's name and pid.
   *
   * @return the info
   */
  public static ProcessInfo current() {
    return new ProcessInfo(name, ProcessHandle.current().pid(), daemon);
  }

  /**
   * Returns the parent, for a worker.
   *
   * @return the parent, or empty in the main process
   */
  public static Optional<ProcessInfo> parent() {
    return Optional.ofNullable(parent);
  }

  /**
   * Returns whether this JVM is a worker started by this library.
   *
   * @return whether it is a worker
   */
  public static boolean isWorker() {
    return parent != null;
  }

  /**
   * Makes this JVM a worker: its name and its parent, as {@code currentProcess()} reports them.
   *
   * @param workerName the worker's name
   * @param parentInfo the process that started it
   */
  public static void becomeWorker(String workerName, ProcessInfo parentInfo) {
    name = workerName;
    parent = parentInfo;
  }

  /**
   * Sets this JVM's daemon flag: a child's own, or true for a pool worker, as in Python.
   *
   * @param isDaemon whether this process is a daemon
   */
  public static void daemon(boolean isDaemon) {
    daemon = isDaemon;
  }

  /** What a named process runs; it may throw whatever its target throws. */
  @FunctionalInterface
  public interface Body {
    /**
     * Runs it.
     *
     * @throws Exception whatever it throws
     */
    void run() throws Exception;
  }

  /**
   * Runs {@code body} with this JVM named {@code processName}, then gives the worker its own name
   * back: a process object run as one task of a pool worker (on a cluster member) sees its own
   * name in {@code currentProcess()}, as in a JVM of its own.
   *
   * @param processName the process's name
   * @param body what the process runs
   * @throws Exception whatever {@code body} throws
   */
  public static void runNamed(String processName, Body body) throws Exception {
    String own = name;
    name = processName;
    try {
      body.run();
    } finally {
      name = own;
    }
  }
}
