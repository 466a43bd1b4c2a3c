package dev.multiproc.examples.seed000;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.process.ChildProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 000, §1 "The Problem: Sequential Processing Limitations" and §2 "The Concept: Parallel
 * Processing": toast, eggs and coffee made one after the other, then each in its own process.
 *
 * <p>Differences: the tutorial's tasks only print ("# Code that takes time to execute"); here each
 * takes 0.1 s, so the two runs' times can be compared. §2 has no code: its idea, doing the three
 * at once, is the second half, with one child process per task.
 */
public final class Breakfast {
  private Breakfast() {}

  /** Python: {@code make_toast()}. */
  public static void makeToast() {
    System.out.println("Making toast...");
    Time.sleep(0.1); // Code that takes time to execute
    System.out.println("Toast is ready");
  }

  /** Python: {@code fry_eggs()}. */
  public static void fryEggs() {
    System.out.println("Frying eggs...");
    Time.sleep(0.1);
    System.out.println("Eggs are ready");
  }

  /** Python: {@code brew_coffee()}. */
  public static void brewCoffee() {
    System.out.println("Brewing coffee...");
    Time.sleep(0.1);
    System.out.println("Coffee is ready");
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void main(String[] args) throws InterruptedException {
    // Sequential execution
    double start = Time.time();
    makeToast();
    fryEggs();
    brewCoffee();
    System.out.printf("Sequential: %.2fs%n", Time.time() - start);

    // Parallel execution: each task in its own process
    Context mp = Multiprocessing.local();
    start = Time.time();
    List<ChildProcess> cooks = new ArrayList<>();
    for (SerializableRunnable task :
        List.<SerializableRunnable>of(
            Breakfast::makeToast, Breakfast::fryEggs, Breakfast::brewCoffee)) {
      ChildProcess p = mp.process(task);
      cooks.add(p);
      p.start();
    }
    for (ChildProcess p : cooks) {
      p.join();
      p.close();
    }
    System.out.printf("In processes: %.2fs%n", Time.time() - start);
  }
}
