package dev.multiproc;

import dev.multiproc.function.SerializableBiConsumer;
import dev.multiproc.function.SerializableConsumer;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.Pipe;
import dev.multiproc.ipc.SimpleMpQueue;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.process.ChildProcess;

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
}
