package dev.multiproc;

import dev.multiproc.internal.spawn.ChildRegistry;
import dev.multiproc.internal.spawn.CurrentProcessState;
import dev.multiproc.internal.spawn.SpareWorkers;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.ProcessInfo;
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
  private Multiprocessing() {}

  /**
   * Returns the context whose workers are JVMs on this machine, and starts warming a spare worker
   * JVM in the background (see the {@code multiproc.spares} system property).
   *
   * @return the local context
   */
  public static Context local() {
    SpareWorkers.get().warmUp();
    return LocalContext.INSTANCE;
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
