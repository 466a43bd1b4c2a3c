package dev.multiproc.examples.seed000;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.process.ChildProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 000, §3 "Python's Challenge: The Global Interpreter Lock" ({@link #threadsMain}) and §4
 * "Enter Multiprocessing: Bypassing the GIL" ({@link #processesMain}): the same CPU-bound task
 * four times, on four threads, then in four processes.
 *
 * <p>Differences: Java has no GIL, so the four threads of §3 do run in parallel; the example
 * prints their time so it can be compared with the processes' time (which includes starting four
 * JVMs). Both runs print each task's result, which the tutorial computes and throws away; a
 * {@code long} wraps where Python's integers grow, so the result is the sum modulo 2^64.
 */
public final class GilAndProcesses {
  private GilAndProcesses() {}

  /**
   * A CPU-intensive calculation. Python: {@code cpu_bound_task(number)}.
   *
   * @param number how many squares to add
   * @return the sum of {@code i * i} for {@code i < number}, modulo 2^64
   */
  public static long cpuBoundTask(long number) {
    long result = 0;
    for (long i = 0; i < number; i++) {
      result += i * i;
    }
    return result;
  }

  /**
   * Python: the task as a process target, which prints its result instead of dropping it.
   *
   * @param number how many squares to add
   */
  public static void printCpuBoundTask(Long number) {
    System.out.println("Result: " + cpuBoundTask(number));
  }

  /**
   * Runs §3's example: four threads.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void threadsMain(String[] args) throws InterruptedException {
    double startTime = Time.time();
    // Creating threads
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread thread = new Thread(() -> System.out.println("Result: " + cpuBoundTask(10_000_000)));
      threads.add(thread);
      thread.start();
    }
    // Wait for all threads to complete
    for (Thread thread : threads) {
      thread.join();
    }
    System.out.printf("Time taken: %s seconds%n", Time.time() - startTime);
  }

  /**
   * Runs §4's example: four processes.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void processesMain(String[] args) throws InterruptedException {
    Context mp = Multiprocessing.local();
    // Creating processes
    List<ChildProcess> processes = new ArrayList<>();
    double startTime = Time.time();
    for (int i = 0; i < 4; i++) {
      ChildProcess process = mp.process(GilAndProcesses::printCpuBoundTask, 10_000_000L);
      processes.add(process);
      process.start();
    }
    // Wait for all processes to complete
    for (ChildProcess process : processes) {
      process.join();
      process.close();
    }
    double endTime = Time.time();
    System.out.printf("Time taken: %s seconds%n", endTime - startTime);
  }
}
