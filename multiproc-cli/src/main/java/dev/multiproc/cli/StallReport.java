package dev.multiproc.cli;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.Map;

/** What a run that stalled prints: every thread of this JVM, its state and where it is. */
final class StallReport {
  private static final int FRAMES = 12;

  private StallReport() {}

  /**
   * Prints each live thread's name, state and top {@value #FRAMES} frames.
   *
   * @param out where to
   */
  static void threads(PrintWriter out) {
    Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
    all.entrySet().stream()
        .sorted(Comparator.comparing(e -> e.getKey().getName()))
        .forEach(
            e -> {
              Thread t = e.getKey();
              out.println("  thread \"" + t.getName() + "\" " + t.getState());
              StackTraceElement[] frames = e.getValue();
              for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
                out.println("      at " + frames[i]);
              }
            });
    out.flush();
  }
}
