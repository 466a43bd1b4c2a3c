package dev.multiproc.internal.manager;

import dev.multiproc.function.SerializableBiConsumer;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.internal.ipc.SharedMemoryIpc;
import dev.multiproc.internal.sync.ShmBarrier;
import dev.multiproc.internal.sync.ShmBoundedSemaphore;
import dev.multiproc.internal.sync.ShmCondition;
import dev.multiproc.internal.sync.ShmEvent;
import dev.multiproc.internal.sync.ShmLock;
import dev.multiproc.internal.sync.ShmRLock;
import dev.multiproc.internal.sync.ShmSemaphore;
import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.Pipe;
import dev.multiproc.process.ChildProcess;
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
 * The local context's processes, pipes, queues and locks: worker JVMs and shared memory. The local
 * context makes them here, and so does a manager that serves local processes.
 */
public enum LocalObjects implements Primitives {
  /** The one instance. */
  INSTANCE;

  @Override
  public <A, B> ChildProcess process(SerializableBiConsumer<A, B> target, A a, B b) {
    return ChildProcess.of(target, a, b);
  }

  @Override
  public Pipe pipe(boolean duplex) {
    return SharedMemoryIpc.pipe(duplex);
  }

  @Override
  public <E> MpQueue<E> queue(int maxsize) {
    return SharedMemoryIpc.queue(maxsize);
  }

  @Override
  public <E> JoinableMpQueue<E> joinableQueue(int maxsize) {
    return SharedMemoryIpc.joinableQueue(maxsize);
  }

  @Override
  public MpLock lock() {
    return ShmLock.create();
  }

  @Override
  public RLock rLock() {
    return ShmRLock.create();
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
  public Barrier barrier(
      int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout) {
    return ShmBarrier.create(parties, action, timeout);
  }
}
