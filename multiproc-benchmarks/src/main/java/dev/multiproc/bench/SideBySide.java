package dev.multiproc.bench;

/** The side-by-side benchmark against Python (placeholder until the benchmark runner lands). */
public final class SideBySide {
  private SideBySide() {}

  /**
   * Runs the benchmark.
   *
   * @param args the command line
   * @return the exit code
   */
  public static int run(String[] args) {
    System.out.println("not built yet");
    return 0;
  }
}
