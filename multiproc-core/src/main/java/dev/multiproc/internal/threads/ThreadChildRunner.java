package dev.multiproc.internal.threads;

import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.ExitStatus;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.spi.ChildRunner;
import java.time.Duration;

/**
 * {@link ChildRunner} on a platform thread of this JVM: Python's {@code multiprocessing.dummy
 * .Process}. Exit code 0 when {@code run()} returns, 1 when it throws (after printing the stack
 * trace to {@code System.err}, as a child JVM would).
 */
public final class ThreadChildRunner implements ChildRunner {
  /** What {@code ChildProcess} starts with on this backend. */
  public static final ChildRunner.Launcher LAUNCHER = ThreadChildRunner::start;

  private static final long PID = ProcessHandle.current().pid();

  private final Thread thread;
  private volatile int exitCode = -1;

  private ThreadChildRunner(ChildProcess process) {
    this.thread =
        Thread.ofPlatform()
            .name(process.name())
            .daemon(process.daemon())
            .unstarted(() -> runChild(process));
  }

  private void runChild(ChildProcess process) {
    int code = 1;
    try {
      process.run();
      code = 0;
    } catch (Throwable t) {
      synchronized (System.err) {
        System.err.println("Process " + process.name() + " (thread):");
        t.printStackTrace();
      }
    } finally {
      exitCode = code;
    }
  }

  private static ChildRunner start(ChildProcess process, JvmOptions ignored) {
    var runner = new ThreadChildRunner(process);
    runner.thread.start();
    return runner;
  }

  @Override
  public void join() throws InterruptedException {
    thread.join();
  }

  @Override
  public boolean join(Duration timeout) throws InterruptedException {
    return thread.join(timeout.isNegative() ? Duration.ZERO : timeout);
  }

  @Override
  public boolean isAlive() {
    return thread.isAlive();
  }

  @Override
  public void terminate() {
    throw cannotStop("terminate");
  }

  @Override
  public void kill() {
    throw cannotStop("kill");
  }

  private UnsupportedOperationException cannotStop(String what) {
    return new UnsupportedOperationException(
        "cannot "
            + what
            + " "
            + thread.getName()
            + ": on the threads context a process is a"
            + " thread, and a thread cannot be stopped safely; use the local context (a JVM per"
            + " process) when a child must be killable, or make the target return on an Event");
  }

  @Override
  public ExitStatus exitStatus() {
    int code = exitCode;
    return code < 0 ? new ExitStatus.Running() : new ExitStatus.Exited(code);
  }

  @Override
  public long pid() {
    return PID;
  }

  @Override
  public void release() {
    // nothing held
  }

  @Override
  public String toString() {
    return "Thread[" + thread.getName() + "]";
  }
}
