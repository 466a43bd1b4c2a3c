package dev.multiproc.spi;

import dev.multiproc.pool.PoolOptions;
import java.time.Duration;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * A pool of this library's worker JVMs that runs tasks already encoded ({@link RemoteTasks}): what
 * a backend runs the tasks it receives on, such as a cluster member for its callers. Made by
 * {@link #start}, which finds the core's engine as a service.
 */
public interface TaskEngine extends EngineLifecycle {
  /**
   * Runs an encoded task on a worker.
   *
   * @param task the task's bytes
   * @return its outcome: the decoded result or failure; cancelling it kills the worker running it
   */
  Outcome<Object> submit(byte[] task);

  /**
   * Runs an encoded task of one of several callers on a worker: the classes the worker lacks are
   * loaded from that caller's loader alone (named by {@link CallerClasses#serveFor}), through a
   * loader of the worker's for that caller only, so that callers with different versions of a
   * class each run their own; the result is decoded with that caller's loader first.
   *
   * @param task the task's bytes
   * @param origin the caller's name, as {@link CallerClasses#serveFor} was given it
   * @return its outcome: the decoded result or failure; cancelling it kills the worker running it
   */
  Outcome<Object> submit(byte[] task, String origin);

  /**
   * Runs an encoded task, as {@link #submit(byte[])} or, with an origin, {@link #submit(byte[],
   * String)}, for a caller that only passes its result on, and with a timeout of its own in place
   * of the engine's. The result is not decoded here: the outcome completes with the bytes the
   * worker encoded it to, which a {@link TaggedCodec} decodes; a failure completes it
   * exceptionally, decoded as usual. The timeout counts from the moment a worker starts the task,
   * not while it waits for one; a task that runs longer fails with {@link
   * dev.multiproc.pool.TaskTimeoutException} and its worker is killed and replaced.
   *
   * @param task the task's bytes
   * @param origin the caller's name, as {@link CallerClasses#serveFor} was given it, or null
   * @param timeout the task's timeout once a worker runs it; zero for none
   * @return its outcome: the result's bytes, or the failure; cancelling it kills the worker
   *     running it
   * @throws IllegalArgumentException if the timeout is negative
   */
  Outcome<byte[]> submitEncoded(byte[] task, @Nullable String origin, Duration timeout);

  /** Makes engines: the core provides one, declared in its module-info and META-INF/services. */
  interface Factory {
    /**
     * Starts an engine.
     *
     * @param options its workers and their JVM
     * @param workerPrefix the prefix of its workers' names
     * @return the engine
     */
    TaskEngine start(PoolOptions options, String workerPrefix);
  }

  /**
   * Starts an engine of the core's.
   *
   * @param options its workers and their JVM
   * @param workerPrefix the prefix of its workers' names
   * @return the engine
   * @throws IllegalStateException if no engine is provided (the core's services are missing)
   */
  static TaskEngine start(PoolOptions options, String workerPrefix) {
    return ServiceLoader.load(Factory.class, TaskEngine.class.getClassLoader())
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no "
                        + Factory.class.getName()
                        + " is provided: the library's META-INF/services or module-info is missing"))
        .start(options, workerPrefix);
  }
}
