package dev.multiproc.cli;

import dev.multiproc.Multiprocessing;
import dev.multiproc.cli.SoakTasks.Kind;
import dev.multiproc.internal.footprint.Footprint;
import dev.multiproc.internal.spawn.SpareWorkers;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.process.ProcessInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code multiproc soak}: runs a pool under random faults for a while and checks that no task is
 * lost, no result is wrong, every failure is one an injected fault explains, and nothing is left
 * behind. The faults: SIGKILLs of random workers, optionally SIGSTOP/SIGCONT of random workers,
 * tasks that call {@code System.exit} and tasks that sleep past the task timeout. Each interval is
 * drawn from an exponential distribution with the given mean, from {@code --seed}.
 *
 * <p>Tasks come as a steady stream, at most {@link #WINDOW_PER_WORKER} per worker in flight;
 * each computes a value the soak knows in advance. At the end the soak stops the faults, waits
 * for what is in flight (a task that never ends is <em>lost</em>), closes the pool, and compares
 * the process's {@link Footprint} with the one taken before: processes (grandchildren and
 * re-parented orphans included), segments, socket files, file descriptors and library threads.
 * It exits with 0 when all is well, 1 otherwise.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Runs a pool under random SIGKILLs (and optionally SIGSTOPs) of its workers, tasks that",
      "call System.exit and tasks that time out, then reports submitted / completed / failed /",
      "lost / leaked. Exits with 1 if a task was lost, a result wrong, a failure unexplained",
      "or anything leaked."
    })
public final class SoakCommand implements Callable<Integer> {
  /** Tasks in flight per worker. */
  static final int WINDOW_PER_WORKER = 4;

  /** How long in-flight tasks get to finish after the faults stop, beyond the task timeout. */
  static final Duration DRAIN = Duration.ofSeconds(60);

  @Spec private CommandSpec spec;

  @Option(
      names = "--minutes",
      defaultValue = "1",
      description =
          "How long to run (fractions" + " allowed: 0.5 is 30 seconds). Default: ${DEFAULT-VALUE}.")
  private double minutes;

  @Option(
      names = "--workers",
      defaultValue = "2",
      description = "Worker processes in the pool. Default: ${DEFAULT-VALUE}.")
  private int workers;

  @Option(
      names = "--kill-every",
      defaultValue = "1",
      paramLabel = "SECONDS",
      description =
          "Mean seconds between SIGKILLs of a random worker; 0 for none."
              + " Default: ${DEFAULT-VALUE}.")
  private double killEvery;

  @Option(
      names = "--freeze-every",
      defaultValue = "0",
      paramLabel = "SECONDS",
      description =
          "Mean seconds between SIGSTOPs of a random worker, each thawed (SIGCONT)"
              + " after up to twice the task timeout; 0 for none. Default: ${DEFAULT-VALUE}.")
  private double freezeEvery;

  @Option(
      names = "--exit-every",
      defaultValue = "5",
      paramLabel = "SECONDS",
      description =
          "Mean seconds between tasks that call System.exit; 0 for none."
              + " Default: ${DEFAULT-VALUE}.")
  private double exitEvery;

  @Option(
      names = "--hang-every",
      defaultValue = "5",
      paramLabel = "SECONDS",
      description =
          "Mean seconds between tasks that sleep past the task timeout; 0 for none."
              + " Default: ${DEFAULT-VALUE}.")
  private double hangEvery;

  @Option(
      names = "--task-timeout",
      defaultValue = "2",
      paramLabel = "SECONDS",
      description = "The pool's task timeout. Default: ${DEFAULT-VALUE}.")
  private double taskTimeout;

  @Option(
      names = "--seed",
      description = "Seed of the fault schedule. Default: random," + " printed.")
  private Long seed;

  /** Creates the command. */
  public SoakCommand() {}

