import org.jspecify.annotations.NullMarked;

/**
 * Process-based parallelism: child processes, pools and executors on worker JVMs, and the queues,
 * pipes, shared memory and locks they share.
 */
@NullMarked
// the backend modules its qualified exports name are built after it: javac cannot see them
@SuppressWarnings("module")
module dev.multiproc {
  exports dev.multiproc;
  exports dev.multiproc.function;
  exports dev.multiproc.ipc;
  exports dev.multiproc.manager;
  exports dev.multiproc.pool;
  exports dev.multiproc.process;
  exports dev.multiproc.shared;
  exports dev.multiproc.sync;

  // The contract of the library's backend modules: not for users.
  exports dev.multiproc.spi to dev.multiproc.cluster;
  // A cluster member runs the tasks sent to it on this module's worker JVMs (PoolEngine).
  exports dev.multiproc.internal.pool to dev.multiproc.cluster;
  // Deadlines, ConditionWaits and Holds, until they join dev.multiproc.spi.
  exports dev.multiproc.internal.sync to dev.multiproc.cluster;

  requires jdk.jfr;
  requires static org.jspecify;
}
