package dev.multiproc.examples.seed003;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;

/**
 * Seed 003, "The multiprocessing Module": the current process's pid, the CPU count and the start
 * method.
 *
 * <p>Differences: multiproc has one start method, a fresh worker JVM given the task (closest to
 * Python's {@code spawn}); there is no {@code fork}, so the notebook's cells, which rely on {@code
 * fork} and have no {@code __main__} guard, need no guard here either.
 */
public final class Environment {
  private Environment() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.out.println("Java process PID: " + Time.getpid());
    System.out.println("CPU count: " + Multiprocessing.cpuCount());
    System.out.println("Start method: spawn (a new worker JVM per process)");
  }
}
