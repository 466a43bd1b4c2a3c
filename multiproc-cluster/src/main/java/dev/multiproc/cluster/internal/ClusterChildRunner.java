package dev.multiproc.cluster.internal;

import dev.multiproc.cluster.MemberLostException;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.WorkerDiedException;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.ExitStatus;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.spi.ChildRunner;
import dev.multiproc.spi.CurrentProcessState;
import dev.multiproc.spi.Outcome;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A {@link ChildProcess} on the cluster: its {@code run()} is one task on a member's worker JVM,
 * sent by the context's process dispatcher (to the member with the most free workers). Exit code
 * 0 when {@code run()} returns, 1 when it throws (its remote traceback is printed here on {@code
 * System.err}, as a local child prints its own), the worker's own status when it dies ({@code
 * System.exit(n)} gives n); {@code terminate()} and {@code kill()} cancel the task, and the
 * member kills the worker running it (-15 or -9 here). A member that dies takes its processes
 * with it, and a member this JVM can no longer reach ends them when it finds it lost this JVM
 * (the worker is killed): either way they end with -9 here, the {@link
 * dev.multiproc.cluster.MemberLostException} printed. The
 * child's own output goes to the member's standard output, not this JVM's, and it has no pid
 * here: the JVM it runs in is on another machine.
 */
public final class ClusterChildRunner implements ChildRunner {
  private final String name;
  private final Outcome<Object> outcome;
  private volatile int stopSignal;

  private ClusterChildRunner(ChildProcess process, ClusterDispatcher dispatcher) {
    this.name = process.name();
    String processName = name;
    SerializableRunnable body = () -> CurrentProcessState.runNamed(processName, process::run);
    this.outcome = dispatcher.submit(new ClusterTasks(PoolOptions.of(1)).run(body));
    outcome.whenComplete(
        (v, e) -> {
          if (e != null
              && !(e instanceof CancellationException)
              && !(e instanceof WorkerDiedException)) {
            synchronized (System.err) {
              System.err.println("Process " + name + " (cluster):");
              e.printStackTrace();
            }
          }
        });
  }

  /**
   * Returns the launcher of a cluster context's processes.
   *
   * @param dispatcher the context's process dispatcher, made on first use
   * @return the launcher
   */
  public static ChildRunner.Launcher launcher(Supplier<ClusterDispatcher> dispatcher) {
    return (process, jvm) -> {
      if (!jvm.equals(JvmOptions.defaults())) {
        throw new UnsupportedOperationException(
            "a process's JVM options are not on the cluster"
                + " backend: it runs in a worker the member started; give members their JVM options");
      }
      return new ClusterChildRunner(process, dispatcher.get());
    };
  }

  @Override
  public void join() throws InterruptedException {
    try {
      outcome.get();
    } catch (ExecutionException | CancellationException e) {
      // it ended: exitStatus() says how
    }
  }

  @Override
  public boolean join(Duration timeout) throws InterruptedException {
    try {
      outcome.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | CancellationException e) {
      // it ended
    } catch (TimeoutException e) {
      return false;
    }
    return true;
  }

  @Override
  public boolean isAlive() {
    return !outcome.isDone();
  }

  @Override
  public void terminate() {
    stop(15);
  }

  @Override
  public void kill() {
    stop(9);
  }

  private void stop(int signal) {
    if (stopSignal == 0) {
      stopSignal = signal;
    }
    outcome.cancel(true);
  }

  @Override
  public ExitStatus exitStatus() {
    if (!outcome.isDone()) {
      return new ExitStatus.Running();
    }
    if (outcome.isCancelled()) {
      return new ExitStatus.Killed(stopSignal == 0 ? 9 : stopSignal);
    }
    try {
      outcome.join();
      return new ExitStatus.Exited(0);
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof MemberLostException) {
        // the member died with it, or ends it when it finds it lost this caller
        return new ExitStatus.Killed(9);
      }
      return cause instanceof WorkerDiedException died ? died.status() : new ExitStatus.Exited(1);
    }
  }

  /** No pid here: the JVM it runs in is a member's worker, on another machine. */
  @Override
  public long pid() {
    return -1;
  }

  @Override
  public void release() {
    // nothing held here
  }

  @Override
  public String toString() {
    return "ClusterProcess[" + name + "]";
  }
}
