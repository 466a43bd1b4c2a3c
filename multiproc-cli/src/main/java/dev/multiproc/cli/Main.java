package dev.multiproc.cli;

/** The multiproc command line (placeholder until the CLI lands). */
public final class Main {
  private Main() {}

  /**
   * Runs a command.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.out.println("multiproc: no commands yet");
  }
}
