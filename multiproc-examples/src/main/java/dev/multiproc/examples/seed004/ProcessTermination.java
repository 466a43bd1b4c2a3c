package dev.multiproc.examples.seed004;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.process.ChildProcess;
import java.time.Duration;

/**
 * Seed 004, "Handling Process Termination": a long-running child is stopped with {@code
 * terminate()} (SIGTERM), and, if it is still alive after a grace period, with {@code kill()}
 * (SIGKILL).
 *
 * <p>Differences, decided and shown here:
 *
 * <ul>
 *   <li>The tutorial's child catches {@code KeyboardInterrupt} to print "Graceful shutdown", but
 *       {@code terminate()} sends SIGTERM, not SIGINT, so CPython never prints it. A terminated
 *       multiproc child is a JVM that runs its shutdown hooks on SIGTERM; the Java child registers
 *       its clean-up as a shutdown hook, so "Graceful shutdown" is printed, which is what the
 *       tutorial meant. The exit code is still -15, as in Python: the child was ended by SIGTERM.
 *   <li>The tutorial's "force kill if still alive" branch never runs there. A second child here
 *       has a shutdown hook that never finishes, so SIGTERM is not enough, and {@code kill()} ends
 *       it: exit code -9. (SIGKILL runs no hook.)
 *   <li>Sleeps are scaled down: 1 s becomes 0.1 s, 3 s becomes 0.3 s, the 2 s grace period 0.5 s
 *       for the stubborn child.
 * </ul>
 */
public final class ProcessTermination {
  private ProcessTermination() {}

  /** Python: {@code long_running_task()}; its clean-up is a shutdown hook. */
  public static void longRunningTask() {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("Graceful shutdown")));
    while (true) {
      System.out.println("Working...");
      Time.sleep(0.1);
    }
  }

  /** A task whose clean-up never finishes: SIGTERM alone cannot end it. */
  public static void stubbornTask() {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stubborn: cleaning up forever...");
                  while (true) {
                    Time.sleep(1);
                  }
                }));
    while (true) {
      Time.sleep(0.1);
    }
  }

  private static void stop(ChildProcess p, Duration grace) throws InterruptedException {
    // Graceful termination (SIGTERM)
    p.terminate();
    p.join(grace);

    // Force kill if still alive
    if (p.isAlive()) {
      System.out.println(p.name() + " still alive after terminate(): kill()");
      p.kill();
      p.join();
    }

    System.out.println(p.name() + " exit code: " + p.exitCode().orElseThrow());
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void main(String[] args) throws InterruptedException {
    Context mp = Multiprocessing.local();
    ChildProcess p = mp.process(ProcessTermination::longRunningTask).name("LongRunning");
    p.start();
    Time.sleep(0.3);
    stop(p, Duration.ofSeconds(2));

    ChildProcess stubborn = mp.process(ProcessTermination::stubbornTask).name("Stubborn");
    stubborn.start();
    Time.sleep(0.3);
    stop(stubborn, Duration.ofMillis(500));
  }
}
