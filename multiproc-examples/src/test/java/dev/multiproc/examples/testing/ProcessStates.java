package dev.multiproc.examples.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process really runs. {@link ProcessHandle#isAlive()} is true for a zombie, and an
 * orphan's zombie stays one where PID 1 does not reap (as in some containers and sandboxes).
 */
public final class ProcessStates {
  private ProcessStates() {}

  /** Returns whether {@code pid} exists and is not a zombie. */
  public static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }
}
