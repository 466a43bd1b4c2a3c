package dev.multiproc.spi;

import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.ExitStatus;
import dev.multiproc.process.JvmOptions;
import java.time.Duration;

/**
 * Where a started {@link ChildProcess} runs: a worker JVM ({@code JvmChildRunner}) or a thread of
 * this JVM (the threads backend). The process object delegates its lifecycle here; the context
 * that made it chose the {@link Launcher}.
 */
public interface ChildRunner extends ChildProcess.Runner {

  /** Starts a process object somewhere and returns what runs it. */
  @FunctionalInterface
  interface Launcher extends ChildProcess.Launcher {
    /**
     * Starts {@code process}.
     *
     * @param process the process object, as it is at {@code start()}
     * @param jvm the JVM options it was given (ignored where no JVM is started)
     * @return the runner
     */
    @Override
    ChildRunner start(ChildProcess process, JvmOptions jvm);
  }

  /**
   * Waits until it ends.
   *
   * @throws InterruptedException if this thread is interrupted
   */
  void join() throws InterruptedException;

  /**
   * Waits at most {@code timeout} until it ends.
   *
   * @param timeout how long
   * @return whether it ended
   * @throws InterruptedException if this thread is interrupted
   */
  boolean join(Duration timeout) throws InterruptedException;

  /**
   * Returns whether it still runs.
   *
   * @return whether it runs
   */
  boolean isAlive();

  /** Asks it to end (SIGTERM for a JVM). */
  void terminate();

  /** Ends it at once (SIGKILL for a JVM). */
  void kill();

  /**
   * Returns how it ended; only called once it is no longer alive.
   *
   * @return the status
   */
  ExitStatus exitStatus();

  /**
   * Returns the pid of the process it runs in.
   *
   * @return the pid; negative if it runs on another machine
   */
  long pid();

  /** Releases what it holds once it has ended. */
  void release();
}
