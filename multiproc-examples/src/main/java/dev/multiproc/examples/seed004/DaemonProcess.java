package dev.multiproc.examples.seed004;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.process.ChildProcess;

/**
 * Seed 004, "Daemon Processes": a daemon child prints a line every interval, forever; the main
 * process sleeps a while, then leaves, and the daemon is terminated.
 *
 * <p>Differences: sleeps are scaled down (1 s becomes 0.1 s, 3 s becomes 0.35 s). Python
 * terminates daemon children when the main process exits, and so does multiproc when this JVM
 * exits; but this {@code main} may run inside a JVM that goes on (the {@code multiproc examples}
 * command, a test), so it ends by doing what exit would do: it terminates the daemon and joins it
 * (exit code -15, SIGTERM).
 */
public final class DaemonProcess {
  private DaemonProcess() {}

  /** Python: {@code background_task()}. */
  public static void backgroundTask() {
    while (true) {
      System.out.println("Background process running...");
      Time.sleep(0.1);
    }
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void main(String[] args) throws InterruptedException {
    ChildProcess p = Multiprocessing.local().process(DaemonProcess::backgroundTask).daemon(true);
    p.start();

    Time.sleep(0.35);
    System.out.println("Main process exiting, daemon will be terminated");

    // What the exit of this JVM would do to a daemon child:
    p.terminate();
    p.join();
    System.out.println("Daemon exit code: " + p.exitCode().orElseThrow());
  }
}
