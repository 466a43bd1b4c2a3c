package dev.multiproc.internal.spawn;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every worker JVM of this process that still runs, so that this JVM's exit can end the pool
 * workers and spares at once instead of leaving them to notice.
 *
 * <p>Why at once: a thread blocked reading a child's output pipe is "in native", and HotSpot's
 * exit waits up to 300 ms for such threads (measured on JDK 25: every exit of a JVM with a live
 * worker took ~330 ms more). Killing the workers first ends those reads with EOF. Child processes
 * are left alone: the exit joins or terminates them as Python does ({@link ChildRegistry}).
 */
final class LiveWorkers {
  private static final Set<Worker> LIVE = ConcurrentHashMap.newKeySet();

  /** Worker JVMs launched and not yet connected (or failed). */
  private static final Set<Process> STARTING = ConcurrentHashMap.newKeySet();

  private static final long PUMP_DRAIN_MS = 200;

  static {
    try {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(LiveWorkers::atExit, "multiproc-workers-at-exit"));
    } catch (IllegalStateException e) {
      // first used while this JVM shuts down: no worker can be started any more (no directory)
    }
  }

  private LiveWorkers() {}

  static Worker add(Worker worker) {
    LIVE.add(worker);
    worker.onExit().whenComplete((p, e) -> LIVE.remove(worker));
    return worker;
  }

  /** Notes a worker JVM just launched, until {@link #startEnded}. */
  static void starting(Process process) {
    STARTING.add(process);
  }

  /** The JVM launched is connected (then {@link #add}ed), or its start failed. */
  static void startEnded(Process process) {
    STARTING.remove(process);
  }

  /**
   * Kills the worker JVMs still starting: at this JVM's exit, before their socket directory and
   * argument files are removed, so that none of them reports on the shared stderr that it found
   * them gone (the java launcher itself would, for a missing argument file).
   */
  static void killStarting() {
    for (Process p : STARTING) {
      p.destroyForcibly();
    }
  }

  private static void atExit() {
    killStarting();
    List<Worker> ended = new ArrayList<>();
    for (Worker w : LIVE) {
      if (!w.isChild()) {
        w.process().toHandle().destroyForcibly();
        ended.add(w);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PUMP_DRAIN_MS);
    for (Worker w : ended) {
      for (Thread pump : w.pumps()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          pump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
