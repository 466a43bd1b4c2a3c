package dev.multiproc;

import dev.multiproc.function.SerializableBiConsumer;
import dev.multiproc.function.SerializableConsumer;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.internal.pool.LocalExecutor;
import dev.multiproc.internal.pool.LocalPool;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.process.ChildProcess;

/** The context whose workers are JVMs on this machine. */
enum LocalContext implements Context {
  INSTANCE;

  @Override
  public ChildProcess process(SerializableRunnable target) {
    return new ChildProcess(target);
  }

  @Override
  public <A> ChildProcess process(SerializableConsumer<A> target, A arg) {
    return ChildProcess.of(target, arg);
  }

  @Override
  public <A, B> ChildProcess process(SerializableBiConsumer<A, B> target, A a, B b) {
    return ChildProcess.of(target, a, b);
  }

  @Override
  public Pool pool(PoolOptions options) {
    return new LocalPool(options);
  }

  @Override
  public ProcessPoolExecutor executor(PoolOptions options) {
    return new LocalExecutor(options);
  }

  @Override
  public String toString() {
    return "Context[local]";
  }

  /* --------------- Listener / Client (ipc, sockets) --------------- */

  @Override
  public dev.multiproc.ipc.Listener listener(
      java.net.@org.jspecify.annotations.Nullable SocketAddress address,
      byte @org.jspecify.annotations.Nullable [] authKey) {
    return dev.multiproc.ipc.Listener.open(address, authKey);
  }

  @Override
  public dev.multiproc.ipc.Connection client(
      java.net.SocketAddress address, byte @org.jspecify.annotations.Nullable [] authKey) {
    return dev.multiproc.ipc.Client.connect(address, authKey);
  }
}
