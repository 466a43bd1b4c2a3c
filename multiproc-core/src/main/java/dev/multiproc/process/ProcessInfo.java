package dev.multiproc.process;

/**
 * The name, pid and daemon flag of a process. Python: what {@code current_process()} and {@code
 * parent_process()} tell ({@code name}, {@code pid}, {@code daemon}).
 *
 * @param name the process's name: {@code MainProcess} in the JVM the user started, {@code
 *     Process-N} or the name given for a child, {@code PoolWorker-N} for a pool worker
 * @param pid the operating system's process id
 * @param daemon whether the process is a daemon: a child started with {@code daemon(true)}, and
 *     every pool worker (as in Python); false for the main process, and for a parent, whose flag a
 *     child does not know
 */
public record ProcessInfo(String name, long pid, boolean daemon) {

  /**
   * Describes a process that is not a daemon.
   *
   * @param name the process's name
   * @param pid the operating system's process id
   */
  public ProcessInfo(String name, long pid) {
    this(name, pid, false);
  }
}
