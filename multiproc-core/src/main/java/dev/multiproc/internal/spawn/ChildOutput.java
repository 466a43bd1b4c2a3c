package dev.multiproc.internal.spawn;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Where a worker JVM's standard output goes: straight to this JVM's own standard output (the
 * file descriptor it inherited), or through a relay thread to whatever {@link System#out} is now.
 *
 * <p>Straight is the default whenever {@link System#out} is still the stream this JVM started
 * with: then a line a child prints reaches the terminal, file or pipe in causal order with the
 * parent's own lines, as in Python (a relay thread can let a parent's later line overtake a
 * child's). It is relayed when {@code System.out} was replaced ({@link System#setOut}, as a test
 * harness or an output capture does), so that the replacement sees the children's lines too. The
 * system property {@value #PROPERTY} forces either: {@code inherit} or {@code relay}.
 *
 * <p>A worker's standard error is always relayed, line by line: its last lines are what a worker
 * that fails to start says about itself.
 *
 * <p>"The stream this JVM started with" is the {@code System.out} this class saw first (when the
 * library's entry points, {@code Multiprocessing} and {@code ChildProcess}, were first used), if
 * it was a plain {@link PrintStream}: a test harness's own stream is a subclass, so its JVM
 * relays. A stream replaced with a plain {@code PrintStream} before the library's first use is
 * taken for the original; set {@code -Dmultiproc.output=relay} then.
 */
public final class ChildOutput {
  /** The system property that forces a mode: {@code inherit} or {@code relay}. */
  static final String PROPERTY = "multiproc.output";

  private static final PrintStream ORIGINAL_OUT = System.out;

  private ChildOutput() {}

  /**
   * Takes note of this JVM's {@code System.out}, if this class has not yet: called when the
   * library's entry points initialise, before user code that uses them may replace it.
   */
  public static void noteOriginal() {
    // the class initialiser does it
  }

  /**
   * Returns whether a worker started now writes to this JVM's standard output directly.
   *
   * @return true to inherit, false to relay
   * @throws IllegalArgumentException if the system property has another value
   */
  static boolean inheritStdout() {
    String forced = System.getProperty(PROPERTY, "auto").strip().toLowerCase(Locale.ROOT);
    return switch (forced) {
      case "inherit" -> true;
      case "relay" -> false;
      case "auto", "" -> System.out == ORIGINAL_OUT && ORIGINAL_OUT.getClass() == PrintStream.class;
      default ->
          throw new IllegalArgumentException(
              "system property "
                  + PROPERTY
                  + "="
                  + forced
                  + " is not a mode: give inherit, relay or auto");
    };
  }
}
