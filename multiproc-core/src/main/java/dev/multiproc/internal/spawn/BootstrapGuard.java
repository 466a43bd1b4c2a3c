package dev.multiproc.internal.spawn;

import dev.multiproc.spi.CurrentProcessState;
import java.util.Optional;

/**
 * Refuses to start a JVM from a static initialiser that runs in a worker: Python's "an attempt
 * has been made to start a new process before the current process has finished its
 * bootstrapping phase".
 *
 * <p>Why: a class's static initialiser runs again in every worker JVM that loads the class, as a
 * module's top-level code runs again in every child under Python's {@code spawn}. A worker loads
 * the class of every lambda it decodes, so a {@code static final Pool} in the class of a task
 * would start a pool in each worker, and a {@code start()} in a static block would start children
 * without end. The caller's JVM (not a worker) may start anything from a static initialiser.
 */
public final class BootstrapGuard {
  private static final StackWalker WALKER = StackWalker.getInstance();

  private BootstrapGuard() {}

  /**
   * Throws if this JVM is a worker and this thread is running a static initialiser.
   *
   * @param what what was asked, for the message ("start a process", "create a pool")
   * @throws IllegalStateException if it must not be done now
   */
  public static void check(String what) {
    Optional<String> initialising = initialising();
    if (initialising.isPresent()) {
      var me = CurrentProcessState.current();
      throw new IllegalStateException(
          "cannot "
              + what
              + " in worker "
              + me.name()
              + " (pid="
              + me.pid()
              + ") while it initialises class "
              + initialising.get()
              + ": a static"
              + " initialiser runs again in every worker JVM that loads its class (as top-level code"
              + " under Python's spawn, where this is the RuntimeError of the bootstrapping phase),"
              + " so this would start JVMs in every worker. Create the pool or process in a method"
              + " (main, or lazily on first use in the caller), not in a static field or static"
              + " block of a class whose lambdas or methods are sent to workers");
    }
  }

  /**
   * Returns whether this JVM is a worker running a static initialiser on this thread.
   *
   * @return whether it is bootstrapping a class
   */
  public static boolean bootstrapping() {
    return initialising().isPresent();
  }

  private static Optional<String> initialising() {
    if (!CurrentProcessState.isWorker()) {
      return Optional.empty();
    }
    return WALKER.walk(
        frames ->
            frames
                .filter(f -> f.getMethodName().equals("<clinit>"))
                .map(StackWalker.StackFrame::getClassName)
                .reduce((inner, outer) -> outer)); // the outermost: the class the worker loaded
  }
}
