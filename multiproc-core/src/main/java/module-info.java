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

  uses dev.multiproc.ipc.Connections.Provider;
  uses dev.multiproc.manager.Managers.Provider;
  uses dev.multiproc.process.ChildProcess.Launcher;
  uses dev.multiproc.shared.SharedMemory.Provider;

  provides dev.multiproc.ipc.Connections.Provider with
      dev.multiproc.internal.net.ConnectionService;
  provides dev.multiproc.manager.Managers.Provider with
      dev.multiproc.internal.manager.ManagerService;
  provides dev.multiproc.process.ChildProcess.Launcher with
      dev.multiproc.internal.spawn.LauncherService;
  provides dev.multiproc.shared.SharedMemory.Provider with
      dev.multiproc.internal.shm.SegmentService;

  // a worker JVM finds the pool's worker loop, which is built on it
  uses dev.multiproc.internal.spawn.PoolRole;

  provides dev.multiproc.internal.spawn.PoolRole with
      dev.multiproc.internal.pool.PoolWorkerRole;

  // The contract of the library's backend modules: not for users.
  exports dev.multiproc.spi to
      dev.multiproc.cluster;

  // a backend runs the tasks it receives on this module's worker JVMs
  uses dev.multiproc.spi.TaskEngine.Factory;

  provides dev.multiproc.spi.TaskEngine.Factory with
      dev.multiproc.internal.pool.TaskEngineService;

  requires jdk.jfr;
  requires static transitive org.jspecify;
}
