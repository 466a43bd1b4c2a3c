package dev.multiproc.cli;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.cli.DemoTasks.Squared;
import dev.multiproc.cli.DemoTasks.WhoRan;
import dev.multiproc.internal.spawn.SpareWorkers;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.ProcessInfo;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code multiproc demo}: a tour of the library on real worker JVMs, in seven short sections: a
 * CPU-bound function run sequentially and then on a pool (seed 003's "Sequential vs Parallel
 * Execution"), a child process's life and exit codes, {@code applyAsync} callbacks, a task that
 * throws, a worker killed in the middle of a task, a per-task timeout, and a queue, a pipe and a shared
 * counter with and without its lock (seed 001's race condition). It takes a few seconds. With
 * {@code --cluster}, {@code ClusterDemo} runs a tour of the cluster backend instead.
 *
 * <p>It prints to the {@link System#out} current when it starts; the children's output is copied
 * to the same stream, so a test that replaces {@code System.out} sees all of it.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Runs a short tour of multiproc on real worker JVMs (about 10 seconds).",
      "Sequential vs parallel, child processes and exit codes, callbacks,",
      "a task that throws, a worker killed mid-task, a per-task timeout,",
      "a queue, a pipe and a shared counter with and without its lock.",
      "With --cluster, a tour of the cluster backend on 2 local member JVMs."
    })
public final class DemoCommand implements Callable<Integer> {

  /** Squares each CPU-bound task adds up: about 150 ms of work in Java on a 2020s core. */
  static final long N = 300_000_000L;

  /** Inputs of the CPU-bound example, as in seed 003. */
  static final int TASKS = 8;

  /** How long the demo waits for workers, spares and results before it calls it a failure. */
  static final Duration WAIT = Duration.ofSeconds(30);

  /** The per-task timeout of the timeout section. */
  static final Duration TASK_TIMEOUT = Duration.ofMillis(500);

  /** Orders processes as PoolWorker-2 before PoolWorker-10. */
  static final Comparator<WhoRan> BY_NAME =
      Comparator.comparingInt((WhoRan w) -> w.name().length()).thenComparing(WhoRan::name);

  private PrintStream out = System.out;

  @Option(
      names = "--cluster",
      description =
          "Run the tour on a local cluster instead: 2 member JVMs on 127.0.0.1 with 2"
              + " workers each, this JVM a client (about 15 seconds).")
  private boolean cluster;

  @Option(
      names = "--no-progress",
      description = "Do not show the progress of the pool's maps on standard error (local demo).")
  private boolean noProgress;

  /** Creates the command. */
  public DemoCommand() {}

  /**
   * Runs the demo.
   *
   * @return 0
   * @throws Exception if a step does not do what the demo shows; the demo stops there
   */
  @Override
  public Integer call() throws Exception {
    out = System.out;
    if (cluster) {
      return new ClusterDemo(out).run();
    }
    long start = System.nanoTime();
    Context ctx = Multiprocessing.local();
    ProcessInfo me = Multiprocessing.currentProcess();
    out.println(
        "multiproc demo: Java functions run in worker JVMs, as in Python's multiprocessing.");
    out.printf(
        "This JVM is %s (pid %d). This machine has %d processor%s (cpuCount()).%n",
        me.name(),
        me.pid(),
        Multiprocessing.cpuCount(),
        Multiprocessing.cpuCount() == 1 ? "" : "s");

    // progress of each map goes to stderr: a line redrawn on a terminal, plain lines elsewhere
    try (Pool pool =
        ctx.pool(PoolOptions.of(Multiprocessing.cpuCount()).withProgress(!noProgress))) {
      sequentialVsParallel(pool);
      childProcesses(ctx);
      callbacks(pool);
      taskThatThrows(pool);
      workerKilledMidTask(pool);
    }
    perTaskTimeout(ctx);
    sharing(ctx);

    out.printf(
        "%nDone in %.1f s. The tasks ran in the worker JVMs named above, not in this one"
            + " (pid %d).%n",
        (System.nanoTime() - start) / 1e9, me.pid());
    return 0;
  }

  /* --------------- 1. sequential vs parallel --------------- */

  private void sequentialVsParallel(Pool pool) throws InterruptedException {
    header("1. Sequential vs parallel: a CPU-bound function over " + TASKS + " inputs");
    out.printf("   cpuBoundTask(n) adds i*i for i < n, with n = %,d (seed 003's example).%n", N);

    // Start the workers and warm their JIT up outside the timed region (Python's baseline, too,
    // times a warm pool), then wait for the spare JVM the library keeps warm, so that no JVM is
    // starting in the background while the clock runs.
    long t0 = System.nanoTime();
    awaitWorkers(pool);
    List<WhoRan> warm =
        pool.map(DemoTasks::warmUp, Collections.nCopies(pool.processes(), N / 10), 1);
    out.printf(
        "   Pool of %d workers started and warmed up in %s (not in the times below):%n",
        pool.processes(), ms(System.nanoTime() - t0));
    out.printf("     %s%n", describe(warm.stream().distinct().sorted(BY_NAME).toList()));
    SpareWorkers.get().awaitReady(WAIT.toMillis());

    // Warm this JVM's JIT up too, so the sequential run is compiled code, as the workers' is.
    DemoTasks.cpuBoundTask(N / 10);
    DemoTasks.cpuBoundTask(N / 10);
    List<Long> workload = Collections.nCopies(TASKS, N);
    long t0s = System.nanoTime();
    List<Long> sequential = new ArrayList<>(TASKS);
    for (long n : workload) {
      sequential.add(DemoTasks.cpuBoundTask(n));
    }
    long sequentialNanos = System.nanoTime() - t0s;
    // the same sequential run inside one worker: the fair baseline, since a worker JVM (small
    // SerialGC heap, its own JIT profile) may run this loop at another speed than this one
    long inWorkerNanos = pool.apply(DemoTasks::timedSequential, new long[] {N, TASKS});
    out.printf("   Sequential, in this JVM:          %s%n", ms(sequentialNanos));
    out.printf("   Sequential, in one worker:        %s%n", ms(inWorkerNanos));

    t0 = System.nanoTime();
    List<Long> parallel = pool.map(DemoTasks::cpuBoundTask, workload);
    long parallelNanos = System.nanoTime() - t0;
    out.printf("   Parallel, pool.map on %d workers:  %s%n", pool.processes(), ms(parallelNanos));
    int cpus = Multiprocessing.cpuCount();
    double speedup = (double) inWorkerNanos / parallelNanos;
    out.printf(
        "   Speedup over one worker: %.2fx, with %d workers on %d processor%s%s%n",
        speedup,
        pool.processes(),
        cpus,
        cpus == 1 ? "" : "s",
        cpus == 1
            ? " (one processor: nothing to gain)"
            : speedup < 0.75 * Math.min(cpus, TASKS)
                ? " (less than expected: are other programs busy on this machine?)"
                : "");
    out.printf("   Results match: %s%n", sequential.equals(parallel));
  }

  /* --------------- 2. child processes --------------- */

  private void childProcesses(Context ctx) throws InterruptedException {
    header("2. ChildProcess: start, pid, isAlive, join, exitCode");
    ChildProcess p = ctx.process(DemoTasks::worker, "alpha").name("Worker-A");
    out.printf(
        "   Created:  name=%s, isAlive=%s, pid=%s, exitCode=%s%n",
        p.name(), p.isAlive(), pid(p.pid()), code(p.exitCode()));
    p.start();
    out.printf("   Started:  name=%s, isAlive=%s, pid=%s%n", p.name(), p.isAlive(), pid(p.pid()));
    p.join();
    out.printf(
        "   Joined:   name=%s, isAlive=%s, exitCode=%s%n",
        p.name(), p.isAlive(), code(p.exitCode()));
    p.close();

    ChildProcess slow = ctx.process(DemoTasks::slowTask).name("SlowWorker").start();
    boolean ended = slow.join(Duration.ofMillis(500));
    out.printf(
        "   %s sleeps 10 s; after join(500 ms): ended=%s, isAlive=%s, exitCode=%s%n",
        slow.name(), ended, slow.isAlive(), code(slow.exitCode()));
    slow.terminate();
    slow.join();
    out.printf(
        "   %s after terminate() (SIGTERM) and join(): isAlive=%s, exitCode=%s%n",
        slow.name(), slow.isAlive(), code(slow.exitCode()));
    slow.close();

    ChildProcess quitter = ctx.process(DemoTasks::exitWith, 3).name("Quitter").start();
    quitter.join();
    out.printf(
        "   %s calls System.exit(3): exitCode=%s (only the child exits; this JVM goes on)%n",
        quitter.name(), code(quitter.exitCode()));
    quitter.close();
  }

  /* --------------- 3. callbacks --------------- */

  private void callbacks(Pool pool) throws Exception {
    header("3. applyAsync with a callback and an error callback");
    PoolSections.callbacks(out, pool, "worker");
  }

  /* --------------- 4. a task that throws --------------- */

  private void taskThatThrows(Pool pool) {
    header("4. A task that throws: the caller gets the task's own exception");
    PoolSections.taskThatThrows(out, pool, "");
  }

  /* --------------- 5. a worker killed mid-task --------------- */

  private void workerKilledMidTask(Pool pool) throws InterruptedException {
    header("5. A worker killed in the middle of a task (SIGKILL from outside)");
    awaitWorkers(pool);
    List<ProcessInfo> before = pool.workers();
    out.printf("   Workers: %s; each gets a task that sleeps 1 s.%n", names(before));
    List<AsyncResult<WhoRan>> tasks = new ArrayList<>();
    for (int i = 0; i < pool.processes(); i++) {
      tasks.add(pool.applyAsync(DemoTasks::sleepThenSayWho, 1000L));
    }
    Thread.sleep(300);
    ProcessInfo victim = before.getFirst();
    out.printf("   kill -9 %s, 300 ms into its task%n", name(victim));
    ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);

    for (int i = 0; i < tasks.size(); i++) {
      try {
        out.printf("   task %d: finished normally in %s%n", i + 1, tasks.get(i).get(WAIT));
      } catch (ExecutionException e) {
        out.printf("   task %d: %s%n", i + 1, oneLine(e.getCause()));
      } catch (TimeoutException e) {
        throw new IllegalStateException("task " + (i + 1) + " hangs after its worker was killed");
      }
    }

    List<Squared> squares = pool.map(DemoTasks::squared, List.of(1, 2, 3, 4));
    out.printf(
        "   The pool carries on: pool.map(square, [1, 2, 3, 4]) = %s%n",
        squares.stream().map(Squared::square).toList());
    awaitWorkers(pool);
    List<ProcessInfo> after = pool.workers();
    List<ProcessInfo> replacements = after.stream().filter(w -> !before.contains(w)).toList();
    out.printf(
        "   Computed by %s%n",
        describe(squares.stream().map(Squared::by).distinct().sorted(BY_NAME).toList()));
    out.printf("   Workers now: %s; new: %s%n", names(after), names(replacements));
  }

  /* --------------- 6. a per-task timeout --------------- */

  private void perTaskTimeout(Context ctx) throws InterruptedException {
    header(
        "6. A per-task timeout: PoolOptions.of(1).withTaskTimeout("
            + TASK_TIMEOUT.toMillis()
            + " ms)");
    try (Pool pool = ctx.pool(PoolOptions.of(1).withTaskTimeout(TASK_TIMEOUT))) {
      awaitWorkers(pool);
      out.printf(
          "   Worker: %s. spinForever() loops on the CPU and ignores interrupts.%n",
          names(pool.workers()));
      long t0 = System.nanoTime();
      try {
        long never = pool.apply(DemoTasks::spinForever, 0L);
        throw new IllegalStateException("spinForever returned " + never);
      } catch (TaskTimeoutException e) {
        out.printf("   After %s: %s%n", ms(System.nanoTime() - t0), oneLine(e));
      }
      Squared s = pool.apply(DemoTasks::squared, 7);
      out.printf("   The pool goes on: square(7) = %d, computed by %s%n", s.square(), s.by());
    }
  }

  /* --------------- helpers --------------- */

  /* --------------- 7. sharing between processes --------------- */

  private void sharing(Context ctx) throws Exception {
    header("7. Sharing between processes: a queue, a pipe, a counter with and without its lock");
    SharingSection.run(out, ctx, 200_000);
  }

  private void header(String title) {
    out.println();
    out.println(title);
  }

  /** Waits until every worker of {@code pool} has started, so that {@code workers()} lists all. */
  private static void awaitWorkers(Pool pool) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (pool.workers().size() < pool.processes()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "pool workers did not start within " + WAIT + ": workers=" + pool.workers());
      }
      Thread.sleep(5);
    }
  }

  private static String name(ProcessInfo process) {
    return process.name() + " (pid " + process.pid() + ")";
  }

  private static String names(List<ProcessInfo> processes) {
    return describe(
        processes.stream()
            .sorted(
                Comparator.comparingInt((ProcessInfo p) -> p.name().length())
                    .thenComparing(ProcessInfo::name))
            .map(DemoCommand::name)
            .toList());
  }

  static String describe(Collection<?> items) {
    return items.isEmpty()
        ? "none"
        : items.stream().map(Object::toString).collect(Collectors.joining(", "));
  }

  static String oneLine(Throwable e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  static String ms(long nanos) {
    return String.format("%,d ms", TimeUnit.NANOSECONDS.toMillis(nanos));
  }

  private static String pid(OptionalLong pid) {
    return pid.isPresent() ? Long.toString(pid.getAsLong()) : "none";
  }

  private static String code(OptionalInt code) {
    return code.isPresent() ? Integer.toString(code.getAsInt()) : "none";
  }
}
