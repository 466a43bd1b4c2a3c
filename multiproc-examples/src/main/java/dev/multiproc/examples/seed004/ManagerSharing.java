package dev.multiproc.examples.seed004;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.manager.Manager;
import dev.multiproc.process.ChildProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seed 004, "Manager for Complex Shared Objects": four processes write to a dict and a list held
 * by a manager's server process, through proxies.
 *
 * <p>Differences: {@code manager.dict()} and {@code manager.list()} are proxies implementing
 * {@link Map} and {@link List}, passed to the workers as arguments. The dict is printed sorted by
 * key ({@code new TreeMap<>(sharedDict)}), so the line is the same on every run; Python's {@code
 * dict(shared_dict)} keeps the workers' order, which varies. The list keeps the order in which the
 * workers appended, which varies, as in Python.
 */
public final class ManagerSharing {
  private ManagerSharing() {}

  /**
   * Python: {@code worker(shared_dict, shared_list, worker_id)}.
   *
   * @param sharedDict the manager's dict
   * @param sharedList the manager's list
   * @param workerId the worker's number
   */
  public static void worker(
      Map<Integer, Integer> sharedDict, List<Integer> sharedList, int workerId) {
    sharedDict.put(workerId, workerId * 10);
    sharedList.add(workerId);
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void main(String[] args) throws InterruptedException {
    Context mp = Multiprocessing.local();
    try (Manager manager = mp.manager()) {
      Map<Integer, Integer> sharedDict = manager.dict();
      List<Integer> sharedList = manager.list();

      List<ChildProcess> processes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int workerId = i;
        ChildProcess p = mp.process(() -> worker(sharedDict, sharedList, workerId));
        processes.add(p);
        p.start();
      }
      for (ChildProcess p : processes) {
        p.join();
        p.close();
      }

      System.out.println("Dict: " + new TreeMap<>(sharedDict));
      System.out.println("List: " + List.copyOf(sharedList));
    }
  }
}