  /**
   * Runs the soak.
   *
   * @return 0 if nothing was lost, wrong, unexplained or leaked; 1 otherwise; 2 for bad options
   * @throws Exception if interrupted
   */
  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (minutes <= 0
        || workers < 1
        || killEvery < 0
        || freezeEvery < 0
        || exitEvery < 0
        || hangEvery < 0
        || taskTimeout <= 0) {
      spec.commandLine()
          .getErr()
          .printf(
              "soak: bad options: minutes=%s (> 0), workers=%d (>= 1),"
                  + " intervals >= 0, task-timeout=%s (> 0)%n",
              minutes, workers, taskTimeout);
      return 2;
    }
    long actualSeed = seed != null ? seed : new Random().nextLong();
    Duration timeout = Duration.ofMillis(Math.round(taskTimeout * 1000));
    out.printf(
        "soak: %s min, %d workers, seed %d; mean seconds between SIGKILLs %s,"
            + " SIGSTOPs %s, exit tasks %s, hang tasks %s; task timeout %s s%n",
        minutes,
        workers,
        actualSeed,
        every(killEvery),
        every(freezeEvery),
        every(exitEvery),
        every(hangEvery),
        taskTimeout);
    out.flush();

    SpareWorkers.get().warmUp();
    SpareWorkers.get().awaitReady(30_000);
    Footprint before = Footprint.take();
    var tally = new SoakTally();
    boolean closed = run(actualSeed, timeout, tally, out);
    SpareWorkers.get().awaitReady(30_000);
    List<String> leaks = Footprint.settle(before, Duration.ofSeconds(10)).growthSince(before);

