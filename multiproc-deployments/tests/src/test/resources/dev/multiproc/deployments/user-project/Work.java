package com.example.user;

import dev.multiproc.ipc.MpQueue;
import java.io.Serializable;

/** The project's own work: the classes its test sends to the workers and gets back. */
public final class Work {
  /** How many parts {@link #produce} sends. */
  public static final int PARTS = 3;

  private Work() {}

  /**
   * A value and the pid of the process that made it.
   *
   * @param value the value
   * @param pid the process that made it
   */
  public record Made(Object value, long pid) implements Serializable {
    /**
     * Returns {@code value}, made in this process.
     *
     * @param value the value
     * @return it, with this process's pid
     */
    public static Made here(Object value) {
      return new Made(value, ProcessHandle.current().pid());
    }
  }

  /**
   * Returns {@code x * x}, made in this process: the test's method reference.
   *
   * @param x a number
   * @return its square
   */
  public static Made square(int x) {
    return Made.here(x * x);
  }

  /**
   * Puts {@link #PARTS} parts on {@code queue}: the child process's target.
   *
   * @param queue the queue to the parent
   */
  public static void produce(MpQueue<Made> queue) {
    for (int i = 0; i < PARTS; i++) {
      queue.add(Made.here("part-" + i));
    }
  }
}
