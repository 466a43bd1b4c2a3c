package dev.multiproc.function;

import java.io.Serializable;

/**
 * A {@link Runnable} that can be sent to another process. A lambda or method reference whose
 * target type is this interface is serializable. Python: a {@code target=} with no arguments.
 *
 * <p>A lambda implements {@link #runChecked()}, which may throw any exception, so a target that
 * blocks ({@code queue.get()}, {@code event.await()}, {@code Thread.sleep}) needs no try/catch for
 * its {@link InterruptedException}: run in a process, the exception ends it with exit code 1 and
 * its stack trace; run as a pool or executor task, it reaches the caller as the cause of the
 * usual {@link java.util.concurrent.ExecutionException}.
 */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {

  /**
   * Runs the task; what a lambda or method reference of this type implements.
   *
   * @throws Exception whatever the task throws
   */
  void runChecked() throws Exception;

  /**
   * Runs {@link #runChecked()}, for code that takes a plain {@link Runnable}: a checked exception
   * it throws is wrapped in a {@link java.lang.reflect.UndeclaredThrowableException} (an {@link
   * InterruptedException} also sets the interrupt again).
   */
  @Override
  default void run() {
    try {
      runChecked();
    } catch (Exception e) {
      throw Checked.unchecked(e);
    }
  }
}
