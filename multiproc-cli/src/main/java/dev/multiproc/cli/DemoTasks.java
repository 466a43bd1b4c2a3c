package dev.multiproc.cli;

import dev.multiproc.Multiprocessing;
import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.process.ProcessInfo;
import dev.multiproc.shared.SharedInt;
import java.io.Serializable;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The functions the demo runs in worker processes. They are static methods, so a method reference
 * such as {@code DemoTasks::cpuBoundTask} is all a worker needs to be sent: it finds the same class
 * on its class path, as Python's workers import the function's module.
 */
public final class DemoTasks {
  private static final int SIGKILL = 9;

  private DemoTasks() {}

  /**
   * Which process ran a task: its name and pid, and its parent's pid.
   *
   * @param name the process's name, such as {@code PoolWorker-1}
   * @param pid the process's pid
   * @param parentPid the pid of the process that started it
   */
  public record WhoRan(String name, long pid, long parentPid) implements Serializable {
    /**
     * Returns the process this runs in.
     *
     * @return its name, pid and parent pid
     */
    public static WhoRan here() {
      ProcessInfo me = Multiprocessing.currentProcess();
      long parent =
          Multiprocessing.parentProcess()
              .map(ProcessInfo::pid)
              .orElse(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L));
      return new WhoRan(me.name(), me.pid(), parent);
    }

