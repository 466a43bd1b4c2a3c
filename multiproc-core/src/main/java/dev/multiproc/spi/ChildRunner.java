package dev.multiproc.spi;

import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.JvmOptions;

/**
 * Where a started {@link ChildProcess} runs: a worker JVM ({@code JvmChildRunner}) or a thread of
 * this JVM (the threads backend). The process object delegates its lifecycle here; the context
 * that made it chose the {@link Launcher}. Its methods are {@link ChildProcess.Runner}'s; a
 * backend's runner implements this type so that the core knows it for its own.
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
}
