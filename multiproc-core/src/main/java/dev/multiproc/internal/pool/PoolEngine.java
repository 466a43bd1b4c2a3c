package dev.multiproc.internal.pool;

import dev.multiproc.internal.jfr.JfrEvents;
import dev.multiproc.internal.spawn.SpareWorkers;
import dev.multiproc.internal.spawn.Worker;
import dev.multiproc.internal.transport.Frame;
import dev.multiproc.pool.BrokenPoolException;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.pool.TaskTransferException;
import dev.multiproc.pool.WorkerDiedException;
import dev.multiproc.process.ProcessInfo;
import dev.multiproc.spi.Codec;
import dev.multiproc.spi.EncodingException;
import dev.multiproc.spi.EngineLifecycle;
import dev.multiproc.spi.Outcome;
import dev.multiproc.spi.PoolTask;
import dev.multiproc.spi.TaggedCodec;
import dev.multiproc.spi.TaskCodec;
import dev.multiproc.spi.TaskEngine;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Runs encoded tasks on a set of worker JVMs; what {@code Pool} and {@code ProcessPoolExecutor}
 * are built on.
 *
 * <pre>
 *   submit() ─► pending ─► dispatch: least-loaded worker, at most DEPTH tasks each ─► CALL frames
 *                 ▲                                                                     │
 *                 │ (the tasks behind a dead worker's head go back, in order)   worker JVMs run
 *                 │                                                             them in order
 *   reader thread per worker ◄──────────────── RESULT / FAILURE frames, or EOF ◄───────┘
 *     completes futures, dispatches more; on EOF waits for the exit status and fails the head
 * </pre>
 *
 * <p>Concurrency: one lock guards {@code pending}, the slots and the state, and no I/O is done
 * under it. Frames are queued under it in each worker's {@link WorkerOutbox}, so the order of a
 * worker's in-flight list is the order it receives them, and written once it is released: on the
 * caller's thread when the write cannot block, else on a writer thread of that worker. A worker
 * that stops reading therefore holds up only the tasks sent to it; deadlines run on their own
 * timer thread and need only the lock, so the task it holds fails by its timeout and the worker
 * is killed and replaced. A task larger than {@link Pipelining#PIPELINE_LIMIT} bytes goes only to an
 * idle worker. Futures are completed, and results decoded, outside the lock.
 *
 * <p>Failure: a worker runs the tasks it is sent one after another, so when it dies the head of
 * its in-flight list is the task it was running: only that one fails ({@link
 * WorkerDiedException}, or {@link TaskTimeoutException} when the engine killed it for its
 * deadline); the others go back to the front of {@code pending}, and a new worker is started.
 * Python's {@code Pool} hangs forever here (bpo-22393); loky breaks the whole executor. A worker
 * is sent tasks only once the pool's initializer returned in it, so one that ends in the
 * initializer ran none: an initializer that throws, calls {@code System.exit} or halts breaks the
 * pool (every other worker would end the same way), and a worker killed there from outside is
 * replaced (see {@link InitializerDeaths}). A worker that dies before it connects
 * back is replaced too; the pool breaks only when none at all could start.
 *
 * <p>Parts: {@link WorkerPlacement} gets and sets up workers, {@link WorkerEvents} handles what a
 * worker says and its end, {@link Pipelining} decides which worker may take a task, {@link
 * TaskAnswers} completes the futures.
 */
public final class PoolEngine implements TaskEngine {
  private static final AtomicInteger WORKER_NAMES = new AtomicInteger();
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("multiproc-task-deadlines").unstarted(r));

  private static final Cleaner UNREACHABLE =
      Cleaner.create(r -> Thread.ofPlatform().daemon().name("multiproc-pool-cleaner").unstarted(r));

  enum State {
    RUNNING,
    CLOSING,
    TERMINATED
  }

  // The engine's state, shared with its parts WorkerPlacement and WorkerEvents: every mutable
  // field below is read and written under the lock.
  final PoolOptions options;
  final Codec codec;
  private final TaskCodec tasks;
  final TaskAnswers answers;
  final WorkerPlacement placement = new WorkerPlacement(this);
  final WorkerEvents events = new WorkerEvents(this);
  final Pipelining pipelining;
  final InitializerDeaths initializerDeaths;
  final byte[] initializer;
  private final String workerPrefix;
  private final AtomicLong ids = new AtomicLong();
  final ReentrantLock lock = new ReentrantLock();
  final Condition changed = lock.newCondition();
  final ArrayDeque<WorkItem> pending = new ArrayDeque<>();
  final List<Slot> slots = new ArrayList<>();

  /** Slots whose outbox got frames under the lock, to flush once it is released. */
  final List<Slot> toFlush = new ArrayList<>();

  int starting;

  /**
   * Tasks answered and not yet completed (their results are decoded outside the lock): the pool
   * is not terminated before they are, though their worker may have left it already.
   */
  int completing;

  /** Worker starts that failed in a row (no worker connected back in between). */
  int startFailures;

  State state = State.RUNNING;
  @Nullable BrokenPoolException broken;

  /**
   * Creates the engine and starts its workers in the background; tasks submitted before they are
   * ready wait in order.
   *
   * @param options the pool's options
   * @param workerPrefix the prefix of worker names, such as {@code PoolWorker}
   * @throws TaskTransferException if the initializer cannot be encoded
   */
  public PoolEngine(PoolOptions options, String workerPrefix) {
    this.options = options;
    TaggedCodec values = new TaggedCodec(options.classFilter());
    this.codec = values;
    this.tasks = new TaskCodec(values);
    this.answers = new TaskAnswers(values);
    this.pipelining = new Pipelining(options.maxTasksPerChild());
    this.initializerDeaths = new InitializerDeaths(options.processes());
    this.workerPrefix = workerPrefix;
    this.initializer =
        options.initializer() == null ? Frame.EMPTY : encodeValue(options.initializer());
    // workers that are up (kept, or a spare) are set up on this thread: a thread per worker
    // would only add its start and a wake-up to the first task's way
    List<Worker> ready = new ArrayList<>();
    while (ready.size() < options.processes()) {
      Worker w = SpareWorkers.get().takeReadyForPool(options.jvm(), options.reusesWorkers());
      if (w == null) {
        break;
      }
      ready.add(w);
    }
    lock.lock();
    try {
      starting += ready.size();
      for (int i = ready.size(); i < options.processes(); i++) {
        placement.startWorkerLocked();
      }
    } finally {
      unlock();
    }
    // every set-up frame first, so that each worker sets itself up while the next is sent
    List<WorkerPlacement.SetUp> setUps = new ArrayList<>();
    for (Worker w : ready) {
      WorkerPlacement.SetUp s = placement.setUp(w, nextWorkerName());
      if (s != null) {
        setUps.add(s);
      }
    }
    setUps.forEach(placement::placed);
  }

  String nextWorkerName() {
    return workerPrefix + "-" + WORKER_NAMES.incrementAndGet();
  }

  /**
   * Terminates this engine when {@code owner}, the pool or executor built on it, becomes
   * unreachable without having been closed, so that its workers do not outlive it.
   *
   * @param owner the object users hold
   */
  public void terminateWhenUnreachable(Object owner) {
    UNREACHABLE.register(owner, this::terminate);
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

  /**
   * Encodes a task on the caller's thread.
   *
   * @param task the task
   * @return its bytes
   * @throws TaskTransferException naming what cannot be encoded
   */
  public byte[] encode(PoolTask task) {
    try {
      return tasks.encode(task);
    } catch (EncodingException e) {
      throw new TaskTransferException("cannot send the task to a worker: " + e.getMessage(), e);
    }
  }

  private byte[] encodeValue(Object value) {
    try {
      return codec.encode(value);
    } catch (EncodingException e) {
      throw new TaskTransferException(
          "cannot send the initializer to a worker: " + e.getMessage(), e);
    }
  }

  /**
   * Queues an encoded task.
   *
   * @param task the encoded {@link PoolTask}
   * @return its future, completed with the task's (decoded) result
   * @throws IllegalStateException if the pool no longer accepts tasks
   * @throws BrokenPoolException if the pool is broken
   */
  @Override
  public Outcome<Object> submit(byte[] task) {
    var outcome = new Outcome<Object>();
    submit(task, outcome);
    return outcome;
  }

  /**
   * Queues an encoded task that completes {@code outcome}.
   *
   * @param task the encoded {@link PoolTask}
   * @param outcome completed with the task's result
   */
  public void submit(byte[] task, Outcome<Object> outcome) {
    submit(task, outcome, null, options.taskTimeout(), false);
  }

  @Override
  public Outcome<Object> submit(byte[] task, String origin) {
    var outcome = new Outcome<Object>();
    submit(task, outcome, origin, options.taskTimeout(), false);
    return outcome;
  }

  @Override
  public Outcome<byte[]> submitEncoded(byte[] task, @Nullable String origin, Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("a task's timeout must not be negative: " + timeout);
    }
    var outcome = new Outcome<byte[]>();
    @SuppressWarnings("unchecked") // completed with the result's bytes alone (encoded = true)
    Outcome<Object> any = (Outcome<Object>) (Outcome<?>) outcome;
    submit(task, any, origin, timeout, true);
    return outcome;
  }

  private void submit(
      byte[] task,
      Outcome<Object> outcome,
      @Nullable String origin,
      Duration timeout,
      boolean encoded) {
    var item = new WorkItem(ids.incrementAndGet(), task, outcome, timeout, origin, encoded);
    outcome.onCancel((o, interrupt) -> cancel(item, interrupt));
    JfrEvents.taskSubmitted(item.id, task.length);
    lock.lock();
    try {
      if (broken != null) {
        throw new BrokenPoolException(
            java.util.Objects.requireNonNullElse(broken.getMessage(), "broken"), broken.getCause());
      }
      if (state != State.RUNNING) {
        throw new IllegalStateException("Pool not running: it was closed or terminated");
      }
      pending.addLast(item);
      dispatchLocked();
    } finally {
      unlock();
    }
  }

  /**
   * Releases the lock; when this thread no longer holds it, writes the frames queued under it.
   * Every unlock of the engine goes through here, so no queued frame waits for a later call.
   */
  void unlock() {
    if (lock.getHoldCount() > 1 || toFlush.isEmpty()) {
      lock.unlock();
      return;
    }
    WorkerOutbox[] outboxes = new WorkerOutbox[toFlush.size()];
    for (int i = 0; i < outboxes.length; i++) {
      Slot s = toFlush.get(i);
      s.flushQueued = false;
      outboxes[i] = s.outbox;
    }
    toFlush.clear();
    lock.unlock();
    for (WorkerOutbox o : outboxes) {
      o.flush();
    }
  }

  /** Queues a frame for {@code slot}'s worker; it is written once the lock is released. */
  void sendLocked(Slot slot, Frame frame, @Nullable WorkItem item) {
    sendLocked(slot, frame, item, null);
  }

  /** As above; {@code written} runs once the frame is out (not under the lock). */
  void sendLocked(Slot slot, Frame frame, @Nullable WorkItem item, @Nullable Runnable written) {
    slot.outbox.add(frame, item, written);
    if (!slot.flushQueued) {
      slot.flushQueued = true;
      toFlush.add(slot);
    }
  }

  /* --------------- dispatch --------------- */

  void dispatchLocked() {
    while (!pending.isEmpty()) {
      WorkItem item = pending.peekFirst();
      if (item.outcome.isDone()) { // cancelled while it waited
        pending.pollFirst();
        continue;
      }
      Slot best = null;
      for (Slot s : slots) {
        if (pipelining.accepts(s, item, starting > 0)
            && (best == null || s.inFlight.size() < best.inFlight.size())) {
          best = s;
        }
      }
      if (best == null) {
        return;
      }
      pending.pollFirst();
      best.inFlight.addLast(item);
      best.sent++;
      if (best.inFlight.size() == 1) {
        startClockLocked(best, item);
      }
      item.originFrameBytes = 0;
      if (!Objects.equals(best.origin, item.origin)) { // never so in a pool of one caller
        best.origin = item.origin;
        byte[] origin =
            item.origin == null ? Frame.EMPTY : item.origin.getBytes(StandardCharsets.UTF_8);
        item.originFrameBytes = WorkerOutbox.FRAME_HEADER + (long) origin.length;
        sendLocked(best, new Frame(Frame.Kind.ORIGIN, item.id, origin), item);
      }
      sendLocked(best, new Frame(Frame.Kind.CALL, item.id, item.task), item);
      JfrEvents.taskStarted(item.id, best.worker.pid(), best.name);
    }
  }

  void startClockLocked(Slot slot, WorkItem item) {
    item.startNanos = System.nanoTime();
    item.jfr = JfrEvents.beginTask();
    if (!item.timeout.isZero()) {
      item.deadline =
          TIMER.schedule(
              () -> checkDeadline(slot, item), item.timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void checkDeadline(Slot slot, WorkItem item) {
    lock.lock();
    try {
      if (slot.inFlight.peekFirst() == item && !slot.gone && !item.outcome.isDone()) {
        slot.timedOut = item;
        killLocked(slot);
      }
    } finally {
      unlock();
    }
  }

  /** Kills a worker on purpose; its reader thread sees the end and cleans up. */
  static void killLocked(Slot slot) {
    slot.gone = true;
    slot.killed = true;
    slot.worker.kill();
  }

  private void cancel(WorkItem item, boolean interrupt) {
    lock.lock();
    try {
      if (pending.remove(item) || !interrupt) {
        return;
      }
      for (Slot s : slots) {
        if (s.inFlight.peekFirst() == item && !s.gone) {
          killLocked(s); // cancel(true) of a running task: stop it the only sure way
        }
      }
    } finally {
      unlock();
    }
  }

  /* --------------- workers --------------- */

  /**
   * Marks the pool broken and kills every worker.
   *
   * @return the tasks it had, to fail with {@link TaskAnswers#failAll} once the lock is released
   */
  List<WorkItem> breakLocked(BrokenPoolException e) {
    if (broken == null) {
      broken = e;
    }
    List<WorkItem> failed = new ArrayList<>(pending);
    pending.clear();
    for (Slot s : slots) {
      failed.addAll(s.inFlight);
      s.inFlight.clear();
      killLocked(s);
    }
    changed.signalAll();
    return failed;
  }

  /** Whether a worker that left should be replaced: the pool still runs, or has work left. */
  boolean wantsWorkerLocked() {
    return broken == null
        && (state == State.RUNNING || (state == State.CLOSING && !pending.isEmpty()));
  }

  /* --------------- lifecycle --------------- */

  void shutdownIdleIfClosingLocked() {
    if (state != State.CLOSING || !pending.isEmpty()) {
      return;
    }
    boolean reuse = options.reusesWorkers();
    Frame last = Frame.of(reuse ? Frame.Kind.RELEASE : Frame.Kind.SHUTDOWN, 0);
    for (Slot s : slots) {
      if (s.inFlight.isEmpty() && !s.retiring && !s.gone) {
        s.retiring = true;
        sendLocked(s, last, null, reuse ? () -> events.handBack(s) : null);
      }
    }
  }

  /** Accepts no more tasks; workers exit once the queued tasks are done. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (state == State.RUNNING) {
        state = State.CLOSING;
      }
      shutdownIdleIfClosingLocked();
      changed.signalAll();
    } finally {
      unlock();
    }
  }

  /**
   * Kills every worker; unfinished tasks are cancelled.
   *
   * @return the tasks that had not been sent to a worker yet
   */
  @Override
  public List<Outcome<Object>> terminate() {
    List<Outcome<Object>> neverStarted = new ArrayList<>();
    List<WorkItem> running = new ArrayList<>();
    lock.lock();
    try {
      state = State.TERMINATED;
      pending.forEach(item -> neverStarted.add(item.outcome));
      pending.clear();
      for (Slot s : slots) {
        running.addAll(s.inFlight);
        s.inFlight.clear();
        killLocked(s);
      }
      changed.signalAll();
    } finally {
      unlock();
    }
    var stopped = new CancellationException("the pool was terminated");
    neverStarted.forEach(o -> o.completeExceptionally(stopped));
    running.forEach(item -> item.outcome.completeExceptionally(stopped));
    return neverStarted;
  }

  /**
   * Whether a worker is still this pool's: a worker that has not left, or one on its way that
   * will get work; or a task's outcome is still being completed. A worker still starting when the pool has nothing left to do is not waited
   * for: it goes to the kept workers once it is up ({@link WorkerPlacement#launch}).
   */
  private boolean busyLocked() {
    return !slots.isEmpty() || completing > 0 || (starting > 0 && placement.needsWorker());
  }

  /**
   * Waits until every worker has exited or, in a pool that reuses workers, left it.
   *
   * @param timeoutNanos how long to wait; negative for ever
   * @return whether they all exited
   * @throws InterruptedException if interrupted
   */
  @Override
  public boolean awaitTermination(long timeoutNanos) throws InterruptedException {
    lock.lock();
    try {
      return EngineLifecycle.awaitWhile(changed, this::busyLocked, timeoutNanos);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns whether {@link #close()} or {@link #terminate()} was called.
   *
   * @return whether it is shut down
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
   * Returns whether it is shut down and every worker has exited.
   *
   * @return whether it is terminated
   */
  @Override
  public boolean isTerminated() {
    lock.lock();
    try {
      return state != State.RUNNING && !busyLocked();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Describes the engine's state for a person reading a log or a stalled run: its state, the
   * tasks queued, the workers starting, and per worker its pid and tasks in flight (with how long
   * the first has run). It waits at most 100 ms for the engine's lock, and says so if it could not
   * get it.
   */
  @Override
  public String toString() {
    try {
      if (!lock.tryLock(100, TimeUnit.MILLISECONDS)) {
        return "PoolEngine[state unknown: its lock is held"
            + (lock.isLocked() ? "" : " no more")
            + "]";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "PoolEngine[state unknown: interrupted]";
    }
    try {
      long now = System.nanoTime();
      var text = new StringBuilder("PoolEngine[").append(state);
      if (broken != null) {
        text.append(" broken");
      }
      text.append(", queued=").append(pending.size()).append(", starting=").append(starting);
      text.append(", startFailures=").append(startFailures).append(", workers=[");
      for (int i = 0; i < slots.size(); i++) {
        Slot s = slots.get(i);
        text.append(i == 0 ? "" : ", ").append(s.name).append(" pid ").append(s.worker.pid());
        text.append(s.gone ? " gone" : "").append(s.retiring ? " retiring" : "");
        text.append(s.killed ? " killed" : "").append(s.ready ? "" : " not ready");
        text.append(": ").append(s.inFlight.size()).append(" in flight");
        WorkItem head = s.inFlight.peekFirst();
        if (head != null) {
          text.append(" (task ").append(head.id).append(" for ");
          text.append(TimeUnit.NANOSECONDS.toMillis(now - head.startNanos)).append(" ms)");
        }
      }
      return text.append("]]").toString();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the live workers.
   *
   * @return name and pid of each
   */
  @Override
  public List<ProcessInfo> workers() {
    lock.lock();
    try {
      return slots.stream()
          .filter(s -> !s.gone && !s.retiring)
          .map(s -> new ProcessInfo(s.name, s.worker.pid(), true))
          .toList();
    } finally {
      lock.unlock();
    }
  }
}
