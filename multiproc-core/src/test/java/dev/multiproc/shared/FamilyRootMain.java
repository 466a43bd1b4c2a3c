package dev.multiproc.shared;

import java.util.List;

/**
 * The root of a process family of its own, for the resource tracker tests: creates a tracked
 * and an untracked block and a tracked list, prints their names, then waits to be ended the way
 * its first argument says.
 */
public final class FamilyRootMain {
  private FamilyRootMain() {}

  /**
   * Runs the root.
   *
   * @param args {@code exit}, {@code throw} or {@code wait}
   * @throws Exception to end by an uncaught exception
   */
  public static void main(String[] args) throws Exception {
    SharedMemory tracked = SharedMemory.create(4096);
    SharedMemory untracked =
        SharedMemory.create("mp-untracked-" + ProcessHandle.current().pid(), 4096, false);
    ShareableList list = ShareableList.create(List.of(1, "two", 3.0));
    System.out.println("tracked=" + tracked.name());
    System.out.println("untracked=" + untracked.name());
    System.out.println("list=" + list.shm().name());
    System.out.flush();
    switch (args[0]) {
      case "exit" -> System.exit(0);
      case "throw" -> throw new IllegalStateException("the root fails on purpose");
      default -> Thread.sleep(60_000);
    }
  }
}
