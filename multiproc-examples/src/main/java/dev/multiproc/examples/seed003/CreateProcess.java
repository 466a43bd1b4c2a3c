package dev.multiproc.examples.seed003;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.process.ChildProcess;

/**
 * Seed 003, "Creating a Process": a child process prints its pid and its parent's; the main
 * process shows {@code isAlive}, {@code pid} and {@code exitCode} before start, after start and
 * after join.
 *
 * <p>Differences: Python's {@code p.pid} and {@code p.exitcode} are {@code None} before start;
 * here they are empty {@code OptionalLong}/{@code OptionalInt}, printed as {@code None} to match.
 */
public final class CreateProcess {
  private CreateProcess() {}

  /**
   * A simple worker function that runs in a child process. Python: {@code worker(name)}.
   *
   * @param name its label
   */
  public static void worker(String name) {
    long pid = Time.getpid();
    long parentPid = Time.getppid();
    System.out.println(
        "Worker '" + name + "' running in PID " + pid + " (parent PID: " + parentPid + ")");
  }

  static String orNone(java.util.OptionalLong v) {
    return v.isPresent() ? Long.toString(v.getAsLong()) : "None";
  }

  static String orNone(java.util.OptionalInt v) {
    return v.isPresent() ? Integer.toString(v.getAsInt()) : "None";
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void main(String[] args) throws InterruptedException {
    // Create and start a process
    ChildProcess p = Multiprocessing.local().process(CreateProcess::worker, "alpha");
    System.out.println("Before start: is_alive=" + p.isAlive() + ", pid=" + orNone(p.pid()));

    p.start();
    System.out.println("After start:  is_alive=" + p.isAlive() + ", pid=" + orNone(p.pid()));

    p.join(); // Wait for the process to finish
    System.out.println(
        "After join:   is_alive=" + p.isAlive() + ", exitcode=" + orNone(p.exitCode()));
  }
}
