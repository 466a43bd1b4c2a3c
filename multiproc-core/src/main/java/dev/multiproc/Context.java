package dev.multiproc;

import dev.multiproc.function.SerializableBiConsumer;
import dev.multiproc.function.SerializableConsumer;
import dev.multiproc.function.SerializableRunnable;
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

/**
 * Where processes, pools and executors come from: Python's {@code multiprocessing.get_context()}.
 * {@link Multiprocessing#local()} gives the context whose workers are JVMs on this machine.
 */
public interface Context {

  /**
   * Returns a process that runs {@code target}, not yet started. Python: {@code
   * Process(target=f)}.
   *
   * @param target what the child runs
   * @return the process
   */
  ChildProcess process(SerializableRunnable target);

  /**
   * Returns a process that runs {@code target(arg)}, not yet started.
   *
   * @param target the function
   * @param arg its argument
   * @param <A> the argument type
   * @return the process
   */
  <A> ChildProcess process(SerializableConsumer<A> target, A arg);

  /**
   * Returns a process that runs {@code target(a, b)}, not yet started.
   *
   * @param target the function
   * @param a the first argument
   * @param b the second argument
   * @param <A> the first argument type
   * @param <B> the second argument type
   * @return the process
   */
  <A, B> ChildProcess process(SerializableBiConsumer<A, B> target, A a, B b);

  /**
   * Returns a pool of {@code processes} workers. Python: {@code Pool(processes)}.
   *
   * @param processes the number of workers, at least 1
   * @return the pool; its workers start in the background
   */
  default Pool pool(int processes) {
    return pool(PoolOptions.of(processes));
  }

  /**
   * Returns a pool with one worker per available processor. Python: {@code Pool()}.
   *
   * @return the pool
   */
  default Pool pool() {
    return pool(PoolOptions.ofAvailableProcessors());
  }

  /**
   * Returns a pool started with {@code options}.
   *
   * @param options the options
   * @return the pool
   */
  Pool pool(PoolOptions options);

  /**
   * Returns an executor with {@code processes} workers. Python: {@code
   * ProcessPoolExecutor(max_workers)}.
   *
   * @param processes the number of workers, at least 1
   * @return the executor
   */
  default ProcessPoolExecutor executor(int processes) {
    return executor(PoolOptions.of(processes));
  }

  /**
   * Returns an executor started with {@code options}.
   *
   * @param options the options
   * @return the executor
   */
  ProcessPoolExecutor executor(PoolOptions options);

  /* ---------------- synchronization across processes (dev.multiproc.sync) ---------------- */

  /**
   * Returns a new lock shared across processes: not reentrant, releasable by any process. Python:
   * {@code Lock()}.
   *
   * @return the lock; close it when done
   */
  MpLock lock();

  /**
   * Returns a new reentrant lock shared across processes, owned by one thread of one process.
   * Python: {@code RLock()}.
   *
   * @return the lock; close it when done
   */
  RLock rLock();

  /**
   * Returns a new condition over a new {@link RLock}, which the condition closes with itself.
   * Python: {@code Condition()}.
   *
   * @return the condition; close it when done
   */
  MpCondition condition();

  /**
   * Returns a new condition over {@code lock}. Python: {@code Condition(lock)}.
   *
   * @param lock a lock of this context
   * @return the condition; close it when done (the lock stays open)
   * @throws IllegalArgumentException if {@code lock} does not come from this context
   */
  MpCondition condition(MpLock lock);

  /**
   * Returns a new event, clear, shared across processes. Python: {@code Event()}.
   *
   * @return the event; close it when done
   */
  Event event();

  /**
   * Returns a new semaphore shared across processes. Python: {@code Semaphore(value)}.
   *
   * @param value the initial number of permits, at least 0
   * @return the semaphore; close it when done
   * @throws IllegalArgumentException if {@code value} is negative
   */
  MpSemaphore semaphore(int value);

  /**
   * Returns a new semaphore that refuses to be released above {@code value}. Python: {@code
   * BoundedSemaphore(value)}.
   *
   * @param value the initial number of permits and the bound, at least 0
   * @return the semaphore; close it when done
   * @throws IllegalArgumentException if {@code value} is negative
   */
  BoundedSemaphore boundedSemaphore(int value);

  /**
   * Returns a new barrier for {@code parties} parties, without action or default timeout.
   * Python: {@code Barrier(parties)}.
   *
   * @param parties how many parties release it, at least 1
   * @return the barrier; close it when done
   * @throws IllegalArgumentException if {@code parties < 1}
   */
  default Barrier barrier(int parties) {
    return barrier(parties, null, null);
  }

  /**
   * Returns a new barrier. Python: {@code Barrier(parties, action, timeout)}.
   *
   * @param parties how many parties release it, at least 1
   * @param action run once per generation by the last party to arrive, in its process, before
   *     the others are released; null for none
   * @param timeout the default timeout of {@link Barrier#await()}; null for none
   * @return the barrier; close it when done
   * @throws IllegalArgumentException if {@code parties < 1} or {@code timeout} is negative
   */
  Barrier barrier(
      int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout);
}
