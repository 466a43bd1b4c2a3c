package org.example.gadget;

import dev.multiproc.function.SerializableFunction;

/** Test support: tasks written in package {@code org.example.gadget}, judged as this class. */
public final class StrangerTasks {
  private StrangerTasks() {}

  /**
   * Returns a task that doubles its argument.
   *
   * @return the task
   */
  public static SerializableFunction<Integer, Integer> twice() {
    return x -> x * 2;
  }
}
