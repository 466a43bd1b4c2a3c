package dev.multiproc.internal.threads;

import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.pool.BrokenPoolException;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.process.ProcessInfo;
import dev.multiproc.spi.EngineLifecycle;
import dev.multiproc.spi.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Runs tasks on a fixed number of daemon worker threads: what the threads context's {@code Pool}
 * and {@code ProcessPoolExecutor} are built on. Python: {@code multiprocessing.pool.ThreadPool}.
 *
 * <p>The pool's options mean what they mean for processes, as far as a thread allows: the
 * initializer runs once per thread before its first task (if it throws, the pool is broken, as
 * the process pool does); after {@code maxTasksPerChild} tasks a thread is replaced by a new one
 * (which runs the initializer again); when a task runs past {@code taskTimeout} its future fails
 * with {@link TaskTimeoutException} and its thread is <em>interrupted</em>, not killed: it is
 * abandoned (replaced at once by a new thread) and exits whenever the task returns. A task that
 * ignores interrupts keeps its thread busy for as long as it runs. {@code cancel(true)} of a
 * running task interrupts its thread. The JVM options and class filter do not apply.
 */
public final class ThreadPoolEngine implements EngineLifecycle {
  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final long PID = ProcessHandle.current().pid();

  private enum State {
    RUNNING,
    CLOSING,
    TERMINATED
  }

  /** One submitted task. */
  final class Job {
    final JobOutcome outcome;
    final Callable<?> body;
    final Runnable original;
    private @Nullable Thread runner; // guarded by this
    private boolean timedOut; // guarded by this
    private @Nullable ScheduledFuture<?> deadline;

    Job(Callable<?> body, Runnable original, JobOutcome outcome) {
      this.body = body;
      this.original = original;
      this.outcome = outcome;
      outcome.job = this;
    }

    /** Marks the job as running on this thread; false if it was cancelled before. */
    synchronized boolean begin() {
      if (outcome.isDone()) {
        return false;
      }
      runner = Thread.currentThread();
      if (timer != null) {
        deadline = timer.schedule(this::timeOut, timeoutNanos, TimeUnit.NANOSECONDS);
      }
      return true;
    }

    /** Marks the job as no longer running; returns whether it timed out (its thread abandoned). */
    synchronized boolean end() {
      runner = null;
      if (deadline != null) {
        deadline.cancel(false);
      }
      Thread.interrupted(); // an interrupt meant for this job must not reach the next
      return timedOut;
    }

    synchronized void interrupt() {
      if (runner != null) {
        runner.interrupt();
      }
    }

    private void timeOut() {
      Thread t;
      synchronized (this) {
        t = runner;
        if (t == null) {
          return;
        }
        timedOut = true;
      }
      // fail the future first, so what the interrupt makes the task throw does not win
      outcome.completeExceptionally(new TaskTimeoutException(t.getName(), options.taskTimeout()));
      t.interrupt(); // harmless if the task ended meanwhile: the thread exits after it
      abandoned(t);
    }
  }

