import org.jspecify.annotations.NullMarked;

/**
 * Process-based parallelism: child processes, pools and executors on worker JVMs, and the queues,
 * pipes, shared memory and locks they share.
 */
@NullMarked
module dev.multiproc {
  exports dev.multiproc;
  exports dev.multiproc.function;
  exports dev.multiproc.ipc;
  exports dev.multiproc.manager;
  exports dev.multiproc.pool;
  exports dev.multiproc.process;
  exports dev.multiproc.shared;
  exports dev.multiproc.sync;

  requires jdk.jfr;
  requires static transitive org.jspecify;
}
