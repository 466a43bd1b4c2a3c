package dev.multiproc.cluster.internal;

import com.hazelcast.client.Client;
import com.hazelcast.client.ClientListener;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.MemberLostException;
import dev.multiproc.function.ClassFilter;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.spi.CallerClasses;
import dev.multiproc.spi.Outcome;
import dev.multiproc.spi.TaggedCodec;
import dev.multiproc.spi.TaskEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A member's own process pool, which runs the cluster tasks sent to it: the task's bytes go to a
 * worker JVM unchanged, so a task that crashes takes down that worker, never the member. A
 * result goes back to the caller as its worker encoded it (the member neither decodes it nor needs
 * its classes); a task's exception is decoded here, to be sent with the member's name.
 */
public final class MemberWork {
  /**
   * The workers' JVM: tasks that use cluster objects connect a Hazelcast client, which uses
   * {@code sun.misc.Unsafe}; allowed, so the JDK does not print its warning in each worker.
   */
  private static final JvmOptions WORKER_JVM =
      JvmOptions.defaults().withJvmFlags("--sun-misc-unsafe-memory-access=allow");

  /** The key of this member's {@code MemberWork} in Hazelcast's user context. */
  public static final String KEY = "dev.multiproc.cluster.work";

  private final TaskEngine engine;
  private final TaggedCodec codec = ClusterClasses.codec(ClassFilter.defaults());
  private final String member;

  /** Tasks this member is running or holding, by caller (a dispatcher's id). */
  private final Map<String, Integer> busy = new HashMap<>();

  private final MemberLoads.LoadPublisher load;

  /** The tasks running or held here, by the UUID of the member or client that sent them. */
  private final Map<String, Set<Outcome<byte[]>>> byOrigin = new HashMap<>();

  /** The loaders of the callers' classes, by caller UUID; none when code shipping is off. */
  private final @Nullable Map<String, ShippedClassLoader> shipped;

  private final ClassShipping.@Nullable Fetcher fetcher;

  /** How many batches this member took, for tests. */
  private final java.util.concurrent.atomic.AtomicLong batches =
      new java.util.concurrent.atomic.AtomicLong();

  /** The tasks ended because this member lost their caller. */
  private final Set<Outcome<byte[]>> ofLostCallers = ConcurrentHashMap.newKeySet();

  /**
   * Starts the member's workers.
   *
   * @param workers how many worker JVMs
   * @param member the member's address, for worker names and errors
   * @param hz the member, where the count of its tasks is published for the callers
   * @param runOnly the patterns of the only classes its workers decode, or empty for any
   * @param shipCode whether classes the member lacks are loaded from the task's caller
   */
  public MemberWork(
      int workers, String member, HazelcastInstance hz, List<String> runOnly, boolean shipCode) {
    this.member = member;
    this.shipped = shipCode ? new ConcurrentHashMap<>() : null;
    this.fetcher = shipCode ? new ClassShipping.Fetcher(hz) : null;
    // a worker that uses cluster objects connects to its member only
    PoolOptions options =
        PoolOptions.of(workers)
            .withJvm(
                WORKER_JVM.withSystemProperty(
                    HzAttach.VIA_MEMBER_PROPERTY, hz.getConfig().getClusterName() + "@" + member));
    if (!runOnly.isEmpty()) {
      options = options.withClassFilter(ClassFilter.only(runOnly.toArray(String[]::new)));
    }
    this.engine = TaskEngine.start(options, "ClusterWorker@" + member);
    this.load = new MemberLoads.LoadPublisher(hz, this::load);
    // a caller this member lost (a client it dropped, a member that left) is not waiting for
    // its tasks any more: they end, rather than run on unseen
    hz.getClientService()
        .addClientListener(
            new ClientListener() {
              @Override
              public void clientConnected(Client client) {}

              @Override
              public void clientDisconnected(Client client) {
                lost(client.getUuid().toString());
              }
            });
    hz.getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent event) {}

