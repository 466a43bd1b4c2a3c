package dev.multiproc.internal.spawn;

import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.spi.ChildLaunch;
import dev.multiproc.spi.ChildRunner;

/**
 * The core's {@link ChildProcess.Launcher}: a worker JVM of its own, unless the context that made
 * the process chose another launcher ({@link ChildLaunch}). Declared in {@code module-info} and
 * {@code META-INF/services}.
 */
public final class LauncherService implements ChildProcess.Launcher {
  static {
    ChildOutput.noteOriginal();
  }

  /** Makes the provider; {@link java.util.ServiceLoader} does, when {@code ChildProcess} loads. */
  public LauncherService() {}

  @Override
  public ChildRunner start(ChildProcess process, JvmOptions jvm) {
    ChildRunner.Launcher chosen = ChildLaunch.chosen(process);
    return chosen == null ? JvmChildRunner.start(process, jvm) : chosen.start(process, jvm);
  }
}
