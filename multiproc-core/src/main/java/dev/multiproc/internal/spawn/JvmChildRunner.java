package dev.multiproc.internal.spawn;

import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.ExitStatus;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.spi.ChildRunner;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** {@link ChildRunner} on a worker JVM of its own: the local context's processes. */
public final class JvmChildRunner implements ChildRunner {
  private final Worker worker;

  private JvmChildRunner(Worker worker) {
    this.worker = worker;
  }

  /**
   * Starts {@code process} in a worker JVM (a warm spare when one is ready).
   *
   * @param process the process object, sent to the child as it is now
   * @param jvm how to start the JVM
   * @return the runner
   */
  public static ChildRunner start(ChildProcess process, JvmOptions jvm) {
    BootstrapGuard.check("start a process");
    return new JvmChildRunner(ChildRegistry.start(process, jvm));
  }

  @Override
  public void join() throws InterruptedException {
    worker.process().waitFor();
  }

  @Override
  public boolean join(Duration timeout) throws InterruptedException {
    return worker.process().waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public boolean isAlive() {
    return worker.isAlive();
  }

  @Override
  public void terminate() {
    worker.terminate();
  }

  @Override
  public void kill() {
    worker.process().toHandle().destroyForcibly();
  }

  @Override
  public ExitStatus exitStatus() {
    return ExitStatus.fromExitValue(worker.process().exitValue());
  }

  @Override
  public long pid() {
    return worker.pid();
  }

  @Override
  public void release() {
    worker.release();
  }

  @Override
  public String toString() {
    return worker.toString();
  }
}
