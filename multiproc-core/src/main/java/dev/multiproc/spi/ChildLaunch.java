package dev.multiproc.spi;

import dev.multiproc.process.ChildProcess;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a context other than the local one gives a {@link ChildProcess} its {@link
 * ChildRunner.Launcher} without a public setter: {@code ChildProcess} registers an accessor here
 * when its class initializes (the JDK's "shared secrets" pattern).
 */
public final class ChildLaunch {
  /** Sets a process object's launcher. */
  @FunctionalInterface
  public interface Access {
    /**
     * Sets {@code process}'s launcher.
     *
     * @param process a process not yet started
     * @param launcher where it will run
     */
    void setLauncher(ChildProcess process, ChildRunner.Launcher launcher);
  }

  private static volatile @Nullable Access access;

  private ChildLaunch() {}

  /**
   * Called once by {@link ChildProcess}'s static initializer.
   *
   * @param a the accessor
   */
  public static void register(Access a) {
    access = Objects.requireNonNull(a, "access");
  }

  /**
   * Makes {@code process} run with {@code launcher} when started.
   *
   * @param process a process not yet started
   * @param launcher where it will run
   * @return {@code process}
   */
  public static ChildProcess use(ChildProcess process, ChildRunner.Launcher launcher) {
    Access a = access; // set: process is an instance, so its class is initialized
    if (a == null) {
      throw new IllegalStateException("ChildProcess did not register its launcher access");
    }
    a.setLauncher(process, launcher);
    return process;
  }
}
