package dev.multiproc.internal.spawn;

import dev.multiproc.process.JvmOptions;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Worker JVMs that are up, connected and idle, so that {@code start()} and a new pool get a ready
 * JVM instead of waiting ~60 ms or more for one to start. Two kinds:
 *
 * <ul>
 *   <li><b>Spares</b>: started ahead of need with the default {@link JvmOptions}; a taken spare is
 *       replaced in the background, {@link #REPLACE_DELAY_MS} after it was taken for a process and at
 *       once when taken for a pool. How many: the
 *       system property {@value #SPARES_PROPERTY} (default 1; 0 turns this off). A spare
 *       yields to demand: while a worker JVM that a caller waits for starts (a pool's, or a
 *       child's for which no spare was ready), no spare starts, and the one wanted then starts
 *       {@link #REPLACE_DELAY_MS} after the last such start ended. On 2 cores, a spare that
 *       started beside a program's first pool made its first result ~15% later.
 *   <li><b>Kept workers</b>: workers a closed pool handed back ({@link #giveBack}), and workers
 *       that finished starting for a pool that no longer needed them. A kept worker that ran a
 *       pool's tasks goes only to another pool that allows reuse ({@link #takeForPool}), never to
 *       a {@code ChildProcess}; one that never ran anything goes to anyone asking for its options.
 *       At most {@value #KEEP_PROPERTY} are kept (default: the number of processors, at least 2);
 *       each exits after {@value #KEEP_SECONDS_PROPERTY} seconds unused (default 60).
 * </ul>
 *
 * <p>An idle worker costs memory (a small SerialGC heap) and no CPU. Every one is a child of this
 * JVM with a lifeline like every worker: they all exit when it does, however it ends.
 */
public final class SpareWorkers {
  /** The number of spares kept warm. */
  static final String SPARES_PROPERTY = "multiproc.spares";

  /** The most workers kept for reuse. */
  static final String KEEP_PROPERTY = "multiproc.keptWorkers";

  /** How long a kept worker waits unused before it exits, in seconds. */
  static final String KEEP_SECONDS_PROPERTY = "multiproc.keptWorkerSeconds";

  private static final System.Logger LOG = System.getLogger("dev.multiproc.spawn");

  /**
   * How long a replacement waits after its spare was taken. A JVM that starts takes both cores of
   * a small machine for a while (class loading, the JIT, the spare's warm-up): started at once,
   * it slowed the very start it replaced, whose child then ran, exited and was joined in about
   * twice the time; started as that child exited, it still slowed the join (measured on 2 cores,
   * in docs/startup.md).
   */
  static final long REPLACE_DELAY_MS = 200;

  private static final SpareWorkers INSTANCE =
      new SpareWorkers(
          Integer.getInteger(SPARES_PROPERTY, 1),
          Integer.getInteger(
              KEEP_PROPERTY, Math.max(2, Runtime.getRuntime().availableProcessors())),
          Long.getLong(KEEP_SECONDS_PROPERTY, 60));

  /** A kept worker: whether it ran a pool's tasks, and since when it waits. */
  private record Kept(Worker worker, boolean used, long sinceNanos) {}

  private final int target;
  private final int keepMax;
  private final long keepNanos;
  private final ArrayDeque<Worker> ready = new ArrayDeque<>();

  /** Most recently kept first: the warmest JIT is taken first, the oldest expires first. */
  private final ArrayDeque<Kept> kept = new ArrayDeque<>();

  private int launching;
  private int placing;

  /** Worker JVMs a caller waits for that are starting now ({@link #launch}). */
  private int demanded;

  /** Whether a spare is to start once no worker JVM a caller waits for is starting. */
  private boolean wantedAfterDemand;

  /** Kept workers whose pool sent them their release and has not yet seen them leave. */
  private int leaving;

  private boolean expiring;

  /** Whether this JVM started, or began to start, a worker of its own. */
  private volatile boolean startedWorkers;

  private SpareWorkers(int target, int keepMax, long keepSeconds) {
    this.target = Math.max(0, target);
    this.keepMax = Math.max(0, keepMax);
    this.keepNanos = Math.max(0, keepSeconds) * 1_000_000_000L;
  }

  /**
   * Returns the process-wide spares.
   *
   * @return the spares
   */
  public static SpareWorkers get() {
    return INSTANCE;
  }

  /**
   * Whether this JVM is shutting down: a spare started now would only be ended again.
   *
   * @return whether its shutdown hooks run
   */
  static boolean shuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
    } catch (IllegalStateException e) {
      return true;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(probe);
    } catch (IllegalStateException e) {
      return true; // it began meanwhile; the probe runs with the hooks and does nothing
    }
    return false;
  }

  /**
   * Starts spares up to the target, in the background; none once the JVM is shutting down, and
   * none while a worker JVM a caller waits for starts: then once it is up.
   */
  public void warmUp() {
    if (shuttingDown()) {
      return;
    }
    int toStart;
    synchronized (this) {
      if (demanded > 0 || placing > 0) {
        wantedAfterDemand = true;
        return;
      }
      toStart = target - ready.size() - launching;
      launching += Math.max(0, toStart);
    }
    if (toStart > 0) {
      startedWorkers = true;
    }
    for (int i = 0; i < toStart; i++) {
      Thread.ofPlatform().daemon().name("multiproc-spare").start(this::launchOne);
    }
  }

  /**
   * Starts spares up to the target {@link #REPLACE_DELAY_MS} from now: a program's first use of
   * the library is mostly followed at once by its first process or pool, whose own JVMs then
   * start first.
   */
  public void warmUpSoon() {
    replaceLater();
  }

  private void launchOne() {
    Worker w = null;
    try {
      w = WorkerLauncher.launch(JvmOptions.defaults(), true);
    } catch (IOException e) {
      if (!shuttingDown()) { // then no spare is wanted any more: nothing to say
        LOG.log(
            System.Logger.Level.WARNING, "could not start a spare worker JVM: " + e.getMessage());
      }
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
   * Returns a connected worker that never ran anything: a warm spare when {@code options} are the
   * defaults and one is ready, else a kept worker with these options that never ran a task, else
   * a new one (which blocks while it starts).
   *
   * @param options how the worker must be started
   * @return a connected, unconfigured worker
   * @throws IOException if a new worker cannot be started
   */
  public Worker take(JvmOptions options) throws IOException {
    Worker w = takeIdle(options, false, true);
    return w != null ? w : launch(options);
  }

  private Worker launch(JvmOptions options) throws IOException {
    startedWorkers = true;
    synchronized (this) {
      demanded++;
    }
    try {
      return WorkerLauncher.launch(options);
    } finally {
      synchronized (this) {
        demanded--;
        demandMayHaveEnded();
      }
    }
  }

  /**
   * Starts the spare that was wanted while worker JVMs a caller waits for started, once none
   * does, {@link #REPLACE_DELAY_MS} later: their callers' first work goes first.
   */
  private void demandMayHaveEnded() {
    assert Thread.holdsLock(this);
    if (wantedAfterDemand && demanded == 0 && placing == 0) {
      wantedAfterDemand = false;
      replaceLater();
    }
  }

  /**
   * Returns whether this JVM started, or began to start, a worker JVM of its own (a spare, a
   * child, a pool's): a pool worker that did is not reused, since what it started may still be
   * on its way.
   *
   * @return whether it did
   */
  public boolean hasStartedWorkers() {
    return startedWorkers;
  }

  /**
   * Returns a worker for a pool that is ready now, without starting a JVM: as {@link
   * #takeForPool}, or null when none is kept or ready, so that a pool takes those on its caller's
   * thread and starts threads only for the JVMs it must wait for.
   *
   * @param options how the worker must be started
   * @param reuse whether a worker that ran another pool's tasks will do
   * @return a connected, unconfigured worker, or null
   */
  public @org.jspecify.annotations.Nullable Worker takeReadyForPool(
      JvmOptions options, boolean reuse) {
    return takeIdle(options, reuse, false);
  }

  /**
   * Returns a connected worker for a pool: when {@code reuse}, a worker a closed pool with the
   * same options handed back (the most recent first); else as {@link #take}. A worker handed back
   * may still be on its way out of its last pool ({@link Worker#left()}): its new pool sends its
   * frames behind the release at once, and if the worker ends instead of leaving, it ran none of
   * them.
   *
   * @param options how the worker must be started
   * @param reuse whether a worker that ran another pool's tasks will do
   * @return a connected, unconfigured worker
   * @throws IOException if a new worker cannot be started
   */
  public Worker takeForPool(JvmOptions options, boolean reuse) throws IOException {
    Worker w = takeIdle(options, reuse, false);
    return w != null ? w : launch(options);
  }

  /**
   * Takes a kept worker or a ready spare, and has the spares made complete again: a spare taken
   * for a process is replaced {@link #REPLACE_DELAY_MS} later, so that the new JVM's start does
   * not slow the short-lived child's; one taken for a pool is replaced at once, so that the new
   * JVM starts while the pool starts rather than while it computes.
   */
  private @org.jspecify.annotations.Nullable Worker takeIdle(
      JvmOptions options, boolean used, boolean deferReplacement) {
    Worker found = null;
    boolean fromSpares = false;
    boolean defaults = options.equals(JvmOptions.defaults());
    boolean inheritOut = ChildOutput.inheritStdout();
    List<Worker> stale = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Kept> it = kept.iterator(); it.hasNext() && found == null; ) {
        Kept k = it.next();
        if (!k.worker().isAlive()) {
          it.remove();
        } else if ((used || !k.used())
            && k.worker().options().equals(options)
            && k.worker().inheritsStdout() == inheritOut) {
          it.remove();
          found = k.worker();
        }
      }
      while (found == null && defaults && !ready.isEmpty()) {
        Worker w = ready.poll();
        if (w.isAlive() && w.inheritsStdout() == inheritOut) {
          found = w;
          fromSpares = true;
        } else if (w.isAlive()) {
          stale.add(w); // started when System.out was another stream: its output goes astray
        }
      }
    }
    stale.forEach(Worker::release);
    if (fromSpares && deferReplacement) {
      replaceLater();
    } else if (found == null && defaults) {
      // its caller starts a JVM of its own next: the spare waits until that one is up (the
      // later warm-up finds it starting, or finds the spares complete if it was not started)
      replaceLater();
    } else if (defaults) {
      warmUp();
    }
    return found;
  }

  /**
   * Starts the replacement of a spare just taken {@link #REPLACE_DELAY_MS} from now, so that the
   * new JVM's start does not compete for the CPU with the start it replaces. A {@link #warmUp()}
   * meanwhile (another start, a test) starts it at once; the later one then finds the spares
   * complete and starts nothing.
   */
  private void replaceLater() {
    CompletableFuture.delayedExecutor(REPLACE_DELAY_MS, TimeUnit.MILLISECONDS)
        .execute(this::warmUp);
  }

  /**
   * Keeps an idle, connected worker for later, or lets it go when enough are kept. A worker still
   * on its way out of its pool ({@link Worker#left()} not done) is kept at once, and dropped if
   * it ends instead of leaving (a task of that pool left something running in it).
   *
   * @param worker a worker waiting for its next job ({@link WorkerMain}'s loop), or sent its
   *     release
   * @param used whether it ran a pool's tasks (then it goes only to pools that allow reuse)
   */
  public void giveBack(Worker worker, boolean used) {
    boolean keep;
    CompletableFuture<Boolean> left = worker.left();
    boolean onItsWay = !left.isDone();
    boolean ran = used || worker.ranPoolTasks(); // taken for a pool that then needed it not
    worker.ranPoolTasks(ran);
    synchronized (this) {
      keep = kept.size() < keepMax && keepNanos > 0 && worker.isAlive();
      if (keep) {
        kept.addFirst(new Kept(worker, ran, System.nanoTime()));
        if (onItsWay) {
          leaving++;
        }
        if (!expiring) {
          expiring = true;
          Thread.ofPlatform().daemon().name("multiproc-kept-workers").start(this::expire);
        }
        notifyAll();
      }
    }
    if (keep && onItsWay) {
      left.thenAccept(hasLeft -> settled(worker, hasLeft));
    } else if (!keep) {
      worker.release(); // one on its way out exits once it reads the end of its channel
    }
  }

  /** A kept worker's pool saw it leave, or end: one that ended is no longer kept. */
  private synchronized void settled(Worker worker, boolean left) {
    leaving--;
    if (!left) {
      kept.removeIf(k -> k.worker() == worker);
    }
    notifyAll();
  }

  /** Lets kept workers go once they waited {@link #keepNanos}; ends when none is left. */
  private void expire() {
    while (true) {
      List<Worker> expired;
      synchronized (this) {
        if (kept.isEmpty()) {
          expiring = false;
          return;
        }
        long now = System.nanoTime();
        expired =
            kept.stream()
                .filter(k -> now - k.sinceNanos() >= keepNanos || !k.worker().isAlive())
                .map(Kept::worker)
                .toList();
        kept.removeIf(k -> expired.contains(k.worker()));
        if (expired.isEmpty()) {
          long wait = keepNanos - (now - kept.getLast().sinceNanos());
          try {
            wait(Math.max(1, wait / 1_000_000));
          } catch (InterruptedException e) {
            expiring = false;
            return;
          }
          continue;
        }
      }
      expired.forEach(Worker::release);
    }
  }

  /**
   * Ends every kept worker now (the spares stay): they are idle, so nothing is lost. For tests
   * that count what a test class leaves behind, and for a caller that wants the memory back now.
   */
  public void releaseKept() {
    List<Worker> all;
    synchronized (this) {
      all = kept.stream().map(Kept::worker).toList();
      kept.clear();
      notifyAll();
    }
    all.forEach(Worker::kill);
  }

  /**
   * Notes that a worker is being started or set up for a pool on a thread of its own, which
   * ends in the pool or in {@link #giveBack}: {@link #awaitPlacements} waits for it. Every call
   * is paired with {@link #endPlacement()}.
   */
  public synchronized void beginPlacement() {
    placing++;
  }

  /** Notes that a worker begun with {@link #beginPlacement()} is in its pool or kept here. */
  public synchronized void endPlacement() {
    placing--;
    demandMayHaveEnded();
    notifyAll();
  }

  /**
   * Waits until no worker is on its way to a pool or to the kept ones: after a pool closed while
   * one still started, that one is kept once it is up; a worker handed back has left its pool or
   * ended.
   *
   * @param timeoutMillis how long to wait
   * @return whether none is on its way
   * @throws InterruptedException if interrupted
   */
  public synchronized boolean awaitPlacements(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (placing > 0 || leaving > 0) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
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
   * Returns whether {@code pid} is a spare or a kept worker (connected and waiting), so leak
   * checks can skip it.
   *
   * @param pid a process id
   * @return whether it is idle here
   */
  public synchronized boolean isSpare(long pid) {
    return ready.stream().anyMatch(w -> w.pid() == pid)
        || kept.stream().anyMatch(k -> k.worker().pid() == pid);
  }

  /**
   * Returns the pids of the kept workers, most recently kept first, once each one handed back
   * has left its pool or ended (for at most 10 s).
   *
   * @return the pids (those of the moment, if interrupted while waiting; the interrupt is kept)
   */
  public synchronized List<Long> keptPids() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      while (leaving > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return kept.stream().map(k -> k.worker().pid()).toList();
  }
}
