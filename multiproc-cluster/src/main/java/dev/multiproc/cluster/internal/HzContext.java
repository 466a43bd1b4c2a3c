package dev.multiproc.cluster.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Address;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.cluster.ClusterLock;
import dev.multiproc.cluster.MemberLoss;
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
 * The cluster module's {@link ClusterContext}: a Hazelcast member or client of the cluster, and
 * the pools, processes and shared objects made over it. Made by {@link HzContextProvider}.
 */
public final class HzContext implements ClusterContext, Primitives {
  private final ClusterConfig config;
  private final HazelcastInstance hz;
  private final @Nullable MemberWork work;
  private volatile boolean closed;
  private @Nullable ClusterDispatcher processes;
  private final HzLeases leases;

  /**
   * Joins the cluster as {@code config} says.
   *
   * @param config the cluster and this JVM's role in it
   */
  public HzContext(ClusterConfig config) {
    this.config = config;
    HzLeases.checkSettings(config.properties());
    if (config.role() == ClusterConfig.Role.CLIENT) {
      this.hz = HazelcastClient.newHazelcastClient(HazelcastSetup.client(config));
      this.work = null;
      this.leases = HzLeases.start(hz, false, 0, config.properties());
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
    this.leases = HzLeases.start(hz, true, HazelcastSetup.lockQuorum(config), config.properties());
    HzAttach.register(hz, TaskSignature.wireName(config.clusterName(), config.key()));
  }

  @Override
  public ClusterConfig config() {
    return config;
  }

  @Override
  public String address() {
    if (config.role() == ClusterConfig.Role.CLIENT) {
      return "client " + hz.getName();
    }
    Address a = hz.getCluster().getLocalMember().getAddress();
    return a.getHost() + ":" + a.getPort();
  }

  @Override
  public int memberCount() {
    return hz.getCluster().getMembers().size();
  }

  @Override
  public HazelcastInstance hazelcast() {
    return hz;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the cluster context is closed");
    }
  }

  @Override
  public Pool pool(int processes) {
    return pool(PoolOptions.of(processes));
  }

  @Override
  public Pool pool() {
    return pool(PoolOptions.of(1), MemberLoss.FAIL, 0);
  }

  @Override
  public Pool pool(PoolOptions options) {
    return pool(options, MemberLoss.FAIL);
  }

  @Override
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

  @Override
  public ProcessPoolExecutor executor(PoolOptions options) {
    return executor(options, MemberLoss.FAIL);
  }

  @Override
  public ProcessPoolExecutor executor(PoolOptions options, MemberLoss onLoss) {
    return new ClusterExecutor(dispatcher(options, onLoss, options.processes()));
  }

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

  @Override
  public <E> MpQueue<E> queue(int maxsize) {
    checkOpen();
    return new HzQueue<>(hz, maxsize);
  }

  @Override
  public ClusterLock lock() {
    checkOpen();
    return new HzPlainLock(hz);
  }

  @Override
  public RLock rLock() {
    checkOpen();
    return new HzRLock(hz);
  }

  @Override
  public Event event() {
    checkOpen();
    return new HzEvent(hz);
  }

  @Override
  public SharedInt sharedInt(int initial, boolean lock) {
    checkOpen();
    return HzCounters.ofInt(hz, initial, lock);
  }

  @Override
  public SharedLong sharedLong(long initial, boolean lock) {
    checkOpen();
    return HzCounters.ofLong(hz, initial, lock);
  }

  @Override
  public MpSemaphore semaphore(int value) {
    checkOpen();
    return new HzSemaphore(hz, value, false);
  }

  @Override
  public BoundedSemaphore boundedSemaphore(int value) {
    checkOpen();
    return new HzSemaphore(hz, value, true);
  }

  @Override
  public MpCondition condition() {
    checkOpen();
    return HzCondition.create(hz);
  }

  @Override
  public MpCondition condition(MpLock lock) {
    checkOpen();
    return HzCondition.over(hz, lock);
  }

  @Override
  public Barrier barrier(
      int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout) {
    checkOpen();
    return new HzBarrier(hz, parties, action, timeout);
  }

  @Override
  public SharedDouble sharedDouble(double initial, boolean lock) {
    checkOpen();
    return HzDouble.create(hz, initial, lock);
  }

  @Override
  public SharedIntArray sharedIntArray(int[] values, boolean lock) {
    checkOpen();
    return HzIntArray.create(hz, values, lock);
  }

  @Override
  public SharedLongArray sharedLongArray(long[] values, boolean lock) {
    checkOpen();
    return HzLongArray.create(hz, values, lock);
  }

  @Override
  public SharedDoubleArray sharedDoubleArray(double[] values, boolean lock) {
    checkOpen();
    return HzDoubleArray.create(hz, values, lock);
  }

  @Override
  public SharedByteArray sharedByteArray(byte[] values, boolean lock) {
    checkOpen();
    return HzByteArray.create(hz, values, lock);
  }

  @Override
  public <E> JoinableMpQueue<E> joinableQueue(int maxsize) {
    checkOpen();
    return new HzJoinableQueue<>(hz, maxsize);
  }

  @Override
  public <E> SimpleMpQueue<E> simpleQueue() {
    checkOpen();
    return new HzSimpleQueue<>(hz);
  }

  /* --------------- processes, pipes and managers --------------- */

  @Override
  public ChildProcess process(SerializableRunnable target) {
    return ChildLaunch.use(new ChildProcess(target), processLauncher());
  }

  @Override
  public <A> ChildProcess process(SerializableConsumer<A> target, A arg) {
    return ChildLaunch.use(ChildProcess.of(target, arg), processLauncher());
  }

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

  @Override
  public Pipe pipe(boolean duplex) {
    checkOpen();
    return HzConnection.pipe(hz, duplex);
  }

  @Override
  public Manager manager(ManagerOptions options) {
    checkOpen();
    return new HzManager(hz, this);
  }
}
