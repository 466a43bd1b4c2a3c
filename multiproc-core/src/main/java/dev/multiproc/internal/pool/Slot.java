package dev.multiproc.internal.pool;

import dev.multiproc.internal.spawn.Worker;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The engine's view of one worker: the tasks sent to it and not yet answered, in the order it runs
 * them (so the head is the one running), and how it is meant to end.
 *
 * <p>Confinement: every field is read and written under the engine's lock.
 */
final class Slot {
  final Worker worker;
  final String name;
  final ArrayDeque<WorkItem> inFlight = new ArrayDeque<>();
  int sent;
  boolean retiring;
  boolean gone;
  @Nullable WorkItem timedOut;

  Slot(Worker worker, String name) {
    this.worker = worker;
    this.name = name;
  }
}
