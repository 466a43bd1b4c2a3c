package dev.multiproc.spi;

import dev.multiproc.process.ChildProcess;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ChildRunner.Launcher} a context other than the local one chose for a {@link
 * ChildProcess} it made: {@link LauncherService} starts the process with it. Kept beside the
 * process object while that is reachable, so {@code ChildProcess} needs no setter; a copy of
 * the object (received by another process) has none, and runs on a worker JVM.
 */
public final class ChildLaunch {
  private static final Map<ChildProcess, ChildRunner.Launcher> CHOSEN =
      Collections.synchronizedMap(new WeakHashMap<>());

  private ChildLaunch() {}

  /**
   * Makes {@code process} run with {@code launcher} when started.
   *
   * @param process a process not yet started, of {@code ChildProcess} itself (whose equality is
   *     identity)
   * @param launcher where it will run
   * @return {@code process}
   */
  public static ChildProcess use(ChildProcess process, ChildRunner.Launcher launcher) {
    CHOSEN.put(process, launcher);
    return process;
  }

  /**
   * Returns the launcher chosen for {@code process}.
   *
   * @param process a process being started
   * @return the launcher, or null for a worker JVM
   */
  public static ChildRunner.@Nullable Launcher chosen(ChildProcess process) {
    return CHOSEN.get(process);
  }
}
