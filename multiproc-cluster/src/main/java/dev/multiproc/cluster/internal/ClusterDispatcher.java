package dev.multiproc.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.multiproc.cluster.MemberLoss;
import dev.multiproc.cluster.MemberLostException;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.process.ProcessInfo;
import dev.multiproc.spi.EngineLifecycle;
import dev.multiproc.spi.Outcome;
import dev.multiproc.spi.TaggedCodec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * takes at most {@link #PER_WORKER} of this dispatcher's tasks per worker it has (its {@code
 * multiproc.workers} attribute), and a task goes to the member with the most room; the rest wait
 * here in order. The pool's size caps the tasks in flight over the whole cluster.
 *
 * <pre>
 *   submit() ─► pending ─► dispatch: member with most free workers ─► IExecutorService.submitToMember
 *                 ▲                                                            │
 *                 │ NOT_RUN, or member lost with MemberLoss.RERUN              ▼ RemoteTask on the member
 *   result thread ◄──────────────── reply bytes, or the member's loss ◄──── its own process pool
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
  /**
   * Tasks sent to a member per worker it has: the second hides the network round trip between
   * one task's end and the next one's arrival (+25% tasks/s for tiny tasks). Only without a task
   * timeout: the timeout counts from the task's arrival on the member, and must not count the
   * time it waits there behind another.
   */
  static final int PER_WORKER = 2;

  /** How long a member that failed to answer is sent nothing while it is still listed. */
  private static final long SUSPECT_NANOS = TimeUnit.SECONDS.toNanos(5);

  private enum State {
    RUNNING,
    CLOSING,
    TERMINATED
  }

  /** A serving member, as this dispatcher sees it. */
  private static final class Target {
    final Member member;
    final String address;
    final int workers;
    final Set<Job> inFlight = new HashSet<>();
    long suspectUntil;

    Target(Member member, int workers) {
      this.member = member;
      this.address = member.getAddress().getHost() + ":" + member.getAddress().getPort();
      this.workers = workers;
    }

    /**
     * Room for this dispatcher's tasks: its slots, less its own tasks there, less the others'
     * tasks the member reports (at most all but one slot, so that callers share a busy member
     * rather than one starving while another keeps it full).
     */
    int free(int perWorker, int others) {
      int slots = workers * perWorker;
      return slots - inFlight.size() - Math.min(others, slots - 1);
    }
  }

  /** One task: its bytes, its future, and where it runs now. */
  private final class Job extends Outcome<Object> {
    final byte[] task;
    @Nullable Future<byte[]> remote; // guarded by lock

    Job(byte[] task) {
      this.task = task;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        cancelled(this, mayInterruptIfRunning);
      }
      return cancelled;
    }
  }

  private final HazelcastInstance hz;
  private final IExecutorService executor;
  private final PoolOptions options;
  private final int limit;
  private final MemberLoss onLoss;
  private final int perWorker;
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
  private final Map<UUID, Target> targets = new LinkedHashMap<>();
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
    this.perWorker = options.taskTimeout().isZero() ? PER_WORKER : 1;
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

  private static int workersOf(Member m) {
    String w = m.getAttribute(HazelcastSetup.WORKERS_ATTRIBUTE);
    try {
      return w == null ? 0 : Integer.parseInt(w);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void addLocked(Member m) {
    int workers = workersOf(m);
    if (workers > 0 && !targets.containsKey(m.getUuid())) {
      targets.put(m.getUuid(), new Target(m, workers));
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
    Target t;
    lock.lock();
    try {
      t = targets.remove(m.getUuid());
      if (t == null) {
        return;
      }
      lost = new ArrayList<>(t.inFlight);
      inFlight -= t.inFlight.size();
      t.inFlight.clear();
      if (onLoss == MemberLoss.RERUN) {
        for (int i = lost.size() - 1; i >= 0; i--) {
          requeueLocked(lost.get(i));
        }
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

  private void requeueLocked(Job job) {
    job.remote = null;
    if (!job.isDone()) {
      pending.addFirst(job);
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
      Job job = pending.peekFirst();
      if (job.isDone()) { // cancelled while it waited
        pending.pollFirst();
        continue;
      }
      Target best = null;
      int bestFree = 0;
      int bestBusy = 0;
      for (Target t : targets.values()) {
        int busy = loads.others(t.member.getUuid(), id);
        int free = t.free(perWorker, busy);
        if (free > 0
            && (t.suspectUntil == 0 || t.suspectUntil - System.nanoTime() <= 0)
            && (best == null || free > bestFree || (free == bestFree && busy < bestBusy))) {
          best = t;
          bestFree = free;
          bestBusy = busy;
        }
      }
      if (best == null) {
        return;
      }
      pending.pollFirst();
      best.inFlight.add(job);
      inFlight++;
      send(job, best);
    }
  }

  private void send(Job job, Target target) {
    Future<byte[]> remote;
    try {
      remote =
          executor.submitToMember(
              new RemoteTask(
                  job.task,
                  new TaskSignature.Stamp(
                      options.taskTimeout().toNanos(),
                      System.currentTimeMillis(),
                      sequence.incrementAndGet()),
                  id,
                  origin,
                  key),
              target.member);
    } catch (RuntimeException e) { // the member is gone, or this client is shutting down
      Target t = target;
      results.execute(() -> removed(t.member, e));
      return;
    }
    job.remote = remote;
    if (!(remote instanceof CompletableFuture<byte[]> stage)) {
      throw new IllegalStateException(
          "Hazelcast returned a future that is not a CompletableFuture: "
              + remote.getClass().getName());
    }
    stage.whenCompleteAsync((reply, error) -> answered(job, target, reply, error), results);
  }

  private void answered(
      Job job, Target target, byte @Nullable [] reply, @Nullable Throwable error) {
    if (error != null && !(error instanceof CancellationException)) {
      unreachable(job, target, error);
      return;
    }
    Replies.Reply decoded = null;
    if (reply != null) {
      decoded = Replies.read(reply, codec, target.address);
    }
    lock.lock();
    try {
      if (!target.inFlight.remove(job)) {
        return; // the member was removed, and its tasks handled, first
      }
      inFlight--;
      if (decoded != null && decoded.kind() == Replies.NOT_RUN) {
        targets.remove(target.member.getUuid()); // it refuses work: send it no more
        inFlight -= target.inFlight.size();
        List<Job> others = new ArrayList<>(target.inFlight);
        target.inFlight.clear();
        others.forEach(this::requeueLocked);
        requeueLocked(job);
        dispatchLocked();
        changed.signalAll();
        return;
      }
      dispatchLocked();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (decoded == null) {
      job.completeExceptionally(
          error != null ? error : new CancellationException("the task was cancelled"));
    } else if (decoded.kind() == Replies.VALUE) {
      job.complete(decoded.value());
    } else {
      job.completeExceptionally(decoded.error());
    }
  }

  /**
   * The cluster could not bring the task's answer back. A member no longer listed is removed
   * with all its tasks; one still listed (the membership event may not have come yet) loses this
   * task only, and is sent nothing for {@link #SUSPECT_NANOS}.
   */
  private void unreachable(Job job, Target target, Throwable error) {
    if (!hz.getCluster().getMembers().contains(target.member)) {
      removed(target.member, error);
      return;
    }
    lock.lock();
    try {
      if (!target.inFlight.remove(job)) {
        return;
      }
      inFlight--;
      target.suspectUntil = System.nanoTime() + SUSPECT_NANOS;
      if (onLoss == MemberLoss.RERUN) {
        requeueLocked(job);
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
    if (onLoss == MemberLoss.FAIL) {
      job.completeExceptionally(new MemberLostException(target.address, error));
    }
  }

  private void cancelled(Job job, boolean interrupt) {
    Future<byte[]> remote;
    lock.lock();
    try {
      if (pending.remove(job)) {
        changed.signalAll();
        return;
      }
      remote = job.remote;
    } finally {
      lock.unlock();
    }
    if (remote != null && interrupt) {
      remote.cancel(true); // the member kills the worker running it
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
    List<Outcome<Object>> neverSent;
    lock.lock();
    try {
      state = State.TERMINATED;
      neverSent = new ArrayList<>(pending);
      stopped.addAll(pending);
      pending.clear();
      for (Target t : targets.values()) {
        stopped.addAll(t.inFlight);
        t.inFlight.clear();
      }
      inFlight = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    var e = new CancellationException("the pool was terminated");
    for (Job job : stopped) {
      Future<byte[]> remote = job.remote;
      job.completeExceptionally(e);
      if (remote != null) {
        remote.cancel(true);
      }
    }
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
                      "member " + t.address + " (" + t.workers + " workers)", pidOf(t.member)))
          .toList();
    } finally {
      lock.unlock();
    }
  }

  private static long pidOf(Member m) {
    String pid = m.getAttribute(HazelcastSetup.PID_ATTRIBUTE);
    try {
      return pid == null ? -1 : Long.parseLong(pid);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
