package dev.multiproc.spi;

import dev.multiproc.internal.shm.ResourceTracker;

/**
 * What a backend needs to know of the resource tracker, the small JVM that removes what a family
 * of processes leaves behind: which process is one, since it outlives its family by design.
 */
public final class ResourceTrackers {
  private ResourceTrackers() {}

  /**
   * Whether {@code handle} is a resource tracker.
   *
   * @param handle a process
   * @return true for a tracker JVM
   */
  public static boolean isTracker(ProcessHandle handle) {
    return ResourceTracker.isTracker(handle);
  }
}
