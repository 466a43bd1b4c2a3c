package dev.multiproc.internal.pool;

import dev.multiproc.internal.spawn.Worker;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The engine's view of one worker: the tasks sent to it and not yet answered, in the order it runs
 * them (so the head is the one running), the frames on their way to it, and how it is meant to
 * end.
 *
 * <p>Confinement: every field is read and written under the engine's lock.
 */
final class Slot {
  final Worker worker;
  final String name;
  final ArrayDeque<WorkItem> inFlight = new ArrayDeque<>();
  final WorkerOutbox outbox;
  int sent;
  boolean retiring;
  boolean gone;

  /** Whether the engine killed it on purpose (a deadline, a cancel, terminate or a broken pool). */
  boolean killed;

  /** Whether the pool's initializer returned in it; true from the start when there is none. */
  boolean ready;

  /** Bytes of the set-up frames, sent before the outbox existed, until the worker has read them. */
  long setUpBytes;

  /** Whether the outbox is on the engine's list of outboxes to flush. */
  boolean flushQueued;

  @Nullable WorkItem timedOut;

  /** Whether the worker left the pool it served before ({@link Worker#left()}), or ended. */
  final CompletableFuture<Boolean> arrival;

  /**
   * Whether the worker left the pool it served before, so that what it was sent here reaches it;
   * until then a worker that ends ran nothing of this pool's.
   */
  boolean arrived;

  /** Completed once this pool saw its worker leave (true) or end (false) after its release. */
  final CompletableFuture<Boolean> left = new CompletableFuture<>();

  /** The caller whose code its worker was last told to run ({@link Frame.Kind#ORIGIN}). */
  @Nullable String origin;

  Slot(Worker worker, String name, long setUpBytes, boolean ready) {
    this.worker = worker;
    this.name = name;
    this.setUpBytes = setUpBytes;
    this.ready = ready;
    this.arrival = worker.left();
    this.arrived = arrival.getNow(false);
    this.outbox = new WorkerOutbox(worker, name, setUpBytes);
  }

  /** Notes that the worker has read its set-up frames (it answered, or said it is ready). */
  void setUpRead() {
    if (setUpBytes > 0) {
      outbox.read(setUpBytes);
      setUpBytes = 0;
    }
  }
}
