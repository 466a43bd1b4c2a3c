package dev.multiproc.spi;

import dev.multiproc.function.SerializableBiConsumer;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.Pipe;
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

/**
 * What a manager makes its built-in queues and locks with, and starts its process by: a context's
 * factory methods, under the same signatures as on {@code dev.multiproc.Context}, so that a
 * context implements this without further code.
 */
public interface Primitives {
  /**
   * Returns a new process of {@code target}.
   *
   * @param target what the process runs
   * @param a its first argument
   * @param b its second argument
   * @param <A> the first argument's type
   * @param <B> the second argument's type
   * @return the process, not started
   */
  <A, B> ChildProcess process(SerializableBiConsumer<A, B> target, A a, B b);

  /**
   * Returns a new pipe.
   *
   * @param duplex whether both ends send and receive
   * @return the pipe
   */
  Pipe pipe(boolean duplex);

  /**
   * Returns a new queue.
   *
   * @param maxsize its bound, 0 for none
   * @param <E> the element type
   * @return the queue
   */
  <E> MpQueue<E> queue(int maxsize);

  /**
   * Returns a new joinable queue.
   *
   * @param maxsize its bound, 0 for none
   * @param <E> the element type
   * @return the queue
   */
  <E> JoinableMpQueue<E> joinableQueue(int maxsize);

  /**
   * Returns a new lock.
   *
   * @return the lock
   */
  MpLock lock();

  /**
   * Returns a new reentrant lock.
   *
   * @return the lock
   */
  RLock rLock();

  /**
   * Returns a new semaphore.
   *
   * @param value its initial value
   * @return the semaphore
   */
  MpSemaphore semaphore(int value);

  /**
   * Returns a new bounded semaphore.
   *
   * @param value its initial and greatest value
   * @return the semaphore
   */
  BoundedSemaphore boundedSemaphore(int value);

  /**
   * Returns a new condition over a lock of its own.
   *
   * @return the condition
   */
  MpCondition condition();

  /**
   * Returns a new condition over {@code lock}.
   *
   * @param lock the lock it waits with
   * @return the condition
   */
  MpCondition condition(MpLock lock);

  /**
   * Returns a new event.
   *
   * @return the event
   */
  Event event();

  /**
   * Returns a new barrier.
   *
   * @param parties how many wait at it
   * @param action what the last party runs, or null
   * @param timeout the default wait, or null for none
   * @return the barrier
   */
  Barrier barrier(int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout);
}
