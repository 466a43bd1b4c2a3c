package dev.multiproc.examples.seed002;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.process.ChildProcess;

/**
 * Seed 002, "Example 1: Basic Process Creation with a Target Function": two child processes run a
 * CPU-bound task in parallel; the main process joins both.
 *
 * <p>Differences: Python's integers never overflow, a Java {@code long} does; the loop keeps the
 * sum modulo 10^12, so the printed "partial" result (the sum modulo 1000) is Python's exactly.
 * There is no {@code if __name__ == '__main__'} guard to forget: a worker JVM runs only the task
 * it is sent, never this {@code main}.
 */
public final class BasicProcess {
  private BasicProcess() {}

  /**
   * A CPU-bound task to demonstrate multiprocessing. Python: {@code cpu_bound_task(name,
   * iterations)}.
   *
   * @param name the process's label
   * @param iterations how many squares to add
   */
  public static void cpuBoundTask(String name, Long iterations) {
    System.out.println("Process " + name + ": Starting CPU-bound task...");
    long result = 0;
    for (long i = 0; i < iterations; i++) {
      result = (result + i * i) % 1_000_000_000_000L; // Simulate heavy computation
    }
    System.out.println("Process " + name + ": Finished. Result (partial): " + result % 1000);
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void main(String[] args) throws InterruptedException {
    Context mp = Multiprocessing.local();
    System.out.println("Main process: Starting child processes.");

    // Create process objects
    ChildProcess p1 = mp.process(BasicProcess::cpuBoundTask, "One", 10_000_000L);
    ChildProcess p2 = mp.process(BasicProcess::cpuBoundTask, "Two", 10_000_000L);

    // Start the processes
    p1.start();
    p2.start();

    // Wait for both processes to complete
    p1.join();
    p2.join();

    System.out.println("Main process: All child processes finished.");
  }
}
