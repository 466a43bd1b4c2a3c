package dev.multiproc.internal.pool;

import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.pool.TaskTransferException;
import java.io.Serializable;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The plain {@link Callable}s and {@link Runnable}s an {@link java.util.concurrent.ExecutorService}
 * is given, as tasks another JVM can run: accepted when they are serializable, refused before
 * anything is sent otherwise, with the way to fix it.
 */
public final class SerializableTasks {
  private SerializableTasks() {}

  /**
   * Returns the task as a {@link SerializableCallable}.
   *
   * @param <T> the result type
   * @param task the task
   * @param destination where it would go ("a worker", "a cluster member"), for the message
   * @return the same task, serializable
   * @throws TaskTransferException if the task is not serializable
   * @throws NullPointerException if the task is null
   */
  @SuppressWarnings("unchecked")
  public static <T> SerializableCallable<T> callable(Callable<T> task, String destination) {
    Objects.requireNonNull(task, "task");
    if (task instanceof SerializableCallable<?> s) {
      return (SerializableCallable<T>) s;
    }
    if (task instanceof Serializable) {
      return task::call;
    }
    throw notSerializable(task, destination);
  }

  /**
   * Returns the task as a {@link SerializableRunnable}.
   *
   * @param task the task
   * @param destination where it would go ("a worker", "a cluster member"), for the message
   * @return the same task, serializable
   * @throws TaskTransferException if the task is not serializable
   * @throws NullPointerException if the task is null
   */
  public static SerializableRunnable runnable(Runnable task, String destination) {
    Objects.requireNonNull(task, "task");
    if (task instanceof SerializableRunnable s) {
      return s;
    }
    if (task instanceof Serializable) {
      return task::run;
    }
    throw notSerializable(task, destination);
  }

  private static TaskTransferException notSerializable(Object task, String destination) {
    return new TaskTransferException(
        "cannot send the task to " + destination + ": class " + task.getClass().getName()
            + " is not Serializable; pass a SerializableCallable or SerializableRunnable (a lambda"
            + " becomes one when the executor's variable has type ProcessPoolExecutor)",
        null);
  }
}
