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
}
