package org.example.app;

/** Test support: a class a task only names in its code, loaded where the task runs. */
public final class AppMath {
  private AppMath() {}

  static int square(int x) {
    return x * x;
  }
}
