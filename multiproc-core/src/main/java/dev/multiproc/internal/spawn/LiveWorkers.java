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
  private static final long PUMP_DRAIN_MS = 200;

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(LiveWorkers::atExit, "multiproc-workers-at-exit"));
  }

  private LiveWorkers() {}

  static Worker add(Worker worker) {
    LIVE.add(worker);
    worker.onExit().whenComplete((p, e) -> LIVE.remove(worker));
    return worker;
  }

  private static void atExit() {
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
