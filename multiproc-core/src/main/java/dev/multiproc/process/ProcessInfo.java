package dev.multiproc.process;

/**
 * The name and pid of a process. Python: what {@code current_process()} and {@code
 * parent_process()} tell ({@code name}, {@code pid}).
 *
 * @param name the process's name: {@code MainProcess} in the JVM the user started, {@code
 *     Process-N} or the name given for a child, {@code PoolWorker-N} for a pool worker
 * @param pid the operating system's process id
 */
public record ProcessInfo(String name, long pid) {}
