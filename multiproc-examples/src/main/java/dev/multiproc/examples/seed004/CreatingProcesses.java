package dev.multiproc.examples.seed004;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.process.ChildProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004, "Creating Processes": four child processes print their number and pid; the main
 * process joins them and prints its own pid.
 *
 * <p>Differences: none worth a note; the children's lines come in whatever order they run.
 */
public final class CreatingProcesses {
  private CreatingProcesses() {}

  /**
   * Prints the worker's number and pid. Python: {@code worker(name)}.
   *
   * @param name the worker's number
   */
  public static void worker(Integer name) {
    System.out.println("Worker " + name + ", PID: " + Time.getpid());
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void main(String[] args) throws InterruptedException {
    Context mp = Multiprocessing.local();
    List<ChildProcess> processes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ChildProcess p = mp.process(CreatingProcesses::worker, i);
      processes.add(p);
      p.start();
    }

    for (ChildProcess p : processes) {
      p.join();
    }

    System.out.println("Main process PID: " + Time.getpid());
  }
}
