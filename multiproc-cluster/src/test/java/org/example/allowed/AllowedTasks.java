package org.example.allowed;

import dev.multiproc.function.SerializableFunction;

/** Test support: tasks written in package {@code org.example.allowed}, judged as this class. */
public final class AllowedTasks {
  private AllowedTasks() {}

  /**
   * Returns a task that doubles its argument.
   *
   * @return the task
   */
  public static SerializableFunction<Integer, Integer> twice() {
    return x -> x * 2;
  }
}
