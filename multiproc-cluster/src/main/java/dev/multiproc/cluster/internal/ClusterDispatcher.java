package dev.multiproc.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.multiproc.cluster.MemberLoss;
import dev.multiproc.cluster.MemberLostException;
import dev.multiproc.cluster.internal.TaskBatch.Job;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ResultTransferException;
import dev.multiproc.process.ProcessInfo;
import dev.multiproc.spi.EngineLifecycle;
import dev.multiproc.spi.Outcome;
import dev.multiproc.spi.TaggedCodec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Sends encoded tasks to the members that serve work, balanced by free workers: each member
 * holds a bounded number of this dispatcher's tasks per worker it has (its {@code
 * multiproc.workers} attribute; {@link ServingMember#slots}), and tasks go to the member with the
 * most room; the rest wait here in order. The pool's size caps the tasks in flight over the whole
 * cluster.
 *
 * <p>Tasks travel in batches ({@link TaskBatch}, {@link ServingMember#batchTasks}): where tasks
 * take long, one task per Hazelcast operation, each back as soon as it ends; where they are
 * tiny, a member holds more of them, and takes them two batches at a time, each up to half its
 * slots, of the tasks that queued here meanwhile: while one batch comes back, the other keeps the
 * member's workers busy, and a {@code map} pays one hop per batch instead of one per task. A lone
 * task (an {@code apply}) goes at once, alone.
 *
 * <pre>
 *   submit() ─► pending ─► dispatch: member with most free workers ─► IExecutorService.submitToMember
 *                 ▲          (a batch of the first tasks waiting)              │
 *                 │ NOT_RUN, or member lost with MemberLoss.RERUN              ▼ RemoteTask on the member
 *   result thread ◄────────── one reply per task, or the member's loss ◄── its own process pool
 * </pre>
 *
 * <p>With no serving member, tasks wait here until one joins (there is no deadline for that yet).
 *
 * <p>Free workers count every caller's tasks: each member publishes how many tasks it runs or
 * holds ({@link MemberLoads}), and a member busy with others' work gets fewer of ours, never
 * none (so callers share a busy member instead of one starving).
 *
 * <p>Concurrency: one lock guards pending, the targets and the state. Replies are decoded and
 * futures completed on the dispatcher's result thread, outside the lock.
 */
public final class ClusterDispatcher implements EngineLifecycle {
  /** How long a member that failed to answer is sent nothing while it is still listed. */
  private static final long SUSPECT_NANOS = TimeUnit.SECONDS.toNanos(5);

  private enum State {
    RUNNING,
    CLOSING,
    TERMINATED
  }

  private final HazelcastInstance hz;
  private final IExecutorService executor;
  private final PoolOptions options;
  private final int limit;
  private final MemberLoss onLoss;
  private final boolean timed;
  private final TaggedCodec codec;
  private final ExecutorService results;
  private final UUID listener;
  private final MemberLoads loads;

  /** This dispatcher's id, which members count its tasks under. */
  private final String id = UUID.randomUUID().toString();

  /** The number of the last task sent, which members check for replays ({@link ReplayGuard}). */
  private final AtomicLong sequence = new AtomicLong();

  /** This JVM's member or client, as members know it: they end its tasks when they lose it. */
  private final String origin;

  /** The cluster key tasks are signed with, or null for none. */
  private final byte @Nullable [] key;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Job> pending = new ArrayDeque<>();
  private final Map<UUID, ServingMember> targets = new LinkedHashMap<>();
  private int inFlight;
  private State state = State.RUNNING;

  /**
   * Creates the dispatcher and starts following the cluster's members.
   *
   * @param hz this JVM's member or client
   * @param options the pool's options: its class filter decodes results, its task timeout is
   *     each task's deadline on the member
   * @param limit the most tasks in flight at once; 0 for as many as the members have workers
   * @param onLoss what to do with a lost member's tasks
   */
  public ClusterDispatcher(
      HazelcastInstance hz, PoolOptions options, int limit, MemberLoss onLoss) {
    this.hz = hz;
    this.origin = hz.getLocalEndpoint().getUuid().toString();
    this.key = TaskSignature.keyOf(hz);
    ClassShipping.serve(hz); // the members that run its tasks load what they lack from here
    this.executor = hz.getExecutorService(HazelcastSetup.EXECUTOR);
    this.options = options;
    this.limit = limit;
    this.onLoss = onLoss;
    this.timed = !options.taskTimeout().isZero();
    this.codec = ClusterClasses.codec(options.classFilter());
    this.results =
        Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("multiproc-cluster-results").unstarted(r));
    this.loads = new MemberLoads(hz, this::loadChanged);
    this.listener =
        hz.getCluster()
            .addMembershipListener(
                new MembershipListener() {
                  @Override
                  public void memberAdded(MembershipEvent event) {
                    added(event.getMember());
                  }

                  @Override
                  public void memberRemoved(MembershipEvent event) {
                    removed(event.getMember(), null);
                  }
                });
    lock.lock();
    try {
      hz.getCluster().getMembers().forEach(this::addLocked);
    } finally {
      lock.unlock();
    }
  }

  /** A member's load changed: room may have opened for what waits here. */
  private void loadChanged() {
    lock.lock();
    try {
      if (!pending.isEmpty()) {
        dispatchLocked();
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

  private void addLocked(Member m) {
    int workers = ServingMember.workersOf(m);
    if (workers > 0 && !targets.containsKey(m.getUuid())) {
      targets.put(m.getUuid(), new ServingMember(m, workers));
      changed.signalAll();
    }
  }

  private void added(Member m) {
    lock.lock();
    try {
      addLocked(m);
      dispatchLocked();
    } finally {
      lock.unlock();
    }
  }

  /** The member left: its tasks fail or go back, as the policy says. */
  private void removed(Member m, @Nullable Throwable cause) {
    List<Job> lost;
    ServingMember t;
    lock.lock();
    try {
      t = targets.remove(m.getUuid());
      if (t == null) {
        return;
      }
      lost = dropAllLocked(t);
      if (onLoss == MemberLoss.RERUN) {
        requeueLocked(lost);
        lost.clear();
      }
      dispatchLocked();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (Job job : lost) {
      job.completeExceptionally(new MemberLostException(t.address, cause));
    }
  }

  /** Takes back every task in flight on a member, in the order they were sent. */
  private List<Job> dropAllLocked(ServingMember t) {
    List<Job> all = new ArrayList<>();
    t.batches.stream()
        .sorted(java.util.Comparator.comparingLong((TaskBatch b) -> b.sequence))
        .forEach(b -> all.addAll(b.jobs));
    all.retainAll(t.inFlight);
    inFlight -= t.inFlight.size();
    t.inFlight.clear();
    t.batches.clear();
    return all;
  }

  /** Puts tasks back at the head of the queue, in their order, but those already done. */
  private void requeueLocked(List<Job> jobs) {
    for (int i = jobs.size() - 1; i >= 0; i--) {
      Job job = jobs.get(i);
      job.batch = null;
      if (!job.isDone()) {
        pending.addFirst(job);
      }
    }
  }

  /**
   * Queues an encoded task.
   *
   * @param task the task's bytes
   * @return its future, completed with the decoded result
   * @throws IllegalStateException if the pool no longer accepts tasks
   */
  public Outcome<Object> submit(byte[] task) {
    var job = new Job(task);
    job.onCancel((o, interrupt) -> cancelled(job, interrupt));
    lock.lock();
    try {
      if (state != State.RUNNING) {
        throw new IllegalStateException("Pool not running: it was closed or terminated");
      }
      pending.addLast(job);
      dispatchLocked();
    } finally {
      lock.unlock();
    }
    return job;
  }

  private void dispatchLocked() {
    while (!pending.isEmpty() && state != State.TERMINATED && (limit == 0 || inFlight < limit)) {
      // the member with the most free workers: its free slots over the slots it has per worker
      // (members that hold more tasks per worker, having shown tinier ones, are not favoured)
      ServingMember best = null;
      int bestFree = 0;
      double bestWorkers = 0;
      int bestBusy = 0;
      for (ServingMember t : targets.values()) {
        if (!t.takesAnotherBatch(timed)) {
          continue;
        }
        int busy = loads.others(t.member.getUuid(), id);
        int free = t.free(timed, busy);
        double workers = (double) free * t.workers / t.slots(timed);
        if (free > 0
            && (best == null
                || workers > bestWorkers
                || (workers == bestWorkers && busy < bestBusy))) {
          best = t;
          bestFree = free;
          bestWorkers = workers;
          bestBusy = busy;
        }
      }
      if (best == null) {
        return;
      }
      int most = Math.min(bestFree, best.batchTasks(timed));
      if (limit > 0) {
        most = Math.min(most, limit - inFlight);
      }
      TaskBatch batch = TaskBatch.take(pending, most, best);
      if (batch == null) {
        return; // all that waited had been cancelled
      }
      for (Job job : batch.jobs) {
        job.batch = batch;
      }
      best.inFlight.addAll(batch.jobs);
      best.batches.add(batch);
      inFlight += batch.jobs.size();
      send(batch);
    }
  }

  private void send(TaskBatch batch) {
    ServingMember target = batch.target;
    batch.sequence = sequence.incrementAndGet();
    batch.sentNanos = System.nanoTime();
    Future<byte[]> remote;
    try {
      remote =
          executor.submitToMember(
              new RemoteTask(
                  batch.tasks(),
                  new TaskSignature.Stamp(
                      options.taskTimeout().toNanos(), System.currentTimeMillis(), batch.sequence),
                  id,
                  origin,
                  key),
              target.member);
    } catch (RuntimeException e) { // the member is gone, or this client is shutting down
      results.execute(() -> removed(target.member, e));
      return;
    }
    batch.remote = remote;
    if (!(remote instanceof CompletableFuture<byte[]> stage)) {
      throw new IllegalStateException(
          "Hazelcast returned a future that is not a CompletableFuture: "
              + remote.getClass().getName());
    }
    stage.whenCompleteAsync((reply, error) -> answered(batch, reply, error), results);
  }

  /** A batch's replies came back (or its cancellation): each task gets its own. */
  private void answered(TaskBatch batch, byte @Nullable [] reply, @Nullable Throwable error) {
    if (error != null && !(error instanceof CancellationException)) {
      unreachable(batch, error);
      return;
    }
    ServingMember target = batch.target;
    List<Replies.Reply> decoded = reply == null ? null : decode(batch, reply);
    List<Job> notRun = new ArrayList<>();
    lock.lock();
    try {
      if (!target.batches.remove(batch)) {
        return; // the member was removed, and its tasks handled, first
      }
      if (decoded != null) {
        target.answered(
            batch.jobs.size(),
            System.nanoTime() - batch.sentNanos,
            Replies.memberNanos(java.util.Objects.requireNonNull(reply), batch.jobs.size()));
      }
      for (Job job : batch.jobs) {
        if (target.inFlight.remove(job)) {
          inFlight--;
        }
      }
      if (decoded != null) {
        for (int i = 0; i < decoded.size(); i++) {
          if (decoded.get(i).kind() == Replies.NOT_RUN) {
            notRun.add(batch.jobs.get(i));
          }
        }
      }
      if (!notRun.isEmpty()) {
        targets.remove(target.member.getUuid()); // it refuses work: send it no more
        List<Job> others = dropAllLocked(target);
        requeueLocked(others);
        requeueLocked(notRun);
      }
      dispatchLocked();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (int i = 0; i < batch.jobs.size(); i++) {
      Job job = batch.jobs.get(i);
      if (decoded == null) {
        job.completeExceptionally(
            error != null ? error : new CancellationException("the task was cancelled"));
        continue;
      }
      Replies.Reply r = decoded.get(i);
      if (r.kind() == Replies.VALUE) {
        job.complete(r.value());
      } else if (r.kind() == Replies.FAILED) {
        job.completeExceptionally(java.util.Objects.requireNonNull(r.error()));
      }
    }
  }

  /**
   * Decodes a batch's replies, one per task; a reply that cannot be split into that many fails
   * every task of the batch with {@link ResultTransferException}.
   */
  private List<Replies.Reply> decode(TaskBatch batch, byte[] reply) {
    String member = batch.target.address;
    try {
      return Replies.split(reply, batch.jobs.size()).stream()
          .map(r -> Replies.read(r, codec, member))
          .toList();
    } catch (IllegalArgumentException e) {
      var failed =
          new Replies.Reply(
              Replies.FAILED,
              null,
              new ResultTransferException(
                  "cannot read what member " + member + " sent back: " + e.getMessage(), e));
      return java.util.Collections.nCopies(batch.jobs.size(), failed);
    }
  }

  /**
   * The cluster could not bring a batch's answer back. A member no longer listed is removed with
   * all its tasks; one still listed (the membership event may not have come yet) loses this
   * batch's tasks only, and is sent nothing for {@link #SUSPECT_NANOS}.
   */
  private void unreachable(TaskBatch batch, Throwable error) {
    ServingMember target = batch.target;
    if (!hz.getCluster().getMembers().contains(target.member)) {
      removed(target.member, error);
      return;
    }
    List<Job> lost = new ArrayList<>();
    lock.lock();
    try {
      if (!target.batches.remove(batch)) {
        return;
      }
      for (Job job : batch.jobs) {
        if (target.inFlight.remove(job)) {
          inFlight--;
          lost.add(job);
        }
      }
      target.suspectUntil = System.nanoTime() + SUSPECT_NANOS;
      if (onLoss == MemberLoss.RERUN) {
        requeueLocked(lost);
        lost.clear();
      }
      dispatchLocked();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    CompletableFuture.delayedExecutor(SUSPECT_NANOS, TimeUnit.NANOSECONDS)
        .execute(
            () -> {
              lock.lock();
              try {
                dispatchLocked();
              } finally {
                lock.unlock();
              }
            });
    for (Job job : lost) {
      job.completeExceptionally(new MemberLostException(target.address, error));
    }
  }

  /**
   * A task was cancelled: one still waiting here is dropped; the batch of one sent is cancelled
   * on its member (which kills the workers running its tasks) once every task of it is done,
   * so that cancelling one task never ends another's.
   */
  private void cancelled(Job job, boolean interrupt) {
    Future<byte[]> remote = null;
    lock.lock();
    try {
      if (pending.remove(job)) {
        changed.signalAll();
        return;
      }
      TaskBatch batch = job.batch;
      if (batch != null && batch.allDone()) {
        remote = batch.remote;
      }
    } finally {
      lock.unlock();
    }
    if (remote != null && interrupt) {
      remote.cancel(true); // the member kills the workers running its tasks
    }
  }

  /* --------------- lifecycle --------------- */

  /** Accepts no more tasks; the queued ones still run. Idempotent. */
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
   * Accepts no more tasks; queued and running ones fail with {@link CancellationException}.
   *
   * @return the futures of the tasks that had not been sent to a member yet
   */
  @Override
  public List<Outcome<Object>> terminate() {
    List<Job> stopped = new ArrayList<>();
    List<Future<byte[]>> remotes = new ArrayList<>();
    List<Outcome<Object>> neverSent;
    lock.lock();
    try {
      state = State.TERMINATED;
      neverSent = new ArrayList<>(pending);
      stopped.addAll(pending);
      pending.clear();
      for (ServingMember t : targets.values()) {
        for (TaskBatch b : t.batches) {
          if (b.remote != null) {
            remotes.add(b.remote);
          }
        }
        stopped.addAll(dropAllLocked(t));
      }
      inFlight = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    var e = new CancellationException("the pool was terminated");
    stopped.forEach(job -> job.completeExceptionally(e));
    remotes.forEach(remote -> remote.cancel(true));
    return neverSent;
  }

  /**
   * Waits until no task is queued or in flight, after {@link #close()} or {@link #terminate()};
   * then stops following the cluster.
   *
   * @param timeoutNanos how long; negative for ever
   * @return whether all tasks are done
   * @throws InterruptedException if interrupted
   */
  @Override
  public boolean awaitTermination(long timeoutNanos) throws InterruptedException {
    lock.lock();
    try {
      if (!EngineLifecycle.awaitWhile(
          changed,
          () -> state == State.RUNNING || !pending.isEmpty() || inFlight > 0,
          timeoutNanos)) {
        return false;
      }
    } finally {
      lock.unlock();
    }
    stopFollowing();
    return true;
  }

  private void stopFollowing() {
    loads.close();
    try {
      hz.getCluster().removeMembershipListener(listener);
    } catch (RuntimeException e) {
      // the instance is shut down already
    }
    results.shutdown();
    try {
      results.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
   * Returns the most tasks in flight at once.
   *
   * @return the limit; 0 for as many as the members have workers
   */
  public int limit() {
    return limit;
  }

  /**
   * Whether shut down, with no task queued or in flight.
   *
   * @return whether terminated
   */
  @Override
  public boolean isTerminated() {
    lock.lock();
    try {
      return state != State.RUNNING && pending.isEmpty() && inFlight == 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns how many workers the serving members have, in all.
   *
   * @return the number of workers
   */
  public int clusterWorkers() {
    lock.lock();
    try {
      return targets.values().stream().mapToInt(t -> t.workers).sum();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the serving members: one entry per member, named {@code member host:port (n
   * workers)}, with the member JVM's pid.
   *
   * @return the members
   */
  @Override
  public List<ProcessInfo> workers() {
    lock.lock();
    try {
      return targets.values().stream()
          .map(
              t ->
                  new ProcessInfo(
                      "member " + t.address + " (" + t.workers + " workers)",
                      ServingMember.pidOf(t.member)))
          .toList();
    } finally {
      lock.unlock();
    }
  }
}
