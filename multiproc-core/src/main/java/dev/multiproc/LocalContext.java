package dev.multiproc;

import dev.multiproc.function.SerializableBiConsumer;
import dev.multiproc.function.SerializableConsumer;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.internal.ipc.SharedMemoryIpc;
import dev.multiproc.internal.manager.LocalObjects;
import dev.multiproc.internal.manager.ManagerClient;
import dev.multiproc.internal.pool.LocalExecutor;
import dev.multiproc.internal.pool.LocalPool;
import dev.multiproc.internal.shared.ShmByteArray;
import dev.multiproc.internal.shared.ShmDouble;
import dev.multiproc.internal.shared.ShmDoubleArray;
import dev.multiproc.internal.shared.ShmInt;
import dev.multiproc.internal.shared.ShmIntArray;
import dev.multiproc.internal.shared.ShmLong;
import dev.multiproc.internal.shared.ShmLongArray;
import dev.multiproc.internal.spawn.BootstrapGuard;
import dev.multiproc.internal.sync.ShmRLock;
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
import dev.multiproc.shared.SharedByteArray;
import dev.multiproc.shared.SharedDouble;
import dev.multiproc.shared.SharedDoubleArray;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedIntArray;
import dev.multiproc.shared.SharedLong;
import dev.multiproc.shared.SharedLongArray;
import dev.multiproc.sync.Barrier;
import dev.multiproc.sync.BoundedSemaphore;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.MpSemaphore;
import dev.multiproc.sync.RLock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The context whose workers are JVMs on this machine. */
enum LocalContext implements Context {
  INSTANCE;

  @Override
  public ChildProcess process(SerializableRunnable target) {
    return new ChildProcess(target);
  }

  @Override
  public <A> ChildProcess process(SerializableConsumer<A> target, A arg) {
    return ChildProcess.of(target, arg);
  }

  @Override
  public <A, B> ChildProcess process(SerializableBiConsumer<A, B> target, A a, B b) {
    return LocalObjects.INSTANCE.process(target, a, b);
  }

  @Override
  public Pool pool(PoolOptions options) {
    BootstrapGuard.check("create a pool");
    return new LocalPool(options);
  }

  @Override
  public ProcessPoolExecutor executor(PoolOptions options) {
    BootstrapGuard.check("create an executor");
    return new LocalExecutor(options);
  }

  @Override
  public String toString() {
    return "Context[local]";
  }

  /* ---------------- synchronization across processes (dev.multiproc.sync) ---------------- */

  @Override
  public MpLock lock() {
    return LocalObjects.INSTANCE.lock();
  }

  @Override
  public RLock rLock() {
    return LocalObjects.INSTANCE.rLock();
  }

  @Override
  public MpCondition condition() {
    return LocalObjects.INSTANCE.condition();
  }

  @Override
  public MpCondition condition(MpLock lock) {
    return LocalObjects.INSTANCE.condition(lock);
  }

  @Override
  public Event event() {
    return LocalObjects.INSTANCE.event();
  }

  /* --------------- shared values and arrays --------------- */

  private @Nullable ShmRLock lockIf(boolean lock) {
    return lock ? ShmRLock.create() : null;
  }

  @Override
  public SharedInt sharedInt(int initial, boolean lock) {
    return new ShmInt(initial, lockIf(lock));
  }

  @Override
  public SharedLong sharedLong(long initial, boolean lock) {
    return new ShmLong(initial, lockIf(lock));
  }

  @Override
  public SharedDouble sharedDouble(double initial, boolean lock) {
    return new ShmDouble(initial, lockIf(lock));
  }

  @Override
  public SharedIntArray sharedIntArray(int[] values, boolean lock) {
    return new ShmIntArray(values, lockIf(lock));
  }

  @Override
  public SharedLongArray sharedLongArray(long[] values, boolean lock) {
    return new ShmLongArray(values, lockIf(lock));
  }

  @Override
  public SharedDoubleArray sharedDoubleArray(double[] values, boolean lock) {
    return new ShmDoubleArray(values, lockIf(lock));
  }

  @Override
  public SharedByteArray sharedByteArray(byte[] values, boolean lock) {
    return new ShmByteArray(values, lockIf(lock));
  }

  /* ---------------- pipes and queues (dev.multiproc.ipc) ---------------- */

  @Override
  public Pipe pipe(boolean duplex) {
    return LocalObjects.INSTANCE.pipe(duplex);
  }

  @Override
  public <E> MpQueue<E> queue(int maxsize) {
    return LocalObjects.INSTANCE.queue(maxsize);
  }

  @Override
  public <E> JoinableMpQueue<E> joinableQueue(int maxsize) {
    return LocalObjects.INSTANCE.joinableQueue(maxsize);
  }

  @Override
  public <E> SimpleMpQueue<E> simpleQueue() {
    return SharedMemoryIpc.simpleQueue();
  }

  @Override
  public MpSemaphore semaphore(int value) {
    return LocalObjects.INSTANCE.semaphore(value);
  }

  @Override
  public BoundedSemaphore boundedSemaphore(int value) {
    return LocalObjects.INSTANCE.boundedSemaphore(value);
  }

  @Override
  public Barrier barrier(
      int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout) {
    return LocalObjects.INSTANCE.barrier(parties, action, timeout);
  }

  /* --------------- managers --------------- */

  @Override
  public Manager manager(ManagerOptions options) {
    BootstrapGuard.check("start a manager");
    return ManagerClient.start(LocalObjects.INSTANCE, options);
  }
}
