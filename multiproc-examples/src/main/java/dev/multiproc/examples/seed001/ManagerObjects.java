package dev.multiproc.examples.seed001;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.manager.Manager;
import dev.multiproc.process.ChildProcess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 001, §5.4 "Manager Objects: Complex Shared Data Structures": a manager holds a dict and a
 * list; three worker processes add to both through proxies, and the main process prints them.
 *
 * <p>Differences: Python's {@code manager.dict()} and {@code manager.list()} are {@link
 * Manager#dict()} and {@link Manager#list()}: proxies that implement {@link Map} and {@link List}
 * and are passed to the workers like any argument. {@code dict(shared_dict)} and {@code
 * list(shared_list)} are copies ({@code new LinkedHashMap<>(sharedDict)}, {@code
 * List.copyOf(sharedList)}), taken in one call each, and printed in Java's notation ({@code
 * {initial=Initial value, ...}}). The workers' entries come in the order the workers ran, as in
 * Python.
 */
public final class ManagerObjects {
  private ManagerObjects() {}

  /**
   * Worker that uses manager objects. Python: {@code worker_with_manager(shared_dict,
   * shared_list, worker_id)}.
   *
   * @param sharedDict the manager's dict
   * @param sharedList the manager's list
   * @param workerId the worker's number
   */
  public static void workerWithManager(
      Map<String, String> sharedDict, List<String> sharedList, int workerId) {
    // Modify shared dictionary
    sharedDict.put("worker_" + workerId, "Hello from worker " + workerId);
    // Modify shared list
    sharedList.add("Item from worker " + workerId);
    System.out.println("Worker " + workerId + " completed");
  }

  /**
   * Python: {@code demonstrate_manager()}.
   *
   * @throws InterruptedException if interrupted while joining
   */
  public static void demonstrateManager() throws InterruptedException {
    Context mp = Multiprocessing.local();
    // Create a manager
    try (Manager manager = mp.manager()) {
      // Create shared objects
      Map<String, String> sharedDict = manager.dict();
      List<String> sharedList = manager.list();

      // Initialize some data
      sharedDict.put("initial", "Initial value");
      sharedList.add("Initial item");

      // Create worker processes
      List<ChildProcess> processes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int workerId = i + 1;
        ChildProcess p = mp.process(() -> workerWithManager(sharedDict, sharedList, workerId));
        processes.add(p);
        p.start();
      }
      // Wait for all processes
      for (ChildProcess p : processes) {
        p.join();
        p.close();
      }

      System.out.println("Final shared dictionary: " + new LinkedHashMap<>(sharedDict));
      System.out.println("Final shared list: " + List.copyOf(sharedList));
    }
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    demonstrateManager();
  }
}
