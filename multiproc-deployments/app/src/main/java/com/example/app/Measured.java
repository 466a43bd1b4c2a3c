package com.example.app;

import java.io.Serializable;

/**
 * A result and the pid of the process that computed it: the application's own class, returned
 * from the workers.
 *
 * @param value the result
 * @param pid the process that computed it
 */
public record Measured(int value, long pid) implements Serializable {
  /**
   * Returns {@code value} computed in this process.
   *
   * @param value the result
   * @return it, with this process's pid
   */
  public static Measured here(int value) {
    return new Measured(value, ProcessHandle.current().pid());
  }
}
