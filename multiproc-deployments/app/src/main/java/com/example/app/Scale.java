package com.example.app;

import java.io.Serializable;

/**
 * A factor, captured by the application's lambda: an object of the application's own class that
 * travels to the worker with the lambda.
 *
 * @param factor what {@link #apply} multiplies by
 */
public record Scale(int factor) implements Serializable {
  /**
   * Returns {@code x * factor + 1}.
   *
   * @param x a number
   * @return the scaled number
   */
  public int apply(int x) {
    return x * factor + 1;
  }
}
