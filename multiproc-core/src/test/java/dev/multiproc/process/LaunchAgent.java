package dev.multiproc.process;

/** A Java agent that only says it was loaded: {@code launch.agent} becomes its argument. */
public final class LaunchAgent {
  private LaunchAgent() {}

  /**
   * Runs before main.
   *
   * @param args the agent's argument
   */
  public static void premain(String args) {
    System.setProperty("launch.agent", "loaded:" + args);
  }
}
