package dev.multiproc.spi;

import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.pool.TaskTransferException;
import java.io.Serializable;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

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
    throw notSerializable(task, destination, "Callable<T>");
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
    if (task instanceof CompletableFuture.AsynchronousCompletionTask) {
      // a JDK task object of CompletableFuture.supplyAsync/runAsync(..., executor): it holds the
      // future it completes, which lives in this JVM, so it cannot run in another one
      throw new TaskTransferException(
          "cannot send the task to "
              + destination
              + ": "
              + "supplyAsync/runAsync(fn, executor) and the *Async(..., executor) stages hand the"
              + " executor a task object that completes a future in this JVM, so fn cannot run in"
              + " another process that way. Submit the function itself; the future returned is a"
              + " CompletableFuture to compose: processPoolExecutor.submit((SerializableCallable<T>)"
              + " () -> compute()).thenApply(...), or a Callable cast as (Callable<T> & Serializable)",
          null);
    }
    if (task instanceof SerializableRunnable s) {
      return s;
    }
    if (task instanceof Serializable) {
      return task::run;
    }
    throw notSerializable(task, destination, "Runnable");
  }

  private static TaskTransferException notSerializable(
      Object task, String destination, String type) {
    Class<?> c = task.getClass();
    String what =
        c.isHidden() && c.getName().contains("$$Lambda")
            ? "a lambda or method reference whose target type, "
                + type
                + ", is not Serializable"
                + " (written in "
                + c.getName().substring(0, c.getName().indexOf("$$Lambda"))
                + ")"
            : "class " + c.getName() + " is not Serializable";
    return new TaskTransferException(
        "cannot send the task to "
            + destination
            + ": "
            + what
            + ". Make it serializable:"
            + " call the executor through a variable of type ProcessPoolExecutor, where the"
            + " lambda becomes a Serializable"
            + (type.startsWith("Callable") ? "Callable" : "Runnable")
            + ", or cast it: ("
            + type
            + " & Serializable) () -> ...",
        null);
  }
}
