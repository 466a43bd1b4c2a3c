package dev.multiproc.cli;

import static dev.multiproc.cli.DemoCommand.BY_NAME;
import static dev.multiproc.cli.DemoCommand.N;
import static dev.multiproc.cli.DemoCommand.TASKS;
import static dev.multiproc.cli.DemoCommand.TASK_TIMEOUT;
import static dev.multiproc.cli.DemoCommand.WAIT;
import static dev.multiproc.cli.DemoCommand.describe;
import static dev.multiproc.cli.DemoCommand.ms;
import static dev.multiproc.cli.DemoCommand.oneLine;

import dev.multiproc.Multiprocessing;
import dev.multiproc.cli.DemoTasks.Squared;
import dev.multiproc.cli.DemoTasks.Sum;
import dev.multiproc.cli.DemoTasks.WhoRan;
import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.cluster.MemberLostException;
import dev.multiproc.cluster.internal.LocalMembers;
import dev.multiproc.cluster.internal.LocalMembers.Member;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.pool.WorkerDiedException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * {@code multiproc demo --cluster}: the demo's tour on a cluster of 2 member JVMs started on this
 * machine (127.0.0.1, free ports, a cluster name of its own, TCP-IP join), each running tasks in
 * 2 worker JVMs of its own, with this JVM as a client: sequential vs parallel showing which
 * member ran which task, callbacks, a task that throws, a worker killed mid-task, a per-task
 * timeout, processes on the members sharing a queue, a pipe and a counter (with and without its
 * lock), and a member killed in the middle of a map. The members and their workers are stopped at
 * the end, on an error, and on Ctrl-C.
 */
final class ClusterDemo {
  /** Increments per racing process: each is a round trip to a member, not a memory write. */
  private static final int RACE_TIMES = 300;

  /** Member JVMs of the demo's cluster. */
  static final int MEMBERS = 2;

  /** Worker JVMs per member. */
  static final int WORKERS = 2;

  /** Member JVMs need little: the work runs in their workers. */
  private static final List<String> MEMBER_FLAGS =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final PrintStream out;

  ClusterDemo(PrintStream out) {
    this.out = out;
  }

