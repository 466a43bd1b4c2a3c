package com.example.app;

/** The method the application's method reference names. */
public final class Squares {
  private Squares() {}

  /**
   * Returns {@code x * x}, with the pid of the process that computed it.
   *
   * @param x a number
   * @return its square
   */
  public static Measured square(int x) {
    return Measured.here(x * x);
  }
}