  /** A task's future: {@code cancel(true)} interrupts the thread running it. */
  static final class JobOutcome extends Outcome<Object> {
    private volatile @Nullable Job job;

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      Job j = job;
      if (cancelled && mayInterruptIfRunning && j != null) {
        j.interrupt();
      }
      return cancelled;
    }
  }

  private final PoolOptions options;
  private final String prefix;
  private final long timeoutNanos;
  private final @Nullable ScheduledExecutorService timer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Job> pending = new ArrayDeque<>();
  private final Set<Job> running = new HashSet<>();
  private final Set<Thread> workers = new HashSet<>();
  private final AtomicInteger threadCounter = new AtomicInteger();
  private State state = State.RUNNING;
  private @Nullable BrokenPoolException broken;

  /**
   * Creates the engine and starts its threads.
   *
   * @param options the options
   * @param kind {@code PoolWorker} or {@code ExecutorWorker}, for thread names
   */
  public ThreadPoolEngine(PoolOptions options, String kind) {
    this.options = options;
    this.prefix = "ThreadPool-" + POOLS.incrementAndGet() + "-" + kind + "-";
    this.timeoutNanos = options.taskTimeout().toNanos();
    this.timer =
        timeoutNanos == 0
            ? null
            : Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, prefix + "deadlines");
                  t.setDaemon(true);
                  return t;
                });
    lock.lock();
    try {
      for (int i = 0; i < options.processes(); i++) {
        startWorkerLocked();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the options.
   *
   * @return the options
   */
  @Override
  public PoolOptions options() {
    return options;
  }

  private void startWorkerLocked() {
    Thread t =
        Thread.ofPlatform()
            .name(prefix + threadCounter.incrementAndGet())
            .daemon(true)
            .unstarted(this::workerLoop);
    workers.add(t);
    t.start();
  }

  private void workerLoop() {
    try {
      SerializableRunnable init = options.initializer();
      if (init != null) {
        try {
          init.run();
        } catch (Throwable t) {
          breakPool(new BrokenPoolException("the pool's initializer threw in a worker: " + t, t));
          return;
        }
      }
      int done = 0;
      while (true) {
        Job job = take();
        if (job == null) {
          return;
        }
        if (!job.begin()) {
          finished(job);
          continue;
        }
        Object value = null;
        Throwable error = null;
        try {
          value = job.body.call();
        } catch (Throwable t) {
          error = t;
        }
        boolean abandoned = job.end();
        finished(job);
        if (error == null) {
          job.outcome.complete(value);
        } else {
          job.outcome.completeExceptionally(error);
        }
        if (abandoned) {
          return; // replaced already
        }
        if (options.maxTasksPerChild() > 0 && ++done >= options.maxTasksPerChild()) {
          retire();
          return;
        }
      }
    } finally {
      exited(Thread.currentThread());
    }
  }

  private @Nullable Job take() {
    lock.lock();
    try {
      while (pending.isEmpty() && state == State.RUNNING && broken == null) {
        changed.awaitUninterruptibly();
      }
      Job job = pending.pollFirst();
      if (job != null) {
        running.add(job);
      }
      return job;
    } finally {
      lock.unlock();
    }
  }

  private void finished(Job job) {
    lock.lock();
    try {
      running.remove(job);
    } finally {
      lock.unlock();
    }
  }

  /** This worker ran its tasks: a fresh one takes its place. */
  private void retire() {
    lock.lock();
    try {
      if (workers.remove(Thread.currentThread())
          && broken == null
          && (state == State.RUNNING || (state == State.CLOSING && !pending.isEmpty()))) {
        startWorkerLocked();
      }
    } finally {
      lock.unlock();
    }
  }

  /** A timed-out task's thread leaves the pool; a new one replaces it. */
  private void abandoned(Thread t) {
    lock.lock();
    try {
      workers.remove(t); // it may have exited already: it is replaced all the same
      if (state != State.TERMINATED && broken == null) {
        startWorkerLocked();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void exited(Thread t) {
    lock.lock();
    try {
      workers.remove(t);
      if (workers.isEmpty() && state != State.RUNNING && timer != null) {
        timer.shutdownNow();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void breakPool(BrokenPoolException e) {
    List<Job> failed;
    lock.lock();
    try {
      if (broken == null) {
        broken = e;
      }
      failed = new ArrayList<>(pending);
      pending.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    failed.forEach(j -> j.outcome.completeExceptionally(e));
  }

  /**
   * Queues a task.
   *
   * @param body what to run
   * @param original what {@code shutdownNow} hands back if it never started
   * @return its future
   * @throws IllegalStateException if the pool no longer accepts tasks
   * @throws BrokenPoolException if the pool is broken
   */
  public Outcome<Object> submit(Callable<?> body, Runnable original) {
    var outcome = new JobOutcome();
    var job = new Job(body, original, outcome);
    lock.lock();
    try {
      if (broken != null) {
        throw new BrokenPoolException(
            java.util.Objects.requireNonNullElse(broken.getMessage(), "broken"), broken.getCause());
      }
      if (state != State.RUNNING) {
        throw new IllegalStateException("Pool not running: it was closed or terminated");
      }
      pending.addLast(job);
      changed.signal();
    } finally {
      lock.unlock();
    }
    return outcome;
  }

  /** Accepts no more tasks; the queued ones still run. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (state == State.RUNNING) {
        state = State.CLOSING;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Accepts no more tasks, fails the queued and running ones with {@link CancellationException}
   * and interrupts the running ones.
   *
   * @return what the tasks that never started were submitted as
   */
  @Override
  public List<Runnable> terminate() {
    List<Job> neverStarted;
    List<Job> stopped;
    lock.lock();
    try {
      state = State.TERMINATED;
      neverStarted = new ArrayList<>(pending);
      pending.clear();
      stopped = new ArrayList<>(running);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    var e = new CancellationException("the pool was terminated");
    neverStarted.forEach(j -> j.outcome.completeExceptionally(e));
    for (Job j : stopped) {
      j.outcome.completeExceptionally(e);
      j.interrupt();
    }
    return neverStarted.stream().map(j -> j.original).toList();
  }

  /**
   * Whether {@link #close()} or {@link #terminate()} was called.
   *
   * @return whether shut down
   */
  @Override
  public boolean isShutdown() {
    lock.lock();
    try {
      return state != State.RUNNING;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether shut down and every worker thread has exited (abandoned ones are not waited for).
   *
   * @return whether terminated
   */
  @Override
  public boolean isTerminated() {
    lock.lock();
    try {
      return state != State.RUNNING && workers.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until every worker thread has exited, abandoned ones aside.
   *
   * @param timeoutNanos how long; negative for ever
   * @return whether they all exited
   * @throws InterruptedException if interrupted
   */
  @Override
  public boolean awaitTermination(long timeoutNanos) throws InterruptedException {
    lock.lock();
    try {
      return EngineLifecycle.awaitWhile(
          changed, () -> !workers.isEmpty() || state == State.RUNNING, timeoutNanos);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the worker threads, as name and (this JVM's) pid.
   *
   * @return the workers
   */
  @Override
  public List<ProcessInfo> workers() {
    lock.lock();
    try {
      return workers.stream().map(t -> new ProcessInfo(t.getName(), PID)).toList();
    } finally {
      lock.unlock();
    }
  }
}