    @Override
    public String toString() {
      return name + " (pid " + pid + ")";
    }
  }

  /* --------------- 1. sequential vs parallel --------------- */

  /**
   * A CPU-bound task: the sum of {@code i * i} for {@code i < n}, as seed 003's {@code
   * cpu_bound_task}. Python's integers never overflow; a Java {@code long} wraps past 2^63, which
   * changes the value (not the work) for large {@code n}, the same in every process.
   *
   * @param n how many squares to add
   * @return the sum, modulo 2^64
   */
  public static long cpuBoundTask(long n) {
    long total = 0;
    for (long i = 0; i < n; i++) {
      total += i * i;
    }
    return total;
  }

  /**
   * Runs {@link #cpuBoundTask}{@code (n)} {@code times} times, one after another, where it runs.
   *
   * @param nAndTimes {@code n}, then how many times
   * @return the nanoseconds it took
   */
  public static long timedSequential(long[] nAndTimes) {
    long t0 = System.nanoTime();
    for (long i = 0; i < nAndTimes[1]; i++) {
      cpuBoundTask(nAndTimes[0]);
    }
    return System.nanoTime() - t0;
  }

  /**
   * Warms a worker up: compiles {@link #cpuBoundTask} with a short run, then says who ran it.
   *
   * @param n how many squares to add
   * @return the process it ran in
   */
  public static WhoRan warmUp(long n) {
    cpuBoundTask(n);
    return WhoRan.here();
  }

  /**
   * A sum and the process that computed it.
   *
   * @param sum the sum
   * @param by the process that computed it
   */
  public record Sum(long sum, WhoRan by) implements Serializable {}

  /**
   * Runs {@link #cpuBoundTask}{@code (n)} and says who ran it: the cluster demo shows which
   * member's worker ran each task.
   *
   * @param n how many squares to add
   * @return the sum and the process it ran in
   */
  public static Sum cpuBoundTaskSaysWho(long n) {
    return new Sum(cpuBoundTask(n), WhoRan.here());
  }

  /* --------------- 2. child processes --------------- */

  /**
   * Seed 003's {@code worker(name)}: prints who runs it, then works for a moment.
   *
   * @param label the label the parent gave it
   */
  public static void worker(String label) {
    WhoRan me = WhoRan.here();
    System.out.println(
        "     [child] worker '" + label + "' running in " + me + ", parent pid " + me.parentPid());
    sleep(300);
  }

  /** Seed 003's {@code slow_task}: sleeps 10 seconds, longer than anyone waits for it. */
  public static void slowTask() {
    sleep(10_000);
  }

  /**
   * Ends its JVM with {@code System.exit(code)}.
   *
   * @param code the exit code
   */
  public static void exitWith(int code) {
    System.exit(code);
  }

  /* --------------- 3. and 4. results and errors --------------- */

  /**
   * Seed 003's {@code risky_task}: fails on zero.
   *
   * @param x the input
   * @return {@code 100.0 / x}
   * @throws IllegalArgumentException if {@code x == 0}
   */
  public static double riskyTask(int x) {
    if (x == 0) {
      throw new IllegalArgumentException("Cannot process zero!");
    }
    return 100.0 / x;
  }

  /**
   * A square and the process that computed it.
   *
   * @param square the square
   * @param by the process that computed it
   */
  public record Squared(int square, WhoRan by) implements Serializable {}

  /**
   * Returns {@code x * x}, and who computed it.
   *
   * @param x the input
   * @return the square and the process it was computed in
   */
  public static Squared squared(int x) {
    return new Squared(x * x, WhoRan.here());
  }

  /* --------------- 5. and 6. killed and runaway tasks --------------- */

  /**
   * Sleeps {@code millis}, then says who ran it.
   *
   * @param millis how long to sleep
   * @return the process it ran in
   */
  public static WhoRan sleepThenSayWho(long millis) {
    sleep(millis);
    return WhoRan.here();
  }

  /**
   * Sleeps {@code millis}, then sends SIGKILL to its own JVM ({@code kill(getpid(), 9)} through
   * the FFM API), as the kernel's out-of-memory killer or an operator would: it never returns.
   *
   * @param millis how long to run before the kill
   * @return never
   * @throws IllegalStateException if the kill did not happen
   */
  @SuppressWarnings("restricted") // the demo kills its own JVM through libc, as an operator would
  public static WhoRan killOwnJvmAfter(long millis) {
    sleep(millis);
    Linker linker = Linker.nativeLinker();
    MethodHandle kill =
        linker.downcallHandle(
            linker.defaultLookup().find("kill").orElseThrow(),
            FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    try {
      int ignored = (int) kill.invokeExact((int) ProcessHandle.current().pid(), SIGKILL);
    } catch (Throwable e) {
      throw new IllegalStateException("kill(getpid(), SIGKILL) failed", e);
    }
    sleep(10_000);
    throw new IllegalStateException("kill(getpid(), SIGKILL) did not end this worker");
  }

  /**
   * A runaway task: spins on the CPU and never returns, deaf to interrupts, which no thread can
   * stop since {@code Thread.stop} is gone.
   *
   * @param x ignored
   * @return never
   */
  public static long spinForever(long x) {
    while (true) {
      Thread.onSpinWait();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /* --------------- 7. sharing between processes --------------- */

  /**
   * Puts the squares of 1..{@code n} on the queue, then -1 as the end mark (seed
   * 004's producer/consumer).
   *
   * @param queue the queue
   * @param n how many squares
   */
  public static void produceSquares(MpQueue<Integer> queue, int n) {
    try {
      for (int i = 1; i <= n; i++) {
        queue.put(i * i);
      }
      queue.put(-1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing", e);
    }
  }

  /**
   * Seed 001's race: adds one to a shared counter {@code times} times by reading and writing it,
   * under its lock or not, after waiting at a start line so both processes really overlap.
   *
   * @param counter the counter and the start line
   * @param locked whether to hold the counter's lock around each read-and-write
   */
  public static void addOnes(Counters counter, boolean locked) {
    SharedInt v = counter.value();
    counter.startLine().incrementAndGet();
    while (counter.startLine().get() < 2) {
      Thread.onSpinWait();
    }
    for (int i = 0; i < counter.times(); i++) {
      if (locked) {
        v.getLock().lock();
        try {
          v.set(v.get() + 1);
        } finally {
          v.getLock().unlock();
        }
      } else {
        v.set(v.get() + 1);
      }
    }
  }

  /**
   * The race's shared state.
   *
   * @param value the counter
   * @param startLine how many processes are ready
   * @param times how many increments each
   */
  public record Counters(SharedInt value, SharedInt startLine, int times) implements Serializable {}

  /**
   * Sends a greeting through its end of a pipe, with the sender's name.
   *
   * @param conn the child's end
   */
  public static void greetThroughPipe(Connection conn) {
    conn.send("hello through a pipe from " + Multiprocessing.currentProcess().name());
    conn.close();
  }
}
