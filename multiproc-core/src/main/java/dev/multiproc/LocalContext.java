package dev.multiproc;

import dev.multiproc.function.SerializableBiConsumer;
import dev.multiproc.function.SerializableConsumer;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.internal.pool.LocalExecutor;
import dev.multiproc.internal.pool.LocalPool;
import dev.multiproc.internal.sync.ShmBarrier;
import dev.multiproc.internal.sync.ShmBoundedSemaphore;
import dev.multiproc.internal.sync.ShmCondition;
import dev.multiproc.internal.sync.ShmEvent;
import dev.multiproc.internal.sync.ShmLock;
import dev.multiproc.internal.sync.ShmRLock;
import dev.multiproc.internal.sync.ShmSemaphore;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.process.ChildProcess;
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
    return ChildProcess.of(target, a, b);
  }

  @Override
  public Pool pool(PoolOptions options) {
    return new LocalPool(options);
  }

  @Override
  public ProcessPoolExecutor executor(PoolOptions options) {
    return new LocalExecutor(options);
  }

  @Override
  public String toString() {
    return "Context[local]";
  }

  /* ---------------- synchronization across processes (dev.multiproc.sync) ---------------- */

  @Override
  public MpLock lock() {
    return ShmLock.create();
  }

  @Override
  public RLock rLock() {
    return ShmRLock.create();
  }

  @Override
  public MpCondition condition() {
    return ShmCondition.create();
  }

  @Override
  public MpCondition condition(MpLock lock) {
    return ShmCondition.over(lock);
  }

  @Override
  public Event event() {
    return ShmEvent.create();
  }

  @Override
  public MpSemaphore semaphore(int value) {
    return ShmSemaphore.create(value);
  }

  @Override
  public BoundedSemaphore boundedSemaphore(int value) {
    return ShmBoundedSemaphore.create(value);
  }

  @Override
  public Barrier barrier(
      int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout) {
    return ShmBarrier.create(parties, action, timeout);
  }
}