  /** Runs the tour; returns 0. */
  int run() throws Exception {
    long start = System.nanoTime();
    String name = "multiproc-demo-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    out.println(
        "multiproc demo --cluster: the same Pool, spread over the worker JVMs of a"
            + " Hazelcast cluster.");
    out.printf(
        "Starting %d member JVMs on 127.0.0.1 (cluster %s, TCP-IP join only), %d workers"
            + " each ...%n",
        MEMBERS, name, WORKERS);
    long tourNanos;
    long startNanos;
    long t0;
    LocalMembers members =
        LocalMembers.start(name, MEMBERS, WORKERS, MEMBER_FLAGS, System.err::println);
    try {
      for (Member m : members.members()) {
        out.printf("   member %s (pid %d)%n", m.address(), m.pid());
      }
      try (ClusterContext ctx = Cluster.context(members.clientConfig());
          Pool pool = ctx.pool()) { // every worker of every member, as they come and go
        awaitClusterWorkers(ctx, pool);
        startNanos = System.nanoTime() - start;
        out.printf(
            "This JVM (pid %d) joined as a client; %d members with %d workers each are"
                + " ready, %s after the start.%n",
            ProcessHandle.current().pid(), ctx.memberCount(), WORKERS, ms(startNanos));
        t0 = System.nanoTime();
        sequentialVsParallel(pool);
        callbacks(pool);
        taskThatThrows(pool);
        workerKilledMidTask(pool);
        perTaskTimeout(ctx);
        sharedObjects(ctx);
        memberKilledMidMap(members, ctx, pool);
        tourNanos = System.nanoTime() - t0;
      }
      out.printf("%nStopping the cluster: the members leave and stop their workers ...%n");
      t0 = System.nanoTime();
    } finally {
      members.close(); // also on Ctrl-C: a shutdown hook of its own
    }
    List<ProcessHandle> left = members.alive();
    out.printf(
        "Stopped in %s; member and worker JVMs left: %s.%n",
        ms(System.nanoTime() - t0),
        left.isEmpty() ? "none" : left.stream().map(ProcessHandle::pid).toList());
    out.printf(
        "%nDone in %.1f s: cluster start %.1f s, tour %.1f s. The tasks ran in the"
            + " members' worker JVMs, not in this one (pid %d).%n",
        (System.nanoTime() - start) / 1e9,
        startNanos / 1e9,
        tourNanos / 1e9,
        ProcessHandle.current().pid());
    return 0;
  }

  /* --------------- 1. sequential vs parallel --------------- */

  private void sequentialVsParallel(Pool pool) {
    header(
        "1. Sequential vs parallel on the cluster: a CPU-bound function over " + TASKS + " inputs");
    out.printf("   cpuBoundTask(n) adds i*i for i < n, with n = %,d (seed 003's example).%n", N);
    long t0 = System.nanoTime();
    List<WhoRan> warm =
        pool.map(DemoTasks::warmUp, Collections.nCopies(2 * pool.processes(), N / 10), 1);
    out.printf(
        "   Workers warmed up in %s (not in the times below):%n", ms(System.nanoTime() - t0));
    out.printf("     %s%n", describe(warm.stream().distinct().sorted(BY_NAME).toList()));

    DemoTasks.cpuBoundTask(N / 10);
    DemoTasks.cpuBoundTask(N / 10);
    List<Long> workload = Collections.nCopies(TASKS, N);
    t0 = System.nanoTime();
    List<Long> sequential = new ArrayList<>(TASKS);
    for (long n : workload) {
      sequential.add(DemoTasks.cpuBoundTask(n));
    }
    long sequentialNanos = System.nanoTime() - t0;
    long inWorkerNanos = pool.apply(DemoTasks::timedSequential, new long[] {N, TASKS});
    out.printf("   Sequential, in this JVM:             %s%n", ms(sequentialNanos));
    out.printf("   Sequential, in one cluster worker:   %s%n", ms(inWorkerNanos));

    t0 = System.nanoTime();
    List<Sum> parallel = pool.map(DemoTasks::cpuBoundTaskSaysWho, workload, 1);
    long parallelNanos = System.nanoTime() - t0;
    out.printf(
        "   Parallel, pool.map on %d workers:     %s%n", pool.processes(), ms(parallelNanos));
    int cpus = Multiprocessing.cpuCount();
    double speedup = (double) inWorkerNanos / parallelNanos;
    out.printf(
        "   Speedup over one worker: %.2fx, with %d workers on %d processor%s%s%n",
        speedup,
        pool.processes(),
        cpus,
        cpus == 1 ? "" : "s",
        cpus < pool.processes()
            ? " (all on this machine: at most "
                + cpus
                + "x here; members on other machines"
                + " add their processors)"
            : "");
    out.println("   Which member ran which task:");
    for (int i = 0; i < parallel.size(); i++) {
      WhoRan by = parallel.get(i).by();
      out.printf("     task %d -> member %s, worker pid %d%n", i, memberOf(by), by.pid());
    }
    out.printf(
        "   Results match: %s%n", sequential.equals(parallel.stream().map(Sum::sum).toList()));
  }

  /* --------------- 2. callbacks --------------- */

  private void callbacks(Pool pool) throws Exception {
    header("2. applyAsync with a callback and an error callback");
    PoolSections.callbacks(out, pool, "member");
  }

  /* --------------- 3. a task that throws --------------- */

  private void taskThatThrows(Pool pool) {
    header("3. A task that throws: the caller gets the task's own exception");
    PoolSections.taskThatThrows(out, pool, " of a member");
  }

  /* --------------- 4. a worker killed mid-task --------------- */

  private void workerKilledMidTask(Pool pool) throws InterruptedException {
    header("4. A worker killed in the middle of a task (SIGKILL)");
    int n = pool.processes();
    out.printf(
        "   %d tasks, one per worker: task %d sends SIGKILL to its own worker JVM 300 ms"
            + " in, as the OOM killer would; the others sleep 1 s.%n",
        n, n - 1);
    List<AsyncResult<WhoRan>> tasks = new ArrayList<>();
    for (int i = 0; i < n - 1; i++) {
      tasks.add(pool.applyAsync(DemoTasks::sleepThenSayWho, 1000L));
    }
    tasks.add(pool.applyAsync(DemoTasks::killOwnJvmAfter, 300L));
    for (int i = 0; i < tasks.size(); i++) {
      try {
        WhoRan by = tasks.get(i).get(WAIT);
        out.printf(
            "   task %d: finished normally on member %s, worker pid %d%n",
            i, memberOf(by), by.pid());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof WorkerDiedException died)) {
          throw new IllegalStateException("task " + i + " failed otherwise", e.getCause());
        }
        out.printf("   task %d: %s%n", i, oneLine(died));
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("task " + i + " did not end within " + WAIT, e);
      }
    }
    List<Squared> squares = pool.map(DemoTasks::squared, List.of(1, 2, 3, 4));
    out.printf(
        "   The pool carries on: pool.map(square, [1, 2, 3, 4]) = %s%n",
        squares.stream().map(Squared::square).toList());
  }

  /* --------------- 5. a per-task timeout --------------- */

  private void perTaskTimeout(ClusterContext ctx) {
    header(
        "5. A per-task timeout: ctx.pool(PoolOptions.of(1).withTaskTimeout("
            + TASK_TIMEOUT.toMillis()
            + " ms))");
    try (Pool pool = ctx.pool(PoolOptions.of(1).withTaskTimeout(TASK_TIMEOUT))) {
      out.println("   spinForever() loops on the CPU and ignores interrupts.");
      long t0 = System.nanoTime();
      try {
        long never = pool.apply(DemoTasks::spinForever, 0L);
        throw new IllegalStateException("spinForever returned " + never);
      } catch (TaskTimeoutException e) {
        out.printf("   After %s: %s%n", ms(System.nanoTime() - t0), oneLine(e));
      }
      Squared s = pool.apply(DemoTasks::squared, 7);
      out.printf(
          "   The pool goes on: square(7) = %d, computed on member %s, worker pid %d%n",
          s.square(), memberOf(s.by()), s.by().pid());
    }
  }

  /* --------------- 6. shared objects --------------- */

  private void sharedObjects(ClusterContext ctx) throws Exception {
    header(
        "6. Sharing between processes on the members: a queue, a pipe, a counter with and"
            + " without its lock");
    out.println(
        "   (The same code as the local demo's section 7: the processes run on the members'"
            + " workers, and the queue, the pipe and the counter travel to them by name.)");
    SharingSection.run(out, ctx, RACE_TIMES);
  }

  /* --------------- 7. a member killed mid-map --------------- */

  private void memberKilledMidMap(LocalMembers members, ClusterContext ctx, Pool pool)
      throws InterruptedException {
    header("7. A member killed in the middle of a map");
    Member victim = members.members().getLast();
    List<ProcessHandle> itsWorkers = members.workersOf(victim);
    out.printf(
        "   pool.map(sleepThenSayWho, %d x 1 s, chunksize=1) over both members; kill -9"
            + " member %s (pid %d) 300 ms in%n",
        2 * pool.processes(), victim.address(), victim.pid());
    long[] killedAt = {0};
    Thread killer =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    Thread.sleep(300);
                    members.kill(victim);
                    killedAt[0] = System.nanoTime();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    try {
      List<WhoRan> all =
          pool.map(DemoTasks::sleepThenSayWho, Collections.nCopies(2 * pool.processes(), 1000L), 1);
      throw new IllegalStateException("the map did not fail: " + all);
    } catch (MemberLostException e) {
      killer.join();
      out.printf(
          "   %s after the kill, pool.map threw MemberLostException; member() = %s%n",
          ms(System.nanoTime() - killedAt[0]), e.member());
    } finally {
      killer.join();
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (itsWorkers.stream().anyMatch(ProcessHandle::isAlive)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the killed member's workers are still alive");
      }
      Thread.sleep(20);
    }
    out.printf(
        "   Its %d worker JVMs (pids %s) saw their member die and ended %s after the" + " kill.%n",
        itsWorkers.size(),
        itsWorkers.stream().map(ProcessHandle::pid).toList(),
        ms(System.nanoTime() - killedAt[0]));
    while (ctx.memberCount() > MEMBERS - 1 || pool.processes() > (MEMBERS - 1) * WORKERS) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the cluster still counts the killed member");
      }
      Thread.sleep(20);
    }
    List<Squared> squares = pool.map(DemoTasks::squared, List.of(1, 2, 3, 4));
    out.printf(
        "   The pool goes on with %d member: pool.map(square, [1, 2, 3, 4]) = %s, on"
            + " member %s%n",
        ctx.memberCount(),
        squares.stream().map(Squared::square).toList(),
        describe(squares.stream().map(s -> memberOf(s.by())).distinct().sorted().toList()));
  }

  /* --------------- helpers --------------- */

  /** Waits until the client sees every member and the pool every worker. */
  private static void awaitClusterWorkers(ClusterContext ctx, Pool pool)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (ctx.memberCount() < MEMBERS
        || pool.processes() < MEMBERS * WORKERS
        || pool.workers().size() < MEMBERS) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the cluster did not form within "
                + WAIT
                + ": "
                + ctx.memberCount()
                + " members, workers "
                + pool.workers());
      }
      Thread.sleep(20);
    }
  }

  /** The member a cluster worker belongs to: its name is {@code ClusterWorker@host:port-n}. */
  static String memberOf(WhoRan worker) {
    String name = worker.name();
    int at = name.indexOf('@');
    int dash = name.lastIndexOf('-');
    return at < 0 || dash < at ? name : name.substring(at + 1, dash);
  }

  private void header(String title) {
    out.println();
    out.println(title);
  }
}