    tally.checkTotals();
    tally.print(out);
    out.println("  leaked      " + (leaks.isEmpty() ? "nothing" : String.join("; ", leaks)));
    if (!closed) {
      out.println("  the pool did not close within " + DRAIN + " and was terminated");
    }
    boolean pass =
        closed
            && leaks.isEmpty()
            && tally.lostCount() == 0
            && tally.wrongCount() == 0
            && tally.unexpectedCount() == 0;
    out.println("soak: " + (pass ? "PASS" : "FAIL"));
    out.flush();
    return pass ? 0 : 1;
  }

  private static String every(double seconds) {
    return seconds == 0 ? "off" : Double.toString(seconds);
  }

  /** Runs the pool and the faults; returns whether the pool closed in time. */
  private boolean run(long seed, Duration timeout, SoakTally tally, PrintWriter out)
      throws InterruptedException {
    long endNanos = System.nanoTime() + Math.round(minutes * 60e9);
    int window = WINDOW_PER_WORKER * workers;
    var slots = new Semaphore(window);
    var pendingExits = new AtomicInteger();
    var pendingHangs = new AtomicInteger();
    var stop = new AtomicBoolean();
    Pool pool = Multiprocessing.local().pool(PoolOptions.of(workers).withTaskTimeout(timeout));
    var faults =
        new FaultLoop(pool, new Random(seed), timeout, tally, pendingExits, pendingHangs, stop);
    Thread faultThread = Thread.ofPlatform().name("soak-faults").start(faults);
    Random inputs = new Random(seed ^ 0x5DEECE66DL);
    long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    try {
      while (System.nanoTime() - endNanos < 0) {
        if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        Kind kind = take(pendingExits) ? Kind.EXIT : take(pendingHangs) ? Kind.HANG : Kind.WORK;
        long x = inputs.nextLong();
        AsyncResult<Long> result =
            switch (kind) {
              case WORK -> pool.applyAsync(SoakTasks::answer, x);
              case EXIT -> pool.applyAsync(SoakTasks::exit, x);
              case HANG -> pool.applyAsync(SoakTasks::hang, 4 * timeout.toMillis());
            };
        tally.submitted(kind);
        result
            .toCompletableFuture()
            .whenComplete(
                (v, e) -> {
                  tally.record(kind, x, v, e);
                  slots.release();
                });
        if (System.nanoTime() - nextReport > 0) {
          nextReport += TimeUnit.SECONDS.toNanos(15);
          spec.commandLine()
              .getErr()
              .printf(
                  "[soak] submitted %d, completed %d, %d SIGKILLs," + " %d SIGSTOPs%n",
                  tally.submittedCount(),
                  tally.completedCount(),
                  tally.killCount(),
                  tally.freezeCount());
          spec.commandLine().getErr().flush();
        }
      }
    } finally {
      stop.set(true);
      faultThread.join();
    }
    long drainMillis = timeout.toMillis() * 4 + DRAIN.toMillis();
    if (!slots.tryAcquire(window, drainMillis, TimeUnit.MILLISECONDS)) {
      tally.lost(window - slots.availablePermits());
      // a stall: say what the pool and every thread were doing, then end the pool at once
      out.println("  stalled: " + pool);
      StallReport.threads(out);
      pool.terminate();
    }
    pool.close();
    Thread joiner =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    pool.join();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    joiner.join(DRAIN.toMillis());
    boolean closed = !joiner.isAlive();
    if (!closed) {
      pool.terminate();
      joiner.join(DRAIN.toMillis());
    }
    out.flush();
    return closed;
  }

  private static boolean take(AtomicInteger pending) {
    return pending.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  /**
   * Injects the faults until told to stop: each kind at exponentially distributed intervals;
   * frozen workers are thawed after a random time, and all of them when it stops.
   */
  private final class FaultLoop implements Runnable {
    private final Pool pool;
    private final Random random;
    private final Duration timeout;
    private final SoakTally tally;
    private final AtomicInteger pendingExits;
    private final AtomicInteger pendingHangs;
    private final AtomicBoolean stop;
    private final Map<Long, Long> thawAt = new HashMap<>();

    FaultLoop(
        Pool pool,
        Random random,
        Duration timeout,
        SoakTally tally,
        AtomicInteger pendingExits,
        AtomicInteger pendingHangs,
        AtomicBoolean stop) {
      this.pool = pool;
      this.random = random;
      this.timeout = timeout;
      this.tally = tally;
      this.pendingExits = pendingExits;
      this.pendingHangs = pendingHangs;
      this.stop = stop;
    }

    private long next(double meanSeconds, long now) {
      if (meanSeconds == 0) {
        return Long.MAX_VALUE;
      }
      double seconds = -meanSeconds * Math.log(1 - random.nextDouble());
      return now + Math.round(seconds * 1e9);
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      long kill = next(killEvery, now);
      long freeze = next(freezeEvery, now);
      long exit = next(exitEvery, now);
      long hang = next(hangEvery, now);
      try {
        while (!stop.get()) {
          now = System.nanoTime();
          if (now - kill >= 0) {
            victim()
                .ifPresent(
                    pid -> {
                      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                      tally.killed();
                    });
            kill = next(killEvery, now);
          }
          if (now - freeze >= 0) {
            long stopFor = Math.round(random.nextDouble() * 2 * timeout.toNanos());
            victim()
                .filter(pid -> !thawAt.containsKey(pid))
                .ifPresent(
                    pid -> {
                      if (signal("STOP", pid)) {
                        thawAt.put(pid, System.nanoTime() + stopFor);
                        tally.froze();
                      }
                    });
            freeze = next(freezeEvery, now);
          }
          if (now - exit >= 0) {
            pendingExits.incrementAndGet();
            exit = next(exitEvery, now);
          }
          if (now - hang >= 0) {
            pendingHangs.incrementAndGet();
            hang = next(hangEvery, now);
          }
          thawAt
              .entrySet()
              .removeIf(
                  e -> {
                    if (System.nanoTime() - e.getValue() >= 0) {
                      signal("CONT", e.getKey());
                      return true;
                    }
                    return false;
                  });
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
      } finally {
        thawAt.keySet().forEach(pid -> signal("CONT", pid));
      }
    }

    private java.util.Optional<Long> victim() {
      List<ProcessInfo> live = pool.workers();
      return live.isEmpty()
          ? java.util.Optional.empty()
          : java.util.Optional.of(live.get(random.nextInt(live.size())).pid());
    }

    private boolean signal(String name, long pid) {
      try {
        Process kill =
            new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
