package dev.multiproc.examples.seed001;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.process.ChildProcess;

/**
 * Seed 001, §3 "Basic Multiprocessing Concepts", "Creating Your First Process": a worker named
 * Alice runs in a child process while the main thread goes on, then the main thread joins it.
 *
 * <p>Differences: Alice works 0.2 s instead of 2 s. The worker's {@code return} value is dropped
 * by a process, as in Python (a pool returns it). The section's second point, the {@code if
 * __name__ == "__main__":} guard, has no Java counterpart: a worker JVM runs only the task it is
 * sent, never the launcher's {@code main}, so no guard can be forgotten.
 */
public final class FirstProcess {
  private FirstProcess() {}

  /**
   * A simple worker function that demonstrates process independence. Python: {@code
   * worker_function(name, duration)}.
   *
   * @param name the worker's name
   * @param duration how long it works, in seconds
   * @return a message (dropped: a process has no result)
   */
  public static String workerFunction(String name, double duration) {
    System.out.println("Worker " + name + " starting in process " + Time.getpid());
    Time.sleep(duration);
    System.out.println("Worker " + name + " finished in process " + Time.getpid());
    return "Result from " + name;
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void main(String[] args) throws InterruptedException {
    // Create a new process
    ChildProcess process = Multiprocessing.local().process(() -> workerFunction("Alice", 0.2));

    System.out.println("Main process: " + Time.getpid());

    // Start the process
    process.start();
    System.out.println("Process started, continuing main thread...");

    // Wait for process to complete
    process.join();
    System.out.println("Process completed");
    process.close();
  }
}
