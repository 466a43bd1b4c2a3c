package dev.multiproc.internal.spawn;

import dev.multiproc.process.JvmOptions;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Worker JVMs started ahead of need, connected and idle, so that {@code start()} and a new pool
 * get a ready JVM instead of waiting ~60 ms for one. Only workers with the default {@link
 * JvmOptions} are kept warm; a taken spare is replaced in the background.
 *
 * <p>How many are kept: the system property {@code multiproc.spares} (default 1; 0 turns this
 * off). An idle spare costs memory (a small SerialGC heap) and no CPU. Spares are children of this
 * JVM with a lifeline like every worker: they exit when it does.
 */
public final class SpareWorkers {
  private static final System.Logger LOG = System.getLogger("dev.multiproc.spawn");

  private static final SpareWorkers INSTANCE =
      new SpareWorkers(Integer.getInteger("multiproc.spares", 1));

  private final int target;
  private final ArrayDeque<Worker> ready = new ArrayDeque<>();
  private int launching;

  private SpareWorkers(int target) {
    this.target = Math.max(0, target);
  }

  /**
   * Returns the process-wide spares.
   *
   * @return the spares
   */
  public static SpareWorkers get() {
    return INSTANCE;
  }

  /** Starts spares up to the target, in the background. */
  public void warmUp() {
    int toStart;
    synchronized (this) {
      toStart = target - ready.size() - launching;
      launching += Math.max(0, toStart);
    }
    for (int i = 0; i < toStart; i++) {
      Thread.ofPlatform().daemon().name("multiproc-spare").start(this::launchOne);
    }
  }

  private void launchOne() {
    Worker w = null;
    try {
      w = WorkerLauncher.launch(JvmOptions.defaults(), true);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not start a spare worker JVM: " + e.getMessage());
    }
    synchronized (this) {
      launching--;
      if (w != null) {
        ready.add(w);
        notifyAll();
      }
    }
  }

  /**
   * Returns a connected worker: a warm spare when {@code options} are the defaults and one is
   * ready, else a new one (which blocks while it starts).
   *
   * @param options how the worker must be started
   * @return a connected, unconfigured worker
   * @throws IOException if a new worker cannot be started
   */
  public Worker take(JvmOptions options) throws IOException {
    if (options.equals(JvmOptions.defaults())) {
      Worker spare = null;
      List<Worker> stale = new ArrayList<>();
      boolean inheritOut = ChildOutput.inheritStdout();
      synchronized (this) {
        while (!ready.isEmpty() && spare == null) {
          Worker w = ready.poll();
          if (w.isAlive() && w.inheritsStdout() == inheritOut) {
            spare = w;
          } else if (w.isAlive()) {
            stale.add(w); // started when System.out was another stream: its output goes astray
          }
        }
      }
      stale.forEach(Worker::release);
      warmUp();
      if (spare != null) {
        return spare;
      }
    }
    return WorkerLauncher.launch(options);
  }

  /**
   * Waits until at least one spare is ready, for benchmarks and tests that measure a warm start.
   *
   * @param timeoutMillis how long to wait
   * @return whether one is ready
   * @throws InterruptedException if interrupted
   */
  public synchronized boolean awaitReady(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (ready.isEmpty() && target > 0) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return !ready.isEmpty();
  }

  /**
   * Returns whether {@code pid} is a spare (connected and waiting), so leak checks can skip it.
   *
   * @param pid a process id
   * @return whether it is a spare
   */
  public synchronized boolean isSpare(long pid) {
    return ready.stream().anyMatch(w -> w.pid() == pid);
  }
}
