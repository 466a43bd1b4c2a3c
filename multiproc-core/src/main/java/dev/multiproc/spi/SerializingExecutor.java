package dev.multiproc.spi;

import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableRunnable;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * The part of an executor whose tasks run in other JVMs (worker JVMs, or a cluster's members)
 * that takes the plain {@link java.util.concurrent.ExecutorService} tasks: a {@link Callable} or
 * {@link Runnable} is accepted if it is serializable, refused before anything is sent otherwise
 * ({@link SerializableTasks}), and sent as the backend sends its serializable kin.
 */
public abstract class SerializingExecutor extends AbstractPoolExecutor {
  private final String destination;

  /**
   * Creates the shared part.
   *
   * @param lifecycle the engine's life cycle
   * @param destination where tasks go ("a worker", "a cluster member"), for error messages
   */
  protected SerializingExecutor(EngineLifecycle lifecycle, String destination) {
    super(lifecycle);
    this.destination = destination;
  }

  private void checkRunning() {
    if (isShutdown()) {
      throw new RejectedExecutionException("executor is shut down");
    }
  }

  @Override
  public final <T> Future<T> submit(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    checkRunning();
    return submit(SerializableTasks.callable(task, destination));
  }

  @Override
  public final Future<?> submit(Runnable task) {
    Objects.requireNonNull(task, "task");
    checkRunning();
    return submit(SerializableTasks.runnable(task, destination));
  }

  @Override
  public final <T> Future<T> submit(Runnable task, T result) {
    Objects.requireNonNull(task, "task");
    checkRunning();
    SerializableRunnable r = SerializableTasks.runnable(task, destination);
    return submit(
        (SerializableCallable<T>)
            () -> {
              r.run();
              return result;
            });
  }

  @Override
  protected final <T> CompletableFuture<T> submitForAny(Callable<T> task) {
    return submit(SerializableTasks.callable(task, destination));
  }
}
