package dev.multiproc;

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

  /* --------------- shared values and arrays (Python: Value, Array, RawValue, RawArray) --------------- */

  /**
   * Returns a shared int with a lock. Python: {@code Value('i', initial)}.
   *
   * @param initial the value
   * @return the value, which other processes receive attached to the same memory
   */
  default SharedInt sharedInt(int initial) {
    return sharedInt(initial, true);
  }

  /**
   * Returns a shared int, with a lock or raw. Python: {@code Value('i', initial, lock=lock)} or
   * {@code RawValue('i', initial)}.
   *
   * @param initial the value
   * @param lock whether it has a lock ({@link SharedInt#getLock()})
   * @return the value
   */
  SharedInt sharedInt(int initial, boolean lock);

  /**
   * Returns a shared long with a lock. Python: {@code Value('q', initial)}.
   *
   * @param initial the value
   * @return the value
   */
  default SharedLong sharedLong(long initial) {
    return sharedLong(initial, true);
  }

  /**
   * Returns a shared long, with a lock or raw.
   *
   * @param initial the value
   * @param lock whether it has a lock
   * @return the value
   */
  SharedLong sharedLong(long initial, boolean lock);

  /**
   * Returns a shared double with a lock. Python: {@code Value('d', initial)}.
   *
   * @param initial the value
   * @return the value
   */
  default SharedDouble sharedDouble(double initial) {
    return sharedDouble(initial, true);
  }

  /**
   * Returns a shared double, with a lock or raw.
   *
   * @param initial the value
   * @param lock whether it has a lock
   * @return the value
   */
  SharedDouble sharedDouble(double initial, boolean lock);

  /**
   * Returns a shared int array with a lock, holding {@code values}. Python: {@code Array('i',
   * [...])}; for {@code Array('i', n)} pass {@code new int[n]}.
   *
   * @param values the elements
   * @return the array
   */
  default SharedIntArray sharedIntArray(int... values) {
    return sharedIntArray(values, true);
  }

  /**
   * Returns a shared int array, with a lock or raw. Python: {@code RawArray('i', [...])} when
   * {@code lock} is false.
   *
   * @param values the elements
   * @param lock whether it has a lock
   * @return the array
   */
  SharedIntArray sharedIntArray(int[] values, boolean lock);

  /**
   * Returns a shared long array with a lock. Python: {@code Array('q', [...])}.
   *
   * @param values the elements
   * @return the array
   */
  default SharedLongArray sharedLongArray(long... values) {
    return sharedLongArray(values, true);
  }

  /**
   * Returns a shared long array, with a lock or raw.
   *
   * @param values the elements
   * @param lock whether it has a lock
   * @return the array
   */
  SharedLongArray sharedLongArray(long[] values, boolean lock);

  /**
   * Returns a shared double array with a lock. Python: {@code Array('d', [...])}.
   *
   * @param values the elements
   * @return the array
   */
  default SharedDoubleArray sharedDoubleArray(double... values) {
    return sharedDoubleArray(values, true);
  }

  /**
   * Returns a shared double array, with a lock or raw.
   *
   * @param values the elements
   * @param lock whether it has a lock
   * @return the array
   */
  SharedDoubleArray sharedDoubleArray(double[] values, boolean lock);

  /**
   * Returns a shared byte array with a lock. Python: {@code Array('b', [...])}.
   *
   * @param values the elements
   * @return the array
   */
  default SharedByteArray sharedByteArray(byte... values) {
    return sharedByteArray(values, true);
  }

  /**
   * Returns a shared byte array, with a lock or raw.
   *
   * @param values the elements
   * @param lock whether it has a lock
   * @return the array
   */
  SharedByteArray sharedByteArray(byte[] values, boolean lock);

  /* ---------------- pipes and queues (dev.multiproc.ipc) ---------------- */

  /**
   * Returns a duplex pipe: two connected ends that both send and receive. Python: {@code Pipe()}.
   *
   * @return the two ends; pass either to another process
   */
  default Pipe pipe() {
    return pipe(true);
  }

  /**
   * Returns a pipe. Python: {@code Pipe(duplex)}.
   *
   * @param duplex whether both ends send and receive; if false, {@link Pipe#conn1()} only
   *     receives and {@link Pipe#conn2()} only sends
   * @return the two ends; pass either to another process
   */
  Pipe pipe(boolean duplex);

  /**
   * Returns an unbounded queue. Python: {@code Queue()}.
   *
   * @param <E> the item type
   * @return the queue; pass it to other processes
   */
  default <E> MpQueue<E> queue() {
    return queue(0);
  }

  /**
   * Returns a queue of at most {@code maxsize} items. Python: {@code Queue(maxsize)}.
   *
   * @param maxsize the most items it holds; 0 for no limit
   * @param <E> the item type
   * @return the queue; pass it to other processes
   * @throws IllegalArgumentException if maxsize is negative
   */
  <E> MpQueue<E> queue(int maxsize);

  /**
   * Returns an unbounded joinable queue. Python: {@code JoinableQueue()}.
   *
   * @param <E> the item type
   * @return the queue; pass it to other processes
   */
  default <E> JoinableMpQueue<E> joinableQueue() {
    return joinableQueue(0);
  }

  /**
   * Returns a joinable queue of at most {@code maxsize} items. Python: {@code
   * JoinableQueue(maxsize)}.
   *
   * @param maxsize the most items it holds; 0 for no limit
   * @param <E> the item type
   * @return the queue; pass it to other processes
   * @throws IllegalArgumentException if maxsize is negative
   */
  <E> JoinableMpQueue<E> joinableQueue(int maxsize);

  /**
   * Returns a simple queue. Python: {@code SimpleQueue()}.
   *
   * @param <E> the item type
   * @return the queue; pass it to other processes
   */
  <E> SimpleMpQueue<E> simpleQueue();

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
  Barrier barrier(int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout);

  /* --------------- managers (Python: Manager, BaseManager) --------------- */

  /**
   * Starts a manager: a server process that owns objects, with proxies to them. Python: {@code
   * Manager()}.
   *
   * @return the manager; closing it shuts it down
   */
  default Manager manager() {
    return manager(ManagerOptions.defaults());
  }

  /**
   * Starts a manager with registered types. Python: {@code BaseManager.register(...)} then
   * {@code start()}.
   *
   * @param options the registered types
   * @return the manager; closing it shuts it down
   */
  Manager manager(ManagerOptions options);
}
