package dev.multiproc.sync;

import java.io.Serializable;
import java.time.Duration;

/** Tasks that tests run in child processes; static methods, so method references travel. */
final class SyncTasks {
  private SyncTasks() {}

  /** What a child needs besides the primitive under test. */
  record Job(SharedCounter counter, int times, Event ready) implements Serializable {}

  /** Increments {@code job.counter} {@code job.times} times, each under {@code lock}. */
  static void incrementUnderLock(MpLock lock, Job job) {
    job.ready().set();
    for (int i = 0; i < job.times(); i++) {
      try (var _ = lock.hold()) {
        job.counter().incrementUnsafely();
      }
    }
  }

  /** Takes {@code lock}, says so, then dies holding it (Runtime.halt: no cleanup runs). */
  static void acquireThenHalt(MpLock lock, Event acquired) {
    lock.lock();
    acquired.set();
    Runtime.getRuntime().halt(3);
  }

  /** Takes {@code lock}, says so, then sleeps until it is killed. */
  static void acquireThenSleep(MpLock lock, Event acquired) {
    lock.lock();
    acquired.set();
    sleep(Duration.ofMinutes(1));
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