              @Override
              public void memberRemoved(MembershipEvent event) {
                lost(event.getMember().getUuid().toString());
              }
            });
  }

  /** How many batches (Hazelcast operations) of tasks this member took, for tests. */
  long batchesRun() {
    return batches.get();
  }

  /** The callers whose classes this member keeps a loader of, for tests. */
  Set<String> callersWithClasses() {
    return shipped == null ? Set.of() : Set.copyOf(shipped.keySet());
  }

  /** Ends the tasks of a caller this member lost: their workers are killed. */
  private void lost(String origin) {
    dropClasses(origin);
    List<Outcome<byte[]>> ending;
    synchronized (byOrigin) {
      Set<Outcome<byte[]>> tasks = byOrigin.remove(origin);
      ending = tasks == null ? List.of() : List.copyOf(tasks);
    }
    ofLostCallers.addAll(ending);
    ending.forEach(o -> o.cancel(true));
  }

  /**
   * Drops the loader of a caller's classes: the member's cache forgets the bytes that no other
   * caller's loader uses, and the loader itself goes once no class or result holds it.
   */
  private void dropClasses(String origin) {
    if (shipped != null) {
      shipped.computeIfPresent(
          origin,
          (o, loader) -> {
            CallerClasses.stopServing(o);
            loader.release();
            return null;
          });
    }
  }

  /**
   * Runs a batch of encoded tasks in the workers, each as a local pool runs one, and returns one
   * reply per task, in order: every task is handed to the pool at once, so the workers take the
   * next as soon as they are free, and each task's reply is its own (one that fails, or cannot
   * be decoded, fails alone).
   *
   * @param tasks the tasks' bytes, as a local pool sends them
   * @param timeoutNanos each task's timeout once a worker here runs it; 0 for none
   * @param caller the id of the dispatcher that sent them
   * @param origin the UUID of the member or client that sent them
   * @return the encoded replies
   * @throws InterruptedException if the caller cancelled the batch: the workers running its
   *     tasks are killed
   */
  List<byte[]> run(List<byte[]> tasks, long timeoutNanos, String caller, String origin)
      throws InterruptedException {
    int n = tasks.size();
    batches.incrementAndGet();
    count(caller, n);
    // a task's timeout counts from when a worker starts it, as in a local pool: a task that
    // waits here behind others for a worker is not timed out by its wait
    Duration timeout = Duration.ofNanos(timeoutNanos);
    List<Outcome<byte[]>> started = new ArrayList<>(n);
    byte[] refused = null;
    try {
      for (int i = 0; i < n; i++) {
        Outcome<byte[]> outcome = submit(tasks.get(i), origin, timeout);
        started.add(outcome);
        outcome.whenComplete((v, e) -> count(caller, -1));
      }
    } catch (RuntimeException e) { // closing, or broken
      refused = Replies.notRun("member " + member + " refused the task: " + e.getMessage(), codec);
      count(caller, -(n - started.size()));
    }
    track(origin, started);
    List<byte[]> replies = new ArrayList<>(n);
    try {
      awaitAll(started); // one wake-up for the batch, not one per task
    } catch (InterruptedException e) {
      started.forEach(o -> o.cancel(true)); // kills the workers running them
      throw e;
    }
    for (Outcome<byte[]> outcome : started) {
      replies.add(reply(outcome, timeout));
    }
    while (replies.size() < n) {
      replies.add(java.util.Objects.requireNonNull(refused));
    }
    return replies;
  }

  /** Waits until every task is done, however it ended. */
  private static void awaitAll(List<Outcome<byte[]>> outcomes) throws InterruptedException {
    try {
      CompletableFuture.allOf(outcomes.toArray(CompletableFuture<?>[]::new)).get();
    } catch (ExecutionException | CancellationException e) {
      // each task's own outcome says how it ended
    }
  }

  private void count(String caller, int delta) {
    synchronized (busy) {
      busy.merge(caller, delta, (a, b) -> a + b == 0 ? null : a + b);
    }
    load.changed();
  }

  /** A copy of the tasks by caller, for publishing. */
  private HashMap<String, Integer> load() {
    synchronized (busy) {
      return new HashMap<>(busy);
    }
  }

  private Outcome<byte[]> submit(byte[] task, String origin, Duration timeout) {
    if (shipped != null && fetcher != null) {
      // the task runs its own caller's classes: a worker's requests for them are answered,
      // and its result decoded, from that caller's loader alone
      shipped.computeIfAbsent(
          origin,
          o -> {
            var loader = new ShippedClassLoader(fetcher, o, MemberWork.class.getClassLoader());
            CallerClasses.serveFor(o, loader);
            return loader;
          });
      return engine.submitEncoded(task, origin, timeout);
    }
    return engine.submitEncoded(task, null, timeout);
  }

  /** Records the tasks under their caller, which may be lost while they run. */
  private void track(String origin, List<Outcome<byte[]>> outcomes) {
    synchronized (byOrigin) {
      byOrigin.computeIfAbsent(origin, o -> new HashSet<>()).addAll(outcomes);
    }
    for (Outcome<byte[]> outcome : outcomes) {
      outcome.whenComplete(
          (v, e) -> {
            synchronized (byOrigin) {
              Set<Outcome<byte[]>> tasks = byOrigin.get(origin);
              if (tasks != null && tasks.remove(outcome) && tasks.isEmpty()) {
                byOrigin.remove(origin);
              }
            }
          });
    }
  }

  /** Encodes the reply of a task that is done. */
  private byte[] reply(Outcome<byte[]> outcome, Duration timeout) {
    try {
      return Replies.encoded(outcome.join());
    } catch (CompletionException e) {
      Throwable cause = java.util.Objects.requireNonNull(e.getCause());
      if (cause instanceof TaskTimeoutException) { // the engine killed its worker for it
        cause = TaskTimeoutException.workerKilled("on member " + member, timeout);
      }
      return Replies.failed(cause, codec, member);
    } catch (CancellationException e) {
      if (ofLostCallers.remove(outcome)) {
        return Replies.failed(
            new MemberLostException(
                member,
                new IllegalStateException("the member lost its caller, and ended the task")),
            codec,
            member);
      }
      return Replies.notRun("member " + member + " stopped its pool", codec);
    }
  }

  /** Stops publishing this member's load (before the member leaves the cluster). */
  public void stopPublishing() {
    load.close();
  }

  /** Stops the workers at once. */
  public void terminate() {
    load.close();
    engine.terminate();
    if (shipped != null) {
      List.copyOf(shipped.keySet()).forEach(this::dropClasses);
    }
    try {
      engine.awaitTermination(TimeUnit.SECONDS.toNanos(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
