package dev.multiproc;

import dev.multiproc.function.SerializableBiConsumer;
import dev.multiproc.function.SerializableConsumer;
import dev.multiproc.function.SerializableRunnable;
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

  /* --------------- Listener / Client (ipc, sockets) --------------- */

  /**
   * Opens a listener for {@link dev.multiproc.ipc.Client}s. Python: {@code
   * multiprocessing.connection.Listener(address, authkey=key)}.
   *
   * @param address a {@link java.net.UnixDomainSocketAddress} or {@link
   *     java.net.InetSocketAddress}, or null for a fresh socket file in a private directory
   * @param authKey the key clients must prove they hold, or null for no authentication
   * @return the listener
   * @throws IllegalArgumentException if the address type is not supported or the key is empty
   * @throws java.io.UncheckedIOException if the address cannot be bound
   */
  dev.multiproc.ipc.Listener listener(
      java.net.@org.jspecify.annotations.Nullable SocketAddress address,
      byte @org.jspecify.annotations.Nullable [] authKey);

  /**
   * Connects to a {@link dev.multiproc.ipc.Listener} and authenticates both ways. Python: {@code
   * multiprocessing.connection.Client(address, authkey=key)}.
   *
   * @param address the listener's address
   * @param authKey the key shared with the listener, or null for none
   * @return the connection
   * @throws dev.multiproc.ipc.AuthenticationException if the keys differ or only one side has one
   * @throws java.io.UncheckedIOException if nothing listens at the address
   */
  dev.multiproc.ipc.Connection client(
      java.net.SocketAddress address, byte @org.jspecify.annotations.Nullable [] authKey);
}
