package dev.multiproc;

import dev.multiproc.internal.spawn.ChildOutput;
import dev.multiproc.internal.spawn.ChildRegistry;
import dev.multiproc.internal.spawn.SpareWorkers;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.ProcessInfo;
import dev.multiproc.spi.CurrentProcessState;
import java.util.List;
import java.util.Optional;

/**
 * The entry point: contexts, and what Python's {@code multiprocessing} module offers as functions
 * ({@code current_process()}, {@code parent_process()}, {@code active_children()}, {@code
 * cpu_count()}).
 *
 * <pre>{@code
 * try (Pool pool = Multiprocessing.local().pool(4)) {
 *   List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 */
public final class Multiprocessing {
  static {
    ChildOutput.noteOriginal();
  }

  private Multiprocessing() {}

  /**
   * Returns the context whose workers are JVMs on this machine, and starts warming a spare worker
   * JVM in the background (see the {@code multiproc.spares} system property) a moment later, or
   * once the JVMs of a first process or pool started meanwhile are up; in a worker, only
   * once it starts a process or pool of its own (a task's class that merely holds the context in
   * a static field starts no JVM in every worker that loads it).
   *
   * @return the local context
   */
  public static Context local() {
    if (!CurrentProcessState.isWorker()) {
      SpareWorkers.get().warmUpSoon();
    }
    return LocalContext.INSTANCE;
  }

  /**
   * Returns the context whose processes, pools and executors run on threads of this JVM: Python's
   * {@code multiprocessing.dummy} (and {@code ThreadPool}). Use it where tasks are I/O-bound or
   * cheap, to test code written for {@link #local()} without starting JVMs, or to run the same
   * code both ways.
   *
   * <p><b>The same</b> as on {@link #local()}: every interface and its behaviour that a single
   * process can observe: queue, pipe and lock semantics, exceptions and their messages ({@code
   * QueueFullException}, {@code ConnectionClosedException}, "released too many times" …), barrier
   * indices and breaking, pool ordering, chunking, lazy {@code imap} with a bounded window,
   * callbacks, {@code TaskTimeoutException}, executor shutdown rules, exit codes 0 and 1.
   *
   * <p><b>Different</b>, because a thread is not a process:
   *
   * <ul>
   *   <li>no isolation: tasks share this JVM's heap and static state; nothing is serialized or
   *       copied (a task need not be serializable here, but must be for {@link #local()}); an
   *       object sent through a queue or pipe is the same object, not a copy; a task's exception
   *       arrives as itself, without a {@code RemoteTraceback};
   *   <li>no kill: {@code ChildProcess.terminate()}/{@code kill()} throw {@link
   *       UnsupportedOperationException}; a task past its pool timeout fails with {@code
   *       TaskTimeoutException} and its thread is interrupted and abandoned, not stopped;
   *       {@code shutdownNow}/{@code terminate} and {@code cancel(true)} interrupt;
   *   <li>{@code System.exit} in a target ends this JVM: never call it there;
   *   <li>{@code pid()} is this JVM's pid; {@code currentProcess()} in a target is still this
   *       JVM's main process; {@link #activeChildren()} does not list thread processes; JVM
   *       options and class filters are ignored;
   *   <li>no holder can die alone: {@code previousHolderDied()} is always false and {@code
   *       reclaimedPermits()} always 0; {@code close()} of a lock, queue or value frees nothing
   *       (heap memory), though a closed queue or pipe end refuses further use as on {@link
   *       #local()}.
   * </ul>
   *
   * @return the threads context
   */
  public static Context threads() {
    return ThreadContext.INSTANCE;
  }

  /**
   * Returns a context by name, as Python's {@code get_context(method)}: {@code "local"} or {@code
   * "threads"}.
   *
   * @param name the context's name
   * @return the context
   * @throws IllegalArgumentException if there is no context of that name
   */
  public static Context context(String name) {
    return switch (name) {
      case "local" -> local();
      case "threads" -> threads();
      default ->
          throw new IllegalArgumentException(
              "no context named '" + name + "': the contexts are \"local\" and \"threads\"");
    };
  }

  /**
   * Returns this process's name and pid: {@code MainProcess} in the JVM the user started, the
   * process's or worker's name in a child. Python: {@code current_process()}.
   *
   * @return name and pid
   */
  public static ProcessInfo currentProcess() {
    return CurrentProcessState.current();
  }

  /**
   * Returns the process that started this one, in a child or worker. Python: {@code
   * parent_process()}.
   *
   * @return the parent, or empty in the main process
   */
  public static Optional<ProcessInfo> parentProcess() {
    return CurrentProcessState.parent();
  }

  /**
   * Returns the children this process started that are still running. Python: {@code
   * active_children()}.
   *
   * @return the running children
   */
  public static List<ChildProcess> activeChildren() {
    return ChildRegistry.active();
  }

  /**
   * Returns the number of processors this JVM may use. Python: {@code cpu_count()}.
   *
   * @return the processor count
   */
  public static int cpuCount() {
    return Runtime.getRuntime().availableProcessors();
  }
}
