package dev.multiproc.process;

import java.io.Serializable;
import java.util.OptionalInt;

/**
 * How a process ended, or that it has not. Python: {@code Process.exitcode}, {@code None} while
 * running and {@code -N} when killed by signal {@code N}.
 */
public sealed interface ExitStatus extends Serializable {

  /** The process has not ended. */
  record Running() implements ExitStatus {}

  /**
   * The process exited by itself.
   *
   * @param code its exit code: 0 normal, 1 an uncaught exception, or what it passed to {@code
   *     System.exit}
   */
  record Exited(int code) implements ExitStatus {}

  /**
   * The process was ended by a signal.
   *
   * @param signal the signal number: 15 for SIGTERM ({@code terminate()}), 9 for SIGKILL ({@code
   *     kill()})
   */
  record Killed(int signal) implements ExitStatus {}

  /**
   * Returns Python's {@code exitcode}: empty while running, the code once exited, {@code -N} when
   * killed by signal {@code N}.
   *
   * @return the exit code
   */
  default OptionalInt exitCode() {
    return switch (this) {
      case Running _ -> OptionalInt.empty();
      case Exited(int code) -> OptionalInt.of(code);
      case Killed(int signal) -> OptionalInt.of(-signal);
    };
  }

  /**
   * Returns the status of an ended process from the value {@link Process#exitValue()} gives.
   *
   * <p>The JDK reports a death by signal {@code N} as {@code 128 + N}, and a JVM that handles
   * SIGTERM itself exits with 143; both become {@link Killed}. A process that really calls {@code
   * System.exit(137)} is therefore reported as killed by signal 9: the JDK does not tell the two
   * apart.
   *
   * @param exitValue the value from {@link Process#exitValue()}
   * @return the status
   */
  static ExitStatus fromExitValue(int exitValue) {
    if (exitValue > 128 && exitValue <= 128 + 64) {
      return new Killed(exitValue - 128);
    }
    return new Exited(exitValue);
  }
}
