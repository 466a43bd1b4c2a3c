package dev.multiproc.internal.manager;

import org.jspecify.annotations.Nullable;

/**
 * A call that runs off a connection's reading thread (it may wait, or it belongs to a session),
 * and that the caller may cancel.
 *
 * <p>Cancelling interrupts the thread running the call, only while it runs this call: a call
 * cancelled before it started runs with the interrupt status set (the JDK's blocking calls then
 * throw {@link InterruptedException} before they do anything, and a barrier breaks, as for a
 * caller interrupted on entry), and a cancel that comes after it finished does nothing. The runner clears its interrupt status
 * before it answers, so a late cancel never reaches the runner's next call.
 */
final class ServerCall implements Runnable {
  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  private static final int CANCELLED = 3;

  final long id;
  private final ServerConnection origin;
  private final ManagedCall call;
  private final @Nullable Object[] args;
  private int state = QUEUED;
  private @Nullable Thread runner;

  ServerCall(long id, ServerConnection origin, ManagedCall call, @Nullable Object[] args) {
    this.id = id;
    this.origin = origin;
    this.call = call;
    this.args = args;
  }

  /** Interrupts the call if it runs; a call not started yet will not run. */
  synchronized void cancel() {
    if (state == QUEUED) {
      state = CANCELLED;
    } else if (state == RUNNING && runner != null) {
      runner.interrupt();
    }
  }

  @Override
  public void run() {
    synchronized (this) {
      if (state == CANCELLED) {
        // cancelled before it started: it runs interrupted, as the JDK's blocking calls entered
        // with the interrupt status set (they throw at once; a barrier breaks)
        Thread.currentThread().interrupt();
      }
      state = RUNNING;
      runner = Thread.currentThread();
    }
    boolean raised = false;
    @Nullable Object returned = null;
    Object result;
    try {
      returned = call.invoke(args);
      result = origin.server().exportable(returned);
    } catch (Throwable t) {
      raised = true;
      result = t;
    }
    synchronized (this) {
      state = DONE;
      runner = null;
    }
    Thread.interrupted(); // a cancel that came as the call finished must not reach the next one
    origin.finished(this);
    // an item taken for a caller that is gone goes back to its queue rather than astray: the
    // caller's connection ended while the call waited, or the answer cannot reach it
    boolean unwanted = origin.ended() || !origin.reply(id, raised, result);
    if (unwanted && !raised && returned != null) {
      call.giveBack(returned);
    }
  }
}
