package org.example.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Test support: an application's tasks, in a jar that only the caller has. */
public final class AppTasks {
  private AppTasks() {}

  /**
   * Returns a point of {@code x} and its square.
   *
   * @param x the value
   * @return the point
   */
  public static Point pointOf(int x) {
    return new Point(x, AppMath.square(x));
  }

  /**
   * Returns the first line of a resource beside this class, or "absent".
   *
   * @param name the resource's name
   * @return its first line
   * @throws IOException if it cannot be read
   */
  public static String resource(String name) throws IOException {
    try (InputStream in = AppTasks.class.getResourceAsStream(name)) {
      return in == null
          ? "absent"
          : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }
  }

  /**
   * Returns the name of the class loader that loaded this class where it runs.
   *
   * @param ignored the task's argument
   * @return the loader's name, or its class's
   */
  public static String loader(int ignored) {
    ClassLoader l = AppTasks.class.getClassLoader();
    return l.getName() != null ? l.getName() : l.getClass().getName();
  }
}
