package dev.multiproc.internal.manager;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Notices caller threads that ended, so that their sessions in managers end too: the one thread
 * that looks, about once a second, at the threads that hold a session (a thread that ended, or
 * was collected, has none any more) and tells each manager which ended. It runs only while some
 * session is alive, and ends when none is left.
 *
 * <p>Java has no hook for "this thread ended" that works for platform and virtual threads alike;
 * a look once a second costs one {@link Thread#isAlive()} per live session.
 */
final class CallerThreads {
  /** How often ended threads are looked for. */
  static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final ReentrantLock LOCK = new ReentrantLock();
  private static final Condition WORK = LOCK.newCondition();
  private static boolean running;

  private CallerThreads() {}

  /** Makes sure the watcher runs: a session was just made. */
  static void watch() {
    LOCK.lock();
    try {
      if (!running) {
        running = true;
        Thread.ofPlatform().daemon().name("multiproc-manager-callers").start(CallerThreads::loop);
      }
    } finally {
      LOCK.unlock();
    }
  }

  private static void loop() {
    while (true) {
      LOCK.lock();
      try {
        WORK.awaitNanos(PERIOD_NANOS);
      } catch (InterruptedException e) {
        // a daemon of the library: nobody interrupts it on purpose; look now
      } finally {
        LOCK.unlock();
      }
      boolean any = false;
      for (ClientPool pool : ClientPool.all()) {
        pool.sweep();
        any |= !pool.sessions.isEmpty();
      }
      LOCK.lock();
      try {
        if (!any && noSessions()) {
          running = false;
          return;
        }
      } finally {
        LOCK.unlock();
      }
    }
  }

  private static boolean noSessions() {
    for (ClientPool pool : ClientPool.all()) {
      if (!pool.sessions.isEmpty()) {
        return false;
      }
    }
    return true;
  }
}
