package com.example.app;

import dev.multiproc.ipc.MpQueue;

/** The child process's target: the application's own method. */
public final class Producer {
  private Producer() {}

  /**
   * Puts {@link App#PARTS} parts on {@code queue}.
   *
   * @param queue the queue to the parent
   */
  public static void produce(MpQueue<Part> queue) {
    long pid = ProcessHandle.current().pid();
    for (int i = 0; i < App.PARTS; i++) {
      queue.add(new Part("part-" + i, pid));
    }
  }
}
