package dev.multiproc.internal.spawn;

import dev.multiproc.process.ProcessInfo;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Who this JVM is: the main process, or a worker with a name and a parent. */
public final class CurrentProcessState {
  private static volatile String name = "MainProcess";
  private static volatile @Nullable ProcessInfo parent;

  private CurrentProcessState() {}

  /**
   * Returns this process's name and pid.
   *
   * @return the info
   */
  public static ProcessInfo current() {
    return new ProcessInfo(name, ProcessHandle.current().pid());
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

  static void becomeWorker(String workerName, ProcessInfo parentInfo) {
    name = workerName;
    parent = parentInfo;
  }

  /**
   * Runs {@code body} with this JVM named {@code processName}, then gives the worker its own name
   * back: a process object run as one task of a pool worker (on a cluster member) sees its own
   * name in {@code currentProcess()}, as in a JVM of its own.
   *
   * @param processName the process's name
   * @param body what the process runs
   */
  public static void runNamed(String processName, Runnable body) {
    String own = name;
    name = processName;
    try {
      body.run();
    } finally {
      name = own;
    }
  }
}
