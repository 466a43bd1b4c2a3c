package dev.multiproc.examples.seed003;

import static dev.multiproc.examples.seed003.CreateProcess.orNone;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.process.ChildProcess;
import java.time.Duration;

/**
 * Seed 003, "Process Lifecycle and Exit Codes": a quick process ends with exit code 0; a slow one
 * outlives {@code join(0.5 s)} and is then terminated: exit code -15.
 *
 * <p>Differences: the slow task sleeps 2 s as in the notebook, but is terminated after 0.5 s, so
 * the example takes well under a second. A terminated multiproc child runs its JVM shutdown hooks
 * (this one has none); the exit code is -15, as in Python.
 */
public final class Lifecycle {
  private Lifecycle() {}

  /** A task that finishes quickly. Python: {@code quick_task()}. */
  public static void quickTask() {
    Time.sleep(0.1);
  }

  /** A task that takes longer. Python: {@code slow_task()}. */
  public static void slowTask() {
    Time.sleep(2.0);
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void main(String[] args) throws InterruptedException {
    Context mp = Multiprocessing.local();
    // Demonstrate process lifecycle
    ChildProcess p = mp.process(Lifecycle::quickTask).name("QuickWorker");
    System.out.printf(
        "Created:  name=%s, alive=%s, exitcode=%s%n", p.name(), p.isAlive(), orNone(p.exitCode()));

    p.start();
    System.out.printf(
        "Started:  name=%s, alive=%s, exitcode=%s%n", p.name(), p.isAlive(), orNone(p.exitCode()));

    p.join();
    System.out.printf(
        "Finished: name=%s, alive=%s, exitcode=%s%n", p.name(), p.isAlive(), orNone(p.exitCode()));

    // Demonstrate join with timeout
    ChildProcess p2 = mp.process(Lifecycle::slowTask).name("SlowWorker");
    p2.start();
    p2.join(Duration.ofMillis(500)); // Wait at most 0.5 seconds
    System.out.printf(
        "%nAfter timeout: alive=%s, exitcode=%s%n", p2.isAlive(), orNone(p2.exitCode()));

    p2.terminate(); // Forcibly stop the process
    p2.join(); // Clean up
    System.out.printf(
        "After terminate: alive=%s, exitcode=%s%n", p2.isAlive(), orNone(p2.exitCode()));
  }
}
