package dev.multiproc.examples.seed003;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.process.ChildProcess;
import java.time.Duration;

/**
 * Seed 003, "Process Names and Daemon Processes": named processes print their name and pid; a
 * daemon process is joined with a timeout.
 *
 * <p>Differences: a child learns its name from {@link Multiprocessing#currentProcess()}, as in
 * Python, but not whether it is a daemon ({@code ProcessInfo} holds a name and a pid), so the
 * parent passes the flag along.
 */
public final class NamesAndDaemon {
  private NamesAndDaemon() {}

  /**
   * Worker that prints its own name and PID. Python: {@code named_worker()}.
   *
   * @param daemon whether the parent made it a daemon
   */
  public static void namedWorker(Boolean daemon) {
    String name = Multiprocessing.currentProcess().name();
    System.out.println("  Process name=" + name + ", PID=" + Time.getpid() + ", daemon=" + daemon);
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void main(String[] args) throws InterruptedException {
    Context mp = Multiprocessing.local();
    // Named processes
    ChildProcess p1 = mp.process(NamesAndDaemon::namedWorker, false).name("Worker-A");
    ChildProcess p2 = mp.process(NamesAndDaemon::namedWorker, false).name("Worker-B");

    p1.start();
    p2.start();
    p1.join();
    p2.join();

    // Daemon process example
    System.out.println();
    System.out.println("Daemon process:");
    ChildProcess p3 =
        mp.process(NamesAndDaemon::namedWorker, true).name("Daemon-Worker").daemon(true);
    p3.start();
    p3.join(Duration.ofSeconds(2)); // Must join daemon processes explicitly if you want to wait
    System.out.println(
        "  p3 daemon=" + p3.daemon() + ", exitcode=" + CreateProcess.orNone(p3.exitCode()));
  }
}
