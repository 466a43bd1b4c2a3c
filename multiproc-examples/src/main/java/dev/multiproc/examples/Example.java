package dev.multiproc.examples;

import java.util.Objects;

/**
 * One runnable example: a port of one example of a Python seed tutorial.
 *
 * @param name the name to run it by, such as {@code 001-race-condition}
 * @param seed the seed tutorial's file, such as {@code 001_301e181da1652f52.txt}
 * @param section the tutorial's section it follows, such as {@code §6.1 Locks and RLocks}
 * @param description one line: what it shows
 * @param main its {@code main} method
 */
public record Example(String name, String seed, String section, String description, Main main) {

  /** An example's {@code main} method. */
  @FunctionalInterface
  public interface Main {
    /**
     * Runs the example.
     *
     * @param args the command line arguments (the examples take none)
     * @throws Exception if the example fails
     */
    void run(String[] args) throws Exception;
  }

  /**
   * Checks the fields.
   *
   * @param name the name
   * @param seed the seed file
   * @param section the section
   * @param description the description
   * @param main the main method
   */
  public Example {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(main, "main");
  }

  /**
   * Runs the example in this JVM; its worker processes print to this JVM's {@code System.out}.
   *
   * @param args the command line arguments
   * @throws Exception if the example fails
   */
  public void run(String... args) throws Exception {
    main.run(args);
  }
}
