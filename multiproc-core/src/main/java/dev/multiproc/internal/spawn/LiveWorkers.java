package dev.multiproc.internal.spawn;

import java.io.IOException;
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

  /** Held while a worker JVM is launched and noted as starting, and by the exit's kill. */
  private static final Object LAUNCHING = new Object();

  /** Whether this JVM's exit began to kill the starting workers: none is launched after. */
  private static boolean exiting;

  /**
   * Launches a worker JVM and notes it as starting, until {@link #startEnded}: as one step
   * against this JVM's exit, so that the exit's {@link #killStarting} finds every JVM launched
   * before it (a JVM launched and not yet noted would find its argument file gone, and say so on
   * the shared stderr), and none is launched after it.
   *
   * @param builder the worker's command
   * @return the process
   * @throws IOException if it cannot be launched, or this JVM is exiting
   */
  static Process launch(ProcessBuilder builder) throws IOException {
    synchronized (LAUNCHING) {
      if (exiting) {
        throw new IOException("this JVM is exiting: no worker JVM is started any more");
      }
      Process process = Spawner.start(builder);
      STARTING.add(process);
      return process;
    }
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
    synchronized (LAUNCHING) { // a launch under way is noted first
      exiting = true;
    }
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
