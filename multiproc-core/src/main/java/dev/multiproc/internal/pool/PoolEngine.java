package dev.multiproc.internal.pool;

import dev.multiproc.internal.classes.ClassServer;
import dev.multiproc.internal.classes.ClassSources;
import dev.multiproc.internal.jfr.JfrEvents;
import dev.multiproc.internal.spawn.SpareWorkers;
import dev.multiproc.internal.spawn.Worker;
import dev.multiproc.internal.spawn.WorkerConfig;
import dev.multiproc.internal.transport.Frame;
import dev.multiproc.pool.BrokenPoolException;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ResultTransferException;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.pool.TaskTransferException;
import dev.multiproc.pool.WorkerDiedException;
import dev.multiproc.process.ExitStatus;
import dev.multiproc.process.ProcessInfo;
import dev.multiproc.spi.Codec;
import dev.multiproc.spi.CurrentProcessState;
import dev.multiproc.spi.DecodingException;
import dev.multiproc.spi.EncodingException;
import dev.multiproc.spi.EngineLifecycle;
import dev.multiproc.spi.Failures;
import dev.multiproc.spi.Outcome;
import dev.multiproc.spi.PoolTask;
import dev.multiproc.spi.TaggedCodec;
import dev.multiproc.spi.TaskCodec;
import dev.multiproc.spi.TaskEngine;
import dev.multiproc.spi.TaskFailure;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * is killed and replaced. A task larger than {@link #PIPELINE_LIMIT} bytes goes only to an idle
 * worker. Futures are completed, and results decoded, outside the lock.
 *
 * <p>Failure: a worker runs the tasks it is sent one after another, so when it dies the head of
 * its in-flight list is the task it was running: only that one fails ({@link
 * WorkerDiedException}, or {@link TaskTimeoutException} when the engine killed it for its
 * deadline); the others go back to the front of {@code pending}, and a new worker is started.
 * Python's {@code Pool} hangs forever here (bpo-22393); loky breaks the whole executor. A worker
 * is sent tasks only once the pool's initializer returned in it, so one that ends in the
 * initializer ran none: an initializer that throws, calls {@code System.exit} or halts breaks the
 * pool (every other worker would end the same way), and a worker killed there from outside is
 * replaced (see {@link #initializerEndsWorkersLocked}). A worker that dies before it connects
 * back is replaced too; the pool breaks only when none at all could start.
 */
public final class PoolEngine implements TaskEngine {
  /** Tasks sent to one worker before it answers: hides the round trip between tasks. */
  static final int DEPTH = 4;

  /** Tasks larger than this go only to an idle worker. */
  static final int PIPELINE_LIMIT = 64 * 1024;

  /**
   * A task is queued behind a running one only while that one has run less than this: a task
   * sent to a worker can no longer move to another that falls idle, so it must not wait behind a
   * long one.
   */
  static final long PIPELINE_AGE_NANOS = 2_000_000;

  /**
   * Tasks are queued behind running ones only while the pool's tasks take less than this on
   * average: pipelining hides the round trip between tiny tasks, and would only make long ones
   * wait behind each other while another worker is free.
   */
  static final long PIPELINE_TASK_NANOS = 1_000_000;

  private static final AtomicInteger WORKER_NAMES = new AtomicInteger();
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("multiproc-task-deadlines").unstarted(r));

  private static final Cleaner UNREACHABLE =
      Cleaner.create(r -> Thread.ofPlatform().daemon().name("multiproc-pool-cleaner").unstarted(r));

  private enum State {
    RUNNING,
    CLOSING,
    TERMINATED
  }

  private final PoolOptions options;
  private final Codec codec;
  private final TaskCodec tasks;
  private final byte[] initializer;
  private final String workerPrefix;
  private final AtomicLong ids = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<WorkItem> pending = new ArrayDeque<>();
  private final List<Slot> slots = new ArrayList<>();

  /** Slots whose outbox got frames under the lock, to flush once it is released. */
  private final List<Slot> toFlush = new ArrayList<>();

  private int starting;

  /**
   * Tasks answered and not yet completed (their results are decoded outside the lock): the pool
   * is not terminated before they are, though their worker may have left it already.
   */
  private int completing;

  /** Worker starts that failed in a row (no worker connected back in between). */
  private int startFailures;

  /** Whether the initializer has returned in some worker of this pool. */
  private boolean everReady;

  /** Workers that ended in the initializer since one last returned from it. */
  private int initializerDeaths;

  /** Moving average of how long a task runs in a worker, in ns; negative until one answered. */
  private double averageTaskNanos = -1;

  private State state = State.RUNNING;
  private @Nullable BrokenPoolException broken;

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
        startWorkerLocked();
      }
    } finally {
      unlock();
    }
    // every set-up frame first, so that each worker sets itself up while the next is sent
    List<SetUp> setUps = new ArrayList<>();
    for (Worker w : ready) {
      SetUp s = setUp(w, nextWorkerName());
      if (s != null) {
        setUps.add(s);
      }
    }
    setUps.forEach(this::placed);
  }

  private String nextWorkerName() {
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
    submit(task, outcome, null);
  }

  @Override
  public Outcome<Object> submit(byte[] task, String origin) {
    var outcome = new Outcome<Object>();
    submit(task, outcome, origin);
    return outcome;
  }

  private void submit(byte[] task, Outcome<Object> outcome, @Nullable String origin) {
    var item = new WorkItem(ids.incrementAndGet(), task, outcome, options.taskTimeout(), origin);
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
  private void unlock() {
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
  private void sendLocked(Slot slot, Frame frame, @Nullable WorkItem item) {
    sendLocked(slot, frame, item, null);
  }

  /** As above; {@code written} runs once the frame is out (not under the lock). */
  private void sendLocked(
      Slot slot, Frame frame, @Nullable WorkItem item, @Nullable Runnable written) {
    slot.outbox.add(frame, item, written);
    if (!slot.flushQueued) {
      slot.flushQueued = true;
      toFlush.add(slot);
    }
  }

  /* --------------- dispatch --------------- */

  private void dispatchLocked() {
    while (!pending.isEmpty()) {
      WorkItem item = pending.peekFirst();
      if (item.outcome.isDone()) { // cancelled while it waited
        pending.pollFirst();
        continue;
      }
      Slot best = null;
      for (Slot s : slots) {
        if (accepts(s, item) && (best == null || s.inFlight.size() < best.inFlight.size())) {
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

  private boolean accepts(Slot s, WorkItem item) {
    if (s.gone || s.retiring || !s.ready || s.inFlight.size() >= DEPTH) {
      return false;
    }
    if (options.maxTasksPerChild() > 0 && s.sent >= options.maxTasksPerChild()) {
      return false;
    }
    if (s.inFlight.isEmpty()) {
      return true;
    }
    // queue behind a running task only for a flood of small, short tasks, and only when no
    // worker is on its way that could take it sooner
    return starting == 0
        && averageTaskNanos >= 0
        && averageTaskNanos < PIPELINE_TASK_NANOS
        && item.task.length <= PIPELINE_LIMIT
        && System.nanoTime() - s.inFlight.peekFirst().startNanos < PIPELINE_AGE_NANOS;
  }

  private void startClockLocked(Slot slot, WorkItem item) {
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
  private static void killLocked(Slot slot) {
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

  private void startWorkerLocked() {
    starting++;
    String name = nextWorkerName();
    SpareWorkers.get().beginPlacement();
    Thread.ofPlatform()
        .daemon()
        .name("multiproc-start-" + name)
        .start(
            () -> {
              try {
                launch(name);
              } finally {
                SpareWorkers.get().endPlacement();
              }
            });
  }

  private void launch(String name) {
    Worker worker;
    try {
      worker = SpareWorkers.get().takeForPool(options.jvm(), options.reusesWorkers());
    } catch (IOException | RuntimeException e) {
      placed(new SetUp(name, null, e, 0));
      return;
    }
    place(worker, name);
  }

  /**
   * A worker sent its set-up frames ({@code bytes} of them), not yet a slot; or the failure that
   * ended it.
   */
  private record SetUp(
      String name, @Nullable Worker worker, @Nullable Exception failure, long bytes) {}

  /** Sets up a worker that is up for this pool (one of {@link #starting}), and makes it a slot. */
  private void place(Worker worker, String name) {
    SetUp s = setUp(worker, name);
    if (s != null) {
      placed(s);
    }
  }

  /**
   * Sends a worker that is up its name and filter, then the initializer; or gives it back when
   * the pool no longer needs it (then null).
   */
  private @Nullable SetUp setUp(Worker taken, String name) {
    Worker worker = taken;
    @Nullable Exception failure = null;
    long setUpBytes = 0;
    try {
      if (!needsWorker()) {
        // closed with nothing left to do, or terminated, before this worker was up: it never ran
        // anything of this pool's, so it waits for the next caller instead of ending
        SpareWorkers.get().giveBack(worker, false);
        lock.lock();
        try {
          starting--;
          changed.signalAll();
        } finally {
          unlock();
        }
        return null;
      }
      String parent = CurrentProcessState.current().name();
      byte[] config = new WorkerConfig(name, options.classFilter(), parent).encode();
      worker.send(new Frame(Frame.Kind.CONFIGURE, 0, config));
      worker.send(new Frame(Frame.Kind.INIT_POOL, 0, initializer));
      setUpBytes = 2L * WorkerOutbox.FRAME_HEADER + config.length + initializer.length;
    } catch (IOException | RuntimeException e) {
      // RuntimeException: whatever connected first sent what is not a worker's greeting
      failure = e;
      worker.kill();
      worker = null;
    }
    return new SetUp(name, worker, failure, setUpBytes);
  }

  /** A worker was set up for this pool, or could not be: it becomes a slot, or is replaced. */
  private void placed(SetUp setUp) {
    String name = setUp.name();
    Worker worker = setUp.worker();
    Exception failure = setUp.failure();
    long setUpBytes = setUp.bytes();
    List<WorkItem> failed = List.of();
    BrokenPoolException error = null;
    lock.lock();
    try {
      starting--;
      if (worker == null) {
        // a start that failed (the JVM died before it connected back, or could not be started)
        // is tried again, as many times in a row as the pool has workers; the pool breaks only
        // when it has no worker left at all
        startFailures++;
        if (startFailures <= options.processes() && wantsWorkerLocked()) {
          startWorkerLocked();
        } else if (slots.isEmpty() && starting == 0) {
          error =
              new BrokenPoolException(
                  "cannot start a worker JVM: "
                      + java.util.Objects.requireNonNull(failure).getMessage(),
                  failure);
          failed = breakLocked(error);
        }
      } else if (state == State.TERMINATED || broken != null) {
        worker.kill();
      } else {
        startFailures = 0;
        // with an initializer, the worker says when it returned (READY); until then it is sent
        // no task
        Slot slot = new Slot(worker, name, setUpBytes, initializer.length == 0);
        slots.add(slot);
        Worker w = worker;
        Thread.ofPlatform().daemon().name("multiproc-reader-" + name).start(() -> read(slot, w));
        dispatchLocked();
        shutdownIdleIfClosingLocked();
      }
      changed.signalAll();
    } finally {
      unlock();
    }
    if (error != null) {
      failAll(failed, error);
    }
  }

  /** Whether a worker that finished starting still has a place in this pool. */
  private boolean needsWorker() {
    lock.lock();
    try {
      return broken == null
          && (state == State.RUNNING || (state == State.CLOSING && !pending.isEmpty()));
    } finally {
      lock.unlock();
    }
  }

  private void read(Slot slot, Worker worker) {
    try {
      if (!slot.arrived) {
        // the pool before reads until the worker left it; then this pool reads
        if (!slot.arrival.join()) {
          gone(slot);
          return;
        }
        lock.lock();
        try {
          slot.arrived = true;
        } finally {
          unlock();
        }
      }
      while (true) {
        Frame frame = worker.channel().receive();
        switch (frame.kind()) {
          case RESULT, FAILURE -> answered(slot, frame);
          case INIT_FAILED -> initializerFailed(frame);
          case READY -> ready(slot);
          case EXITING -> exiting(slot);
          case CLASS_REQUEST, ORIGIN_CLASS_REQUEST -> ClassServer.answer(frame, worker.channel());
          case RELEASED -> {
            released(slot);
            return;
          }
          default -> throw new IOException("a worker must not send " + frame.kind());
        }
      }
    } catch (IOException | RuntimeException e) {
      gone(slot);
    }
  }

  private void answered(Slot slot, Frame frame) throws IOException {
    WorkItem item;
    lock.lock();
    try {
      item = slot.inFlight.pollFirst();
      if (item == null || item.id != frame.id()) {
        throw new IOException("worker answered task " + frame.id() + " out of order");
      }
      if (item.deadline != null) {
        item.deadline.cancel(false);
      }
      slot.setUpRead();
      slot.outbox.read(item.frameBytes());
      long ran = System.nanoTime() - item.startNanos;
      averageTaskNanos = averageTaskNanos < 0 ? ran : 0.9 * averageTaskNanos + 0.1 * ran;
      WorkItem next = slot.inFlight.peekFirst();
      if (next != null) {
        startClockLocked(slot, next);
      }
      int max = options.maxTasksPerChild();
      if (max > 0 && slot.sent >= max && slot.inFlight.isEmpty() && !slot.retiring) {
        retireLocked(slot);
      }
      dispatchLocked();
      completing++;
      shutdownIdleIfClosingLocked();
    } finally {
      unlock();
    }
    try {
      complete(item, frame, slot);
    } finally {
      completed();
    }
  }

  /** A task counted in {@link #completing} was completed: a waiting close may go on. */
  private void completed() {
    lock.lock();
    try {
      completing--;
      changed.signalAll();
    } finally {
      unlock();
    }
  }

  /**
   * The release of an idle worker is out ({@link #shutdownIdleIfClosingLocked}): the worker goes
   * back to the kept workers now, and leaves the pool. The next pool may send it frames at once:
   * they follow the release, so the worker reads them only once it has left this pool; if it
   * ends instead (a task left something running in it), it ran none of them ({@link
   * Slot#arrived}).
   */
  private void handBack(Slot slot) {
    lock.lock();
    try {
      if (slot.killed || slot.gone) {
        return; // killed meanwhile: its reader cleans up
      }
      slot.gone = true;
    } finally {
      unlock();
    }
    slot.worker.leaving(slot.left);
    // kept before it leaves the pool: whoever saw the pool terminated finds it kept
    SpareWorkers.get().giveBack(slot.worker, true);
    lock.lock();
    try {
      slots.remove(slot);
      changed.signalAll();
    } finally {
      unlock();
    }
  }

  /**
   * The worker answered its release: it left this pool and waits for another. Unless it was
   * killed meanwhile, which its end handles.
   */
  private void released(Slot slot) {
    boolean killed;
    lock.lock();
    try {
      killed = slot.killed;
    } finally {
      unlock();
    }
    if (killed) {
      gone(slot);
    } else {
      slot.left.complete(true);
    }
  }

  /** The pool's initializer returned in this worker: the clock of its first task starts. */
  private void ready(Slot slot) {
    lock.lock();
    try {
      slot.ready = true;
      everReady = true;
      initializerDeaths = 0;
      slot.setUpRead();
      dispatchLocked();
      shutdownIdleIfClosingLocked();
    } finally {
      unlock();
    }
  }

  private void complete(WorkItem item, Frame frame, Slot slot) {
    String before = ClassSources.decodingFor(item.origin); // its caller's classes, if named
    try {
      completeDecoding(item, frame, slot);
    } finally {
      ClassSources.decodingFor(before);
    }
  }

  private void completeDecoding(WorkItem item, Frame frame, Slot slot) {
    long pid = slot.worker.pid();
    if (frame.kind() == Frame.Kind.RESULT) {
      Object value;
      try {
        value = codec.decode(frame.payload());
      } catch (DecodingException e) {
        var error =
            new ResultTransferException("cannot decode the result of a task: " + e.getMessage(), e);
        JfrEvents.taskFailed(item.id, pid, "undecodable result", error);
        item.outcome.completeExceptionally(error);
        return;
      }
      JfrEvents.taskEnded(item.jfr, item.id, pid, slot.name, frame.payload().length);
      item.outcome.complete(value);
    } else {
      Throwable error = Failures.toException(decodeFailure(frame), codec);
      JfrEvents.taskFailed(item.id, pid, "exception", error);
      item.outcome.completeExceptionally(error);
    }
  }

  private TaskFailure decodeFailure(Frame frame) {
    return (TaskFailure) codec.decode(frame.payload());
  }

  private void initializerFailed(Frame frame) {
    Throwable cause = Failures.toException(decodeFailure(frame), codec);
    var error =
        new BrokenPoolException("the pool's initializer threw in a worker: " + cause, cause);
    List<WorkItem> failed;
    lock.lock();
    try {
      failed = breakLocked(error);
    } finally {
      unlock();
    }
    failAll(failed, error);
  }

  /**
   * Marks the pool broken and kills every worker.
   *
   * @return the tasks it had, to fail with {@link #failAll} once the lock is released
   */
  private List<WorkItem> breakLocked(BrokenPoolException e) {
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

  private static void failAll(List<WorkItem> failed, BrokenPoolException e) {
    for (WorkItem item : failed) {
      JfrEvents.taskFailed(item.id, 0, "pool broken", e);
      item.outcome.completeExceptionally(e);
    }
  }

  private void retireLocked(Slot slot) {
    sendLocked(slot, Frame.of(Frame.Kind.SHUTDOWN, 0), null);
    replaceLocked(slot);
  }

  /** The worker said it exits on its own: what it has in flight was not run, and goes back. */
  private void exiting(Slot slot) {
    lock.lock();
    try {
      replaceLocked(slot);
    } finally {
      unlock();
    }
  }

  /** Marks {@code slot} as leaving on purpose and starts its successor if there is work. */
  private void replaceLocked(Slot slot) {
    slot.retiring = true;
    if (broken == null
        && (state == State.RUNNING || !pending.isEmpty() || !slot.inFlight.isEmpty())) {
      startWorkerLocked();
    }
  }

  private void gone(Slot slot) {
    Worker worker = slot.worker;
    slot.left.complete(false); // the next pool it was handed to gets another worker
    ExitStatus status = awaitExit(worker);
    WorkItem head;
    boolean timedOut;
    BrokenPoolException brokenNow = null;
    List<WorkItem> broke = List.of();
    lock.lock();
    try {
      slots.remove(slot);
      // a worker leaving on purpose ran none of what it still has, nor did one still in the
      // initializer (it is sent tasks only once that returned); one that died was running the
      // head, and only the head (unless the head's frame never got to it whole)
      head = slot.retiring || !slot.ready || !slot.arrived ? null : slot.inFlight.pollFirst();
      timedOut = head != null && slot.timedOut == head;
      if (head != null && !timedOut && head.undelivered) {
        slot.inFlight.addFirst(head);
        head = null;
      }
      for (var it = slot.inFlight.descendingIterator(); it.hasNext(); ) {
        pending.addFirst(it.next());
      }
      slot.inFlight.clear();
      if (!slot.ready
          && slot.arrived
          && !slot.killed
          && !slot.retiring
          && broken == null
          && state != State.TERMINATED
          && initializerEndsWorkersLocked(status)) {
        brokenNow =
            new BrokenPoolException(
                "the pool's initializer ended its worker: pid="
                    + worker.pid()
                    + ", worker="
                    + slot.name
                    + ", status="
                    + status
                    + " (System.exit or Runtime.halt in the initializer, a crash, or a kill from"
                    + " outside)",
                null);
        broke = breakLocked(brokenNow);
      }
      if (!slot.retiring && wantsWorkerLocked()) {
        startWorkerLocked();
      }
      if (head != null) {
        completing++;
      }
      dispatchLocked();
      shutdownIdleIfClosingLocked();
      changed.signalAll();
    } finally {
      unlock();
    }
    if (brokenNow != null) {
      failAll(broke, brokenNow);
    }
    if (head != null) {
      try {
        failHead(head, timedOut, worker, slot, status);
      } finally {
        completed();
      }
    }
  }

  private static void failHead(
      WorkItem head, boolean timedOut, Worker worker, Slot slot, ExitStatus status) {
    RuntimeException error =
        timedOut
            ? new TaskTimeoutException(worker.pid(), head.timeout)
            : new WorkerDiedException(worker.pid(), slot.name, status);
    JfrEvents.taskFailed(head.id, worker.pid(), timedOut ? "timeout" : "worker died", error);
    head.outcome.completeExceptionally(error);
  }

  /** Whether a worker that left should be replaced: the pool still runs, or has work left. */
  private boolean wantsWorkerLocked() {
    return broken == null
        && (state == State.RUNNING || (state == State.CLOSING && !pending.isEmpty()));
  }

  /**
   * A worker ended, not by the engine's hand, while it ran the pool's initializer: whether the
   * initializer is to blame, so that every new worker would end the same way and the pool
   * breaks. It is, when the worker exited by itself ({@code System.exit} or {@code
   * Runtime.halt}) and the initializer never returned in any worker; and when as many workers in
   * a row as the pool has ended there (at least 3 once it has returned somewhere). Otherwise
   * the worker met its end from outside (a kill, the OOM killer) and is replaced.
   */
  private boolean initializerEndsWorkersLocked(ExitStatus status) {
    initializerDeaths++;
    if (!everReady && !(status instanceof ExitStatus.Killed)) {
      return true;
    }
    int limit = everReady ? Math.max(3, options.processes()) : options.processes();
    return initializerDeaths >= limit;
  }

  private static ExitStatus awaitExit(Worker worker) {
    worker.channel().close();
    try {
      Process p = worker.onExit().get(2, TimeUnit.SECONDS);
      return ExitStatus.fromExitValue(p.exitValue());
    } catch (TimeoutException e) {
      worker.kill(); // it closed its socket but does not end: it cannot be trusted with work
      return ExitStatus.fromExitValue(worker.onExit().join().exitValue());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ExitStatus.Running();
    } catch (java.util.concurrent.ExecutionException e) {
      return new ExitStatus.Running();
    }
  }

  /* --------------- lifecycle --------------- */

  private void shutdownIdleIfClosingLocked() {
    if (state != State.CLOSING || !pending.isEmpty()) {
      return;
    }
    boolean reuse = options.reusesWorkers();
    Frame last = Frame.of(reuse ? Frame.Kind.RELEASE : Frame.Kind.SHUTDOWN, 0);
    for (Slot s : slots) {
      if (s.inFlight.isEmpty() && !s.retiring && !s.gone) {
        s.retiring = true;
        sendLocked(s, last, null, reuse ? () -> handBack(s) : null);
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
   * for: it goes to the kept workers once it is up ({@link #launch}).
   */
  private boolean busyLocked() {
    return !slots.isEmpty() || completing > 0 || (starting > 0 && needsWorker());
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
