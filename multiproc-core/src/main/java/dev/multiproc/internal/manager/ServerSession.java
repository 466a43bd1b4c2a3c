package dev.multiproc.internal.manager;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The manager's thread for one caller thread: it runs that caller's calls on objects whose
 * behaviour depends on the calling thread (locks, conditions, registered types), one after the
 * other, so a lock the caller takes is held by this one thread until the caller releases it.
 *
 * <p>It lives while the caller thread does: it ends when the caller's process says the thread
 * ended, when the caller's process has no connection left, or when the manager shuts down.
 *
 * <p>A platform thread, not a virtual one: the library's cross-process locks park in the kernel
 * (a futex), which would hold a virtual thread's carrier for the whole wait.
 */
final class ServerSession {
  @SuppressWarnings("UnnecessaryLambda") // a sentinel: the queue's end, compared by identity
  private static final Runnable END = () -> {};

  private final LinkedBlockingQueue<Runnable> calls = new LinkedBlockingQueue<>();
  private final AtomicInteger alive;
  private final Thread thread;

  /**
   * Starts the session's thread.
   *
   * @param name the thread's name
   * @param alive counts the session threads that run, this one until it ends
   */
  ServerSession(String name, AtomicInteger alive) {
    this.alive = alive;
    alive.incrementAndGet();
    thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
  }

  /** Runs {@code call} after the ones before it. */
  void submit(ServerCall call) {
    calls.add(call);
  }

  /** Ends the thread once the call it runs, if any, returns. */
  void end() {
    calls.add(END);
  }

  /** Ends the thread and interrupts the call it runs, if any (the manager shuts down). */
  void kill() {
    calls.add(END);
    thread.interrupt();
  }

  private void loop() {
    try {
      while (true) {
        Runnable next;
        try {
          next = calls.take();
        } catch (InterruptedException e) {
          continue; // a cancel that came late; END says when to stop
        }
        if (next == END) {
          return;
        }
        next.run();
      }
    } finally {
      alive.decrementAndGet();
    }
  }
}
