package dev.multiproc.examples.seed004;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.pool.Pool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Seed 004, "Comparing Threads vs Processes": the same CPU-bound work sequentially, on threads,
 * and on a pool of processes.
 *
 * <p>Differences: Java has no GIL, so here the threads run in parallel too, and for pure
 * computation they beat processes, which pay for starting JVMs and sending results; processes are
 * for isolation (a crash, {@code System.exit} or a runaway task ends one worker, not the
 * program), for code that is not thread-safe, and for separate heaps. {@code n} is 5·10^7 instead
 * of 10^7 (Java's loop is much faster); a {@code long} wraps where Python's integers grow.
 */
public final class ThreadsVsProcesses {
  private ThreadsVsProcesses() {}

  /**
   * CPU-intensive task. Python: {@code cpu_bound(n)}.
   *
   * @param n how many squares to add
   * @return the sum of {@code i * i} for {@code i < n}, modulo 2^64
   */
  public static long cpuBound(long n) {
    long total = 0;
    for (long i = 0; i < n; i++) {
      total += i * i;
    }
    return total;
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining the threads
   */
  public static void main(String[] args) throws InterruptedException {
    long n = 50_000_000L;
    int count = 4;

    // Sequential
    double start = Time.time();
    for (int i = 0; i < count; i++) {
      cpuBound(n);
    }
    System.out.printf("Sequential: %.2fs%n", Time.time() - start);

    // Threads (no GIL in Java: they run in parallel)
    start = Time.time();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      threads.add(new Thread(() -> cpuBound(n)));
    }
    for (Thread t : threads) {
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    System.out.printf("Threads: %.2fs%n", Time.time() - start);

    // Processes (true parallelism, and isolation)
    start = Time.time();
    try (Pool pool = Multiprocessing.local().pool(count)) {
      pool.map(ThreadsVsProcesses::cpuBound, Collections.nCopies(count, n));
    }
    System.out.printf("Processes: %.2fs%n", Time.time() - start);
  }
}
