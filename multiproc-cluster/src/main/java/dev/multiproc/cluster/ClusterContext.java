package dev.multiproc.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Address;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.Context;
import dev.multiproc.cluster.internal.ClusterChildRunner;
import dev.multiproc.cluster.internal.ClusterDispatcher;
import dev.multiproc.cluster.internal.ClusterExecutor;
import dev.multiproc.cluster.internal.ClusterPool;
import dev.multiproc.cluster.internal.HazelcastSetup;
import dev.multiproc.cluster.internal.HzAttach;
import dev.multiproc.cluster.internal.HzBarrier;
import dev.multiproc.cluster.internal.HzByteArray;
import dev.multiproc.cluster.internal.HzCondition;
import dev.multiproc.cluster.internal.HzConnection;
import dev.multiproc.cluster.internal.HzCounters;
import dev.multiproc.cluster.internal.HzDouble;
import dev.multiproc.cluster.internal.HzDoubleArray;
import dev.multiproc.cluster.internal.HzEvent;
import dev.multiproc.cluster.internal.HzIntArray;
import dev.multiproc.cluster.internal.HzJoinableQueue;
import dev.multiproc.cluster.internal.HzLeases;
import dev.multiproc.cluster.internal.HzLongArray;
import dev.multiproc.cluster.internal.HzManager;
import dev.multiproc.cluster.internal.HzPlainLock;
import dev.multiproc.cluster.internal.HzQueue;
import dev.multiproc.cluster.internal.HzRLock;
import dev.multiproc.cluster.internal.HzSemaphore;
import dev.multiproc.cluster.internal.HzSimpleQueue;
import dev.multiproc.cluster.internal.MemberWork;
import dev.multiproc.cluster.internal.TaskSignature;
import dev.multiproc.function.SerializableBiConsumer;
import dev.multiproc.function.SerializableConsumer;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.Pipe;
import dev.multiproc.ipc.SimpleMpQueue;
import dev.multiproc.manager.Manager;
import dev.multiproc.manager.ManagerOptions;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.shared.SharedByteArray;
import dev.multiproc.shared.SharedDouble;
import dev.multiproc.shared.SharedDoubleArray;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedIntArray;
import dev.multiproc.shared.SharedLong;
import dev.multiproc.shared.SharedLongArray;
import dev.multiproc.spi.ChildLaunch;
import dev.multiproc.spi.ChildRunner;
import dev.multiproc.spi.Primitives;
import dev.multiproc.sync.Barrier;
import dev.multiproc.sync.BoundedSemaphore;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.MpSemaphore;
import dev.multiproc.sync.RLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Context} whose pools run tasks on the workers of a Hazelcast cluster's members. Get
 * one from {@link Cluster#context(ClusterConfig)}; close it to leave the cluster.
 *
 * <p>The whole {@link Context} is on the cluster. {@link #pool(PoolOptions)} and its kin ({@code
 * apply}, {@code applyAsync}, {@code map}, {@code imap}, {@code imapUnordered}, {@code starmap},
 * with callbacks, cancellation, the per-task timeout and the initializer) and {@link
 * #executor(PoolOptions)} spread tasks over the members' workers, balanced by every caller's load;
 * {@link #process(SerializableRunnable)} runs a process on a member's worker. Each member runs
 * what it is sent in its own local worker JVMs, so a task that crashes or calls {@code
 * System.exit} fails alone ({@link dev.multiproc.pool.WorkerDiedException}) and the member goes
 * on. A member that leaves or dies fails only the tasks it held, with {@link MemberLostException}
 * naming it, or re-runs them elsewhere ({@link MemberLoss#RERUN}).
 *
 * <p>Shared objects are Hazelcast structures: {@link #queue(int)}, {@link #joinableQueue(int)},
 * {@link #simpleQueue()} and {@link #pipe(boolean)} on {@code IQueue}s, {@link #lock()} and
 * {@link #rLock()} on {@code IMap.lock} (released when the holding member dies), and, each on an
 * {@code IMap} entry changed by entry processors with entry listeners to wake waiters (no
 * polling): conditions, events, barriers, semaphores, shared values and arrays; {@link
 * #manager()} gives {@code IMap}, {@code IList} and {@code ISet} proxies. Each has a unique name;
 * {@code close()} on the object made here destroys it in the cluster, and so does closing this
 * context, or this JVM's death (its lease in the cluster expires, and a member destroys what it
 * made: nothing is left behind). Every one of them can be passed to pool tasks, processes and
 * other JVMs: it travels by name, and the receiving JVM attaches through its own member or client
 * (one client per cluster per JVM, made on first use); closing a received copy only ends that
 * copy. They are AP, not CP: each method says what a
 * member's death or a split cluster can cost.
 *
 * <p>Refused, with the reason: {@code maxTasksPerChild} and per-pool or per-process JVM options
 * (members' workers are shared by every caller and started as the {@code node} command or the
 * member's own {@link ClusterConfig} says), and a manager's custom types. The class filter
 * applies to results decoded here; the task timeout counts from when the task reaches a member.
 *
 * <p>User classes (the tasks' functions, arguments, results and exceptions) that a member lacks
 * are loaded from the caller that sent the task, on first use ({@link ClusterConfig.Builder#shipCode},
 * on by default); a class neither has fails the task with {@link
 * dev.multiproc.pool.TaskTransferException} naming it.
 */
public final class ClusterContext implements Context, AutoCloseable {
  private final ClusterConfig config;
  private final HazelcastInstance hz;
  private final @Nullable MemberWork work;
  private volatile boolean closed;
  private @Nullable ClusterDispatcher processes;
  private final HzLeases leases;

  ClusterContext(ClusterConfig config) {
    this.config = config;
    HzLeases.checkSettings(config.properties());
    if (config.role() == ClusterConfig.Role.CLIENT) {
      this.hz = HazelcastClient.newHazelcastClient(HazelcastSetup.client(config));
      this.work = null;
      this.leases = HzLeases.start(hz, false, config.properties());
      HzAttach.register(hz, TaskSignature.wireName(config.clusterName(), config.key()));
      return;
    }
    var userContext = new ConcurrentHashMap<String, Object>();
    var ready = new CompletableFuture<MemberWork>();
    if (config.workers() > 0) {
      userContext.put(MemberWork.KEY, ready);
    }
    this.hz = Hazelcast.newHazelcastInstance(HazelcastSetup.member(config, userContext));
    if (config.workers() > 0) {
      try {
        this.work =
            new MemberWork(config.workers(), address(), hz, config.runOnly(), config.shipCode());
      } catch (RuntimeException e) {
        ready.completeExceptionally(e);
        hz.shutdown();
        throw e;
      }
      ready.complete(work);
    } else {
      this.work = null;
    }
    this.leases = HzLeases.start(hz, true, config.properties());
    HzAttach.register(hz, TaskSignature.wireName(config.clusterName(), config.key()));
  }

  /**
   * Returns the config this context joined with.
   *
   * @return the config
   */
  public ClusterConfig config() {
    return config;
  }

  /**
   * Returns this JVM's address in the cluster, {@code host:port}: the member's, or for a client
   * the local end of its connection.
   *
   * @return the address
   */
  public String address() {
    if (config.role() == ClusterConfig.Role.CLIENT) {
      return "client " + hz.getName();
    }
    Address a = hz.getCluster().getLocalMember().getAddress();
    return a.getHost() + ":" + a.getPort();
  }

  /**
   * Returns how many members the cluster has now, serving work or not.
   *
   * @return the number of members
   */
  public int memberCount() {
    return hz.getCluster().getMembers().size();
  }

  /**
   * Returns the Hazelcast instance behind this context, for what the library does not cover.
   *
   * @return the member or client
   */
  public HazelcastInstance hazelcast() {
    return hz;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the cluster context is closed");
    }
  }

  /**
   * Returns a pool of up to {@code processes} tasks at once, spread over the members' workers.
   *
   * @param processes the most tasks in flight at once, at least 1
   * @return the pool
   */
  @Override
  public Pool pool(int processes) {
    return pool(PoolOptions.of(processes));
  }

  /**
   * Returns a pool that uses every worker of every serving member, however many join or leave.
   *
   * @return the pool
   */
  @Override
  public Pool pool() {
    return pool(PoolOptions.of(1), MemberLoss.FAIL, 0);
  }

  /**
   * Returns a pool of up to {@code options.processes()} tasks at once; a lost member's tasks
   * fail with {@link MemberLostException}.
   *
   * @param options the options
   * @return the pool
   * @throws UnsupportedOperationException if the options ask for {@code maxTasksPerChild} or
   *     JVM options, which the members' shared workers cannot honour
   */
  @Override
  public Pool pool(PoolOptions options) {
    return pool(options, MemberLoss.FAIL);
  }

  /**
   * Returns a pool of up to {@code options.processes()} tasks at once, with a policy for the
   * tasks of a member that leaves or dies.
   *
   * @param options the options
   * @param onLoss fail a lost member's tasks, or re-run them on another member (idempotent
   *     tasks only)
   * @return the pool
   * @throws UnsupportedOperationException if the options ask for {@code maxTasksPerChild} or
   *     JVM options, which the members' shared workers cannot honour
   */
  public Pool pool(PoolOptions options, MemberLoss onLoss) {
    return pool(options, onLoss, options.processes());
  }

  private Pool pool(PoolOptions options, MemberLoss onLoss, int limit) {
    return new ClusterPool(dispatcher(options, onLoss, limit), limit);
  }

  private ClusterDispatcher dispatcher(PoolOptions options, MemberLoss onLoss, int limit) {
    checkOpen();
    if (options.maxTasksPerChild() != 0) {
      throw new UnsupportedOperationException(
          "maxTasksPerChild="
              + options.maxTasksPerChild()
              + " is not on the cluster backend: members' workers are shared by every pool that"
              + " sends them work, so one pool cannot retire them; use Multiprocessing.local()");
    }
    if (!options.jvm().equals(JvmOptions.defaults())) {
      throw new UnsupportedOperationException(
          "per-pool JVM options ("
              + options.jvm()
              + ") are not on the cluster backend: members start their workers, shared by every"
              + " pool, as the node command or their own config says");
    }
    return new ClusterDispatcher(hz, options, limit, onLoss);
  }

  /**
   * Returns an executor of up to {@code options.processes()} tasks at once, spread over the
   * members' workers; a lost member's tasks fail with {@link MemberLostException}.
   *
   * @param options the options
   * @return the executor
   * @throws UnsupportedOperationException if the options ask for {@code maxTasksPerChild} or
   *     JVM options, which the members' shared workers cannot honour
   */
  @Override
  public ProcessPoolExecutor executor(PoolOptions options) {
    return executor(options, MemberLoss.FAIL);
  }

  /**
   * Returns an executor of up to {@code options.processes()} tasks at once, with a policy for the
   * tasks of a member that leaves or dies.
   *
   * @param options the options
   * @param onLoss fail a lost member's tasks, or re-run them on another member (idempotent
   *     tasks only)
   * @return the executor
   * @throws UnsupportedOperationException if the options ask for {@code maxTasksPerChild} or
   *     JVM options, which the members' shared workers cannot honour
   */
  public ProcessPoolExecutor executor(PoolOptions options, MemberLoss onLoss) {
    return new ClusterExecutor(dispatcher(options, onLoss, options.processes()));
  }

  /**
   * Leaves the cluster: kills the processes still running, destroys the objects this context
   * made, stops this member's workers and shuts the member or client down. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    HzAttach.unregister(hz);
    synchronized (this) {
      if (processes != null) {
        processes.terminate();
      }
    }
    if (work != null) {
      work.stopPublishing();
    }
    leases.close();
    try {
      hz.shutdown();
    } finally {
      if (work != null) {
        work.terminate();
      }
    }
  }

  @Override
  public String toString() {
    return "Context[cluster " + config.clusterName() + ", " + config.role() + "]";
  }

  /* --------------- shared objects on the cluster --------------- */

  /**
   * Returns a new queue in the cluster, a Hazelcast {@code IQueue} with a unique name. Python:
   * {@code Queue(maxsize)}. Items are encoded with the library codec on the caller's thread, so
   * members store bytes and need not know the item classes; the JVM that gets an item must.
   * Bounded queues make {@code put} wait (or fail with {@link
   * dev.multiproc.ipc.QueueFullException}) as locally.
   *
   * <p><b>AP semantics:</b> the items live in the partition's
   * owner member with one synchronous backup: they survive one member's death, not two at once,
   * nor a split of the cluster. {@link MpQueue#close()} destroys the queue for every holder.
   *
   * @param maxsize the most items it holds; 0 for no limit
   * @param <E> the item type
   * @return the queue
   * @throws IllegalArgumentException if maxsize is negative
   */
  @Override
  public <E> MpQueue<E> queue(int maxsize) {
    checkOpen();
    return new HzQueue<>(hz, maxsize);
  }

  /**
   * Returns a new lock in the cluster, on {@code IMap.lock} of a map with a unique name. Python:
   * {@code Lock()}: not reentrant, and any thread may release it.
   *
   * <p>When the member holding the lock dies, Hazelcast releases the lock (for a client, when
   * the cluster drops the client's connection), and a waiter takes it; {@link
   * MpLock#previousHolderDied()} cannot tell and is always false. A side of a split cluster with
   * fewer members than the lock quorum (by default a majority of the member addresses a member
   * was given; property {@code multiproc.cluster.lock.quorum}) grants no lock: its waiters wait
   * until the cluster is whole again. Each hold has a fencing token ({@link
   * ClusterLock#fencingToken()}), and a holder whose lock the cluster released is told so by its
   * release ({@link LockLostException}). {@link MpLock#newCondition()} and {@link
   * #condition(MpLock)} make conditions over it. {@link MpLock#close()} destroys it.
   *
   * @return the lock
   */
  @Override
  public ClusterLock lock() {
    checkOpen();
    return new HzPlainLock(hz);
  }

  /**
   * Returns a new reentrant lock in the cluster, on {@code IMap.lock}. Python: {@code RLock()}.
   * Only the owner thread may release it. The same semantics as {@link #lock()}; it is a {@link
   * ClusterLock} too.
   *
   * @return the lock
   */
  @Override
  public RLock rLock() {
    checkOpen();
    return new HzRLock(hz);
  }

  /**
   * Returns a new event in the cluster: a flag in an {@code IMap} entry, with an entry listener
   * that wakes this JVM's waiters when it changes (no polling; a waiter re-reads the flag every
   * 30 seconds in case a notification was lost while a partition moved). Python: {@code
   * Event()}.
   *
   * <p><b>AP semantics:</b> the flag survives one member's death (one backup); in a split cluster
   * each side has its own flag until they merge. {@link Event#close()} destroys it.
   *
   * @return the event, clear
   */
  @Override
  public Event event() {
    checkOpen();
    return new HzEvent(hz);
  }

  /**
   * Returns a new shared int in the cluster, in an {@code IMap} entry; the atomic operations run
   * as an entry processor on the member that owns the entry. Python: {@code Value('i', initial,
   * lock=lock)}; the lock is an {@link #rLock()}.
   *
   * <p><b>AP semantics:</b> an update acknowledged to the caller survives one member's death (one
   * synchronous backup); in a split cluster each side updates its own copy, and one side's
   * updates are lost when they merge. {@link SharedInt#close()} destroys it.
   *
   * @param initial the first value
   * @param lock whether it carries a lock for compound updates
   * @return the value
   */
  @Override
  public SharedInt sharedInt(int initial, boolean lock) {
    checkOpen();
    return HzCounters.ofInt(hz, initial, lock);
  }

  /**
   * Returns a new shared long in the cluster: as {@link #sharedInt(int, boolean)}, 64 bits.
   * Python: {@code Value('q', initial, lock=lock)}.
   *
   * @param initial the first value
   * @param lock whether it carries a lock for compound updates
   * @return the value
   */
  @Override
  public SharedLong sharedLong(long initial, boolean lock) {
    checkOpen();
    return HzCounters.ofLong(hz, initial, lock);
  }

  /**
   * Returns a new semaphore in the cluster: the permit count in an {@code IMap} entry, taken and
   * returned by entry processors on the member that owns it; waiters sleep until an entry
   * listener says the count changed (no polling). Python: {@code Semaphore(value)}.
   *
   * <p>As {@link MpSemaphore} says, a permit taken by {@code acquire} is consumed and never given
   * back for its taker; one taken by {@code hold()} is held by this JVM until the hold is
   * closed. When the holding member dies, or the cluster drops the holding client (Hazelcast
   * releases the map lock each hold keeps), a waiter that finds no free permit gives the held
   * permits back within about a second and counts them ({@link
   * MpSemaphore#reclaimedPermits()}).
   *
   * <p><b>AP semantics:</b> the count survives one member's death (one backup); in a split
   * cluster each side counts alone, so more holders than permits are possible until the merge,
   * and a holder cut off from the cluster long enough for it to drop the holder's client loses
   * its hold (the permit is given back to others). {@link MpSemaphore#close()} destroys it.
   *
   * @param value the initial number of permits
   * @return the semaphore
   * @throws IllegalArgumentException if value is negative
   */
  @Override
  public MpSemaphore semaphore(int value) {
    checkOpen();
    return new HzSemaphore(hz, value, false);
  }

  /**
   * Returns a new semaphore in the cluster that refuses a release above {@code value}. Python:
   * {@code BoundedSemaphore(value)}. The same semantics as {@link #semaphore(int)}.
   *
   * @param value the initial number of permits, also the bound
   * @return the semaphore
   * @throws IllegalArgumentException if value is negative
   */
  @Override
  public BoundedSemaphore boundedSemaphore(int value) {
    checkOpen();
    return new HzSemaphore(hz, value, true);
  }

  /**
   * Returns a new condition over a new {@link #rLock()}, which it closes with itself. Python:
   * {@code Condition()}. See {@link #condition(MpLock)}.
   *
   * @return the condition
   */
  @Override
  public MpCondition condition() {
    checkOpen();
    return HzCondition.create(hz);
  }

  /**
   * Returns a new condition in the cluster over {@code lock}: a wait queue in an {@code IMap}
   * entry, changed by entry processors on the member that owns it; a waiter sleeps until an
   * entry listener shows it signalled (no polling; it re-reads the entry every 30 seconds in
   * case a notification was lost while a partition moved). Waiting releases the lock fully and
   * takes it back. Python: {@code Condition(lock)}. There is no limit on the number of waiters.
   *
   * <p><b>AP semantics:</b> the wait queue survives one member's death (one synchronous backup). A
   * waiter whose member dies, or whose client the cluster drops, is skipped by later signals
   * (each waiter holds a map lock that Hazelcast releases then); until Hazelcast notices (its
   * heartbeat timeout) a signal sent to it is lost. In a split cluster each side has its own
   * queue, and the lock itself may be held on both sides: wait in a loop that re-checks, or
   * with a timeout. {@link MpCondition#close()} destroys it (not {@code lock}).
   *
   * @param lock a {@link #lock()} or {@link #rLock()} of this cluster
   * @return the condition
   * @throws IllegalArgumentException if {@code lock} is not a lock of the cluster context
   */
  @Override
  public MpCondition condition(MpLock lock) {
    checkOpen();
    return HzCondition.over(hz, lock);
  }

  /**
   * Returns a new barrier in the cluster: the generation, the parties arrived and whether it is
   * broken in an {@code IMap} entry, changed by entry processors on the member that owns it;
   * waiters sleep until an entry listener shows their generation over (no polling; they re-read
   * the entry every 30 seconds). The action runs in the JVM of the last party to arrive, before
   * the others are released; arrival indices, breaking (timeout, interrupt, {@link
   * Barrier#abort()}, a failed action) and {@link Barrier#reset()} are as locally. Python:
   * {@code Barrier(parties, action, timeout)}.
   *
   * <p><b>AP semantics:</b> the state survives one member's death (one synchronous backup). A party
   * that dies while waiting is not replaced, and the others wait for it: give a timeout. In a
   * split cluster each side counts its own arrivals, so neither may reach {@code parties} (their
   * timeouts break them) until the merge. {@link Barrier#close()} destroys it.
   *
   * @param parties how many parties release it, at least 1
   * @param action what the last party runs before the others are released; or null
   * @param timeout the default timeout of {@link Barrier#await()}; null for none
   * @return the barrier
   * @throws IllegalArgumentException if {@code parties < 1} or the timeout is negative
   */
  @Override
  public Barrier barrier(
      int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout) {
    checkOpen();
    return new HzBarrier(hz, parties, action, timeout);
  }

  /**
   * Returns a new shared double in the cluster: its raw bits in an {@code IMap} entry; {@code
   * addAndGet} and {@code compareAndSet} (on the bits, as locally) run as entry processors on the
   * member that owns the entry. Python: {@code Value('d', initial, lock=lock)}; the lock is an
   * {@link #rLock()}. The same semantics as {@link #sharedInt(int, boolean)}.
   *
   * @param initial the first value
   * @param lock whether it carries a lock for compound updates
   * @return the value
   */
  @Override
  public SharedDouble sharedDouble(double initial, boolean lock) {
    checkOpen();
    return HzDouble.create(hz, initial, lock);
  }

  /**
   * Returns a new shared int array in the cluster: the whole array in one {@code IMap} entry,
   * kept as an object on the member that owns it; element reads and the atomic element
   * operations run there as entry processors (only the element travels), {@code toArray} is one
   * get (a consistent snapshot) and {@code setAll} one entry processor. Python: {@code
   * Array('i', values, lock=lock)}. Indexes out of range throw {@link
   * IndexOutOfBoundsException} as locally.
   *
   * <p><b>AP semantics:</b> an update acknowledged to the caller survives one member's death (one
   * synchronous backup, to which only the operation travels); in a split cluster each side
   * updates its own copy, and one side's updates are lost when they merge. {@link
   * SharedIntArray#close()} destroys it.
   *
   * @param values the elements (copied)
   * @param lock whether it carries a lock ({@link #rLock()}) for compound updates
   * @return the array
   */
  @Override
  public SharedIntArray sharedIntArray(int[] values, boolean lock) {
    checkOpen();
    return HzIntArray.create(hz, values, lock);
  }

  /**
   * Returns a new shared long array in the cluster: as {@link #sharedIntArray(int[], boolean)}.
   * Python: {@code Array('q', values, lock=lock)}.
   *
   * @param values the elements (copied)
   * @param lock whether it carries a lock for compound updates
   * @return the array
   */
  @Override
  public SharedLongArray sharedLongArray(long[] values, boolean lock) {
    checkOpen();
    return HzLongArray.create(hz, values, lock);
  }

  /**
   * Returns a new shared double array in the cluster: as {@link #sharedIntArray(int[],
   * boolean)}; {@code compareAndSet} compares bits, as locally. Python: {@code Array('d',
   * values, lock=lock)}.
   *
   * @param values the elements (copied)
   * @param lock whether it carries a lock for compound updates
   * @return the array
   */
  @Override
  public SharedDoubleArray sharedDoubleArray(double[] values, boolean lock) {
    checkOpen();
    return HzDoubleArray.create(hz, values, lock);
  }

  /**
   * Returns a new shared byte array in the cluster: as {@link #sharedIntArray(int[], boolean)}.
   * Python: {@code Array('b', values, lock=lock)}.
   *
   * @param values the elements (copied)
   * @param lock whether it carries a lock for compound updates
   * @return the array
   */
  @Override
  public SharedByteArray sharedByteArray(byte[] values, boolean lock) {
    checkOpen();
    return HzByteArray.create(hz, values, lock);
  }

  /**
   * Returns a new joinable queue in the cluster: a {@link #queue(int)} plus the count of
   * unfinished tasks in an {@code IMap} entry, raised by each put (before the item goes in) and
   * lowered by {@link JoinableMpQueue#taskDone()}, both entry processors; {@link
   * JoinableMpQueue#join()} sleeps until an entry listener shows the count at zero (no polling;
   * it re-reads the entry every 30 seconds). Python: {@code JoinableQueue(maxsize)}.
   *
   * <p><b>AP semantics:</b> items and count survive one member's death (one synchronous backup
   * each), not two at once. A consumer that dies between {@code get} and {@code taskDone} leaves
   * its task unfinished for ever, as in Python: {@code join} then waits for ever. In a split
   * cluster each side has its own items and count until the merge. {@link
   * JoinableMpQueue#close()} destroys both.
   *
   * @param maxsize the most items it holds; 0 for no limit
   * @param <E> the item type
   * @return the queue
   * @throws IllegalArgumentException if maxsize is negative
   */
  @Override
  public <E> JoinableMpQueue<E> joinableQueue(int maxsize) {
    checkOpen();
    return new HzJoinableQueue<>(hz, maxsize);
  }

  /**
   * Returns a new simple queue in the cluster: an unbounded {@code IQueue} of items encoded with
   * the library codec, as {@link #queue(int)}; items may be null. Python: {@code SimpleQueue()}.
   * The same semantics as {@link #queue(int)}.
   *
   * @param <E> the item type
   * @return the queue
   */
  @Override
  public <E> SimpleMpQueue<E> simpleQueue() {
    checkOpen();
    return new HzSimpleQueue<>(hz);
  }

  /* --------------- processes, pipes and managers --------------- */

  /**
   * Returns a process that runs {@code target} on a member's worker JVM when started: Python's
   * {@code Process(target=...)} on the cluster. It goes to the member with the most free workers
   * and holds that worker until it ends. Exit codes as locally: 0 when it returns, 1 when it
   * throws (the remote traceback is printed on this JVM's {@code System.err}), {@code n} for
   * {@code System.exit(n)}, -15 / -9 after {@code terminate()} / {@code kill()} (the member kills
   * the worker). Differences: its output goes to the member's standard output; it has no {@code
   * pid()} here; per-process JVM options are refused; a member that dies ends its processes with
   * exit code 1; closing this context kills the processes still running.
   *
   * @param target what the process runs
   * @return the process, not started
   */
  @Override
  public ChildProcess process(SerializableRunnable target) {
    return ChildLaunch.use(new ChildProcess(target), processLauncher());
  }

  /**
   * Returns a process that runs {@code target(arg)} on a member's worker: as {@link
   * #process(SerializableRunnable)}.
   *
   * @param target what the process runs
   * @param arg its argument
   * @param <A> the argument type
   * @return the process, not started
   */
  @Override
  public <A> ChildProcess process(SerializableConsumer<A> target, A arg) {
    return ChildLaunch.use(ChildProcess.of(target, arg), processLauncher());
  }

  /**
   * Returns a process that runs {@code target(a, b)} on a member's worker: as {@link
   * #process(SerializableRunnable)}.
   *
   * @param target what the process runs
   * @param a its first argument
   * @param b its second argument
   * @param <A> the first argument's type
   * @param <B> the second argument's type
   * @return the process, not started
   */
  @Override
  public <A, B> ChildProcess process(SerializableBiConsumer<A, B> target, A a, B b) {
    return ChildLaunch.use(ChildProcess.of(target, a, b), processLauncher());
  }

  private ChildRunner.Launcher processLauncher() {
    checkOpen();
    return ClusterChildRunner.launcher(this::processDispatcher);
  }

  /** The dispatcher of this context's processes, made on first start. */
  private synchronized ClusterDispatcher processDispatcher() {
    checkOpen();
    if (processes == null) {
      processes = new ClusterDispatcher(hz, PoolOptions.of(1), 0, MemberLoss.FAIL);
    }
    return processes;
  }

  /**
   * Returns a new pipe on the cluster: one {@code IQueue} per direction. Python: {@code
   * Pipe(duplex)}. Its ends can be sent to pool tasks and processes on any member; the open
   * copies of each end are counted, and the other end gets end of stream once the last copy of
   * an end is closed, as locally. Both queues go when both ends are closed.
   *
   * <p>Unlike a local pipe: a JVM that dies holding a copy of an end does not close it (a
   * receiver then waits on); a message sent after the other end was closed is lost, not refused;
   * {@link dev.multiproc.ipc.Connections#wait} looks at cluster ends every 10 ms. <b>AP
   * semantics:</b> messages in flight survive one member's death (one backup), not a split.
   *
   * @param duplex whether both ends read and write; if false, {@code conn1} reads and {@code
   *     conn2} writes
   * @return the pipe
   */
  @Override
  public Pipe pipe(boolean duplex) {
    checkOpen();
    return HzConnection.pipe(hz, duplex);
  }

  /**
   * Returns a manager on the cluster: there is no server process, the cluster is the server.
   * Python: {@code Manager()}. {@code dict()} is an {@code IMap}, {@code list()} and {@code
   * array()} an {@code IList}, {@code set()} an {@code ISet}, {@code namespace()} and {@code
   * value()} an {@code IMap}; keys, values and elements are stored as the library codec's bytes,
   * so members need none of the user's classes, and two keys are the same when their encodings
   * are equal (strings, numbers, records and lists of them). The queues and synchronization
   * objects are this context's. Every proxy can be passed to pool tasks and child processes, and
   * stored in another (a list in a dict stays a list of the cluster). A dict's views write
   * through to it; iterators go over a copy taken in one call, and their {@code remove()} (and
   * a dict entry's {@code setValue}) write through. {@link Manager#create} is refused: a
   * registered type's object lives in one manager process. Closing the manager destroys what
   * it made.
   *
   * <p><b>AP semantics:</b> each structure has one synchronous backup, so it survives one
   * member's death; in a split cluster each side changes its own copy, and when they merge, one
   * side's changes to an entry win (the latest update for a map entry), the other's are lost.
   *
   * @param options ignored on the cluster, apart from its registered types, which {@link
   *     Manager#create} refuses
   * @return the manager
   */
  @Override
  public Manager manager(ManagerOptions options) {
    checkOpen();
    return new HzManager(hz, new ManagerObjects());
  }

  /** This context's factories, as the manager makes its objects with them. */
  private final class ManagerObjects implements Primitives {
    @Override
    public <A, B> ChildProcess process(SerializableBiConsumer<A, B> target, A a, B b) {
      return ClusterContext.this.process(target, a, b);
    }

    @Override
    public Pipe pipe(boolean duplex) {
      return ClusterContext.this.pipe(duplex);
    }

    @Override
    public <E> MpQueue<E> queue(int maxsize) {
      return ClusterContext.this.queue(maxsize);
    }

    @Override
    public <E> JoinableMpQueue<E> joinableQueue(int maxsize) {
      return ClusterContext.this.joinableQueue(maxsize);
    }

    @Override
    public MpLock lock() {
      return ClusterContext.this.lock();
    }

    @Override
    public RLock rLock() {
      return ClusterContext.this.rLock();
    }

    @Override
    public MpSemaphore semaphore(int value) {
      return ClusterContext.this.semaphore(value);
    }

    @Override
    public BoundedSemaphore boundedSemaphore(int value) {
      return ClusterContext.this.boundedSemaphore(value);
    }

    @Override
    public MpCondition condition() {
      return ClusterContext.this.condition();
    }

    @Override
    public MpCondition condition(MpLock lock) {
      return ClusterContext.this.condition(lock);
    }

    @Override
    public Event event() {
      return ClusterContext.this.event();
    }

    @Override
    public Barrier barrier(
        int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout) {
      return ClusterContext.this.barrier(parties, action, timeout);
    }
  }
}
