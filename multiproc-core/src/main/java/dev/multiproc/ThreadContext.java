package dev.multiproc;

import dev.multiproc.function.SerializableBiConsumer;
import dev.multiproc.function.SerializableConsumer;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.internal.manager.ManagerClient;
import dev.multiproc.internal.threads.ThreadBarrier;
import dev.multiproc.internal.threads.ThreadChildRunner;
import dev.multiproc.internal.threads.ThreadCondition;
import dev.multiproc.internal.threads.ThreadEvent;
import dev.multiproc.internal.threads.ThreadExecutor;
import dev.multiproc.internal.threads.ThreadLock;
import dev.multiproc.internal.threads.ThreadPipe;
import dev.multiproc.internal.threads.ThreadPool;
import dev.multiproc.internal.threads.ThreadQueue;
import dev.multiproc.internal.threads.ThreadRLock;
import dev.multiproc.internal.threads.ThreadSemaphore;
import dev.multiproc.internal.threads.ThreadSimpleQueue;
import dev.multiproc.internal.threads.ThreadValues;
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
import dev.multiproc.spi.ChildLaunch;
import dev.multiproc.spi.Primitives;
import dev.multiproc.sync.Barrier;
import dev.multiproc.sync.BoundedSemaphore;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.MpSemaphore;
import dev.multiproc.sync.RLock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The context whose processes and workers are threads of this JVM: Python's {@code
 * multiprocessing.dummy}. See {@link Multiprocessing#threads()}.
 */
enum ThreadContext implements Context, Primitives {
  INSTANCE;

  @Override
  public ChildProcess process(SerializableRunnable target) {
    return ChildLaunch.use(new ChildProcess(target), ThreadChildRunner.LAUNCHER);
  }

  @Override
  public <A> ChildProcess process(SerializableConsumer<A> target, A arg) {
    return ChildLaunch.use(ChildProcess.of(target, arg), ThreadChildRunner.LAUNCHER);
  }

  @Override
  public <A, B> ChildProcess process(SerializableBiConsumer<A, B> target, A a, B b) {
    return ChildLaunch.use(ChildProcess.of(target, a, b), ThreadChildRunner.LAUNCHER);
  }

  @Override
  public Pool pool(PoolOptions options) {
    return new ThreadPool(options);
  }

  @Override
  public ProcessPoolExecutor executor(PoolOptions options) {
    return new ThreadExecutor(options);
  }

  @Override
  public String toString() {
    return "Context[threads]";
  }

  @Override
  public MpLock lock() {
    return new ThreadLock();
  }

  @Override
  public RLock rLock() {
    return new ThreadRLock();
  }

  @Override
  public MpCondition condition() {
    return ThreadCondition.create();
  }

  @Override
  public MpCondition condition(MpLock lock) {
    return ThreadCondition.over(lock);
  }

  @Override
  public Event event() {
    return new ThreadEvent();
  }

  @Override
  public SharedInt sharedInt(int initial, boolean lock) {
    return ThreadValues.ofInt(initial, lock);
  }

  @Override
  public SharedLong sharedLong(long initial, boolean lock) {
    return ThreadValues.ofLong(initial, lock);
  }

  @Override
  public SharedDouble sharedDouble(double initial, boolean lock) {
    return ThreadValues.ofDouble(initial, lock);
  }

  @Override
  public SharedIntArray sharedIntArray(int[] values, boolean lock) {
    return ThreadValues.ofInts(values, lock);
  }

  @Override
  public SharedLongArray sharedLongArray(long[] values, boolean lock) {
    return ThreadValues.ofLongs(values, lock);
  }

  @Override
  public SharedDoubleArray sharedDoubleArray(double[] values, boolean lock) {
    return ThreadValues.ofDoubles(values, lock);
  }

  @Override
  public SharedByteArray sharedByteArray(byte[] values, boolean lock) {
    return ThreadValues.ofBytes(values, lock);
  }

  @Override
  public Pipe pipe(boolean duplex) {
    return ThreadPipe.pipe(duplex);
  }

  @Override
  public <E> MpQueue<E> queue(int maxsize) {
    return ThreadQueue.queue(maxsize);
  }

  @Override
  public <E> JoinableMpQueue<E> joinableQueue(int maxsize) {
    return ThreadQueue.joinable(maxsize);
  }

  @Override
  public <E> SimpleMpQueue<E> simpleQueue() {
    return new ThreadSimpleQueue<>();
  }

  @Override
  public MpSemaphore semaphore(int value) {
    return ThreadSemaphore.create(value);
  }

  @Override
  public BoundedSemaphore boundedSemaphore(int value) {
    return ThreadSemaphore.bounded(value);
  }

  @Override
  public Barrier barrier(
      int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout) {
    return new ThreadBarrier(parties, action, timeout);
  }

  @Override
  public Manager manager(ManagerOptions options) {
    // Python's multiprocessing.dummy.Manager: a manager in this JVM, holding this backend's
    // queues and locks; its proxies still talk over a private socket, as they would to a process
    return ManagerClient.serve(null, ManagerClient.newKey(), options, this);
  }
}
