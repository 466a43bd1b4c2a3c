package dev.multiproc.sync;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;

/** Tasks that tests run in child processes; static methods, so method references travel. */
// The tasks wait once (the test counts who woke) and hold locks until their process dies.
@SuppressWarnings({"WaitNotInLoop", "LockNotBeforeTry"})
final class SyncTasks {
  static final Duration LONG = Duration.ofSeconds(30);

  private SyncTasks() {}

  /** What a child needs besides the primitive under test: all parties start together. */
  record Job(SharedCounter counter, int times, Barrier start) implements Serializable {}

  /**
   * Increments {@code job.counter} {@code job.times} times, each under {@code lock}, starting
   * together with the other parties, so that without the lock increments would be lost.
   */
  static void incrementUnderLock(MpLock lock, Job job) {
    try {
      job.start().await(LONG);
    } catch (InterruptedException | BrokenBarrierException e) {
      throw new IllegalStateException(e);
    }
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

  /** Takes {@code lock} twice (an RLock), says so, then halts holding it. */
  static void acquireTwiceThenHalt(MpLock lock, Event acquired) {
    lock.lock();
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

  /** Takes a permit, says so, then sleeps until it is killed. */
  static void takePermitThenSleep(MpSemaphore semaphore, Event acquired) {
    semaphore.hold();
    acquired.set();
    sleep(Duration.ofMinutes(1));
  }

  /** Records in {@code job.counter} the most holders of a permit seen at once. */
  record Occupancy(SharedCounter inside, SharedCounter most, Event ready) implements Serializable {}

  static void occupy(MpSemaphore semaphore, Occupancy o) {
    o.ready().set();
    for (int i = 0; i < 30; i++) {
      try (var _ = semaphore.hold()) {
        o.most().max(o.inside().addAndGet(1));
        sleep(Duration.ofMillis(1));
        o.inside().addAndGet(-1);
      }
    }
  }

  /** Waits on {@code cond} once, with its lock held; counts waiting and woken in the job. */
  record Waiting(SharedCounter waiting, SharedCounter woken) implements Serializable {}

  static void awaitSignal(MpCondition cond, Waiting w) {
    try (var _ = cond.hold()) {
      w.waiting().addAndGet(1);
      if (cond.await(LONG)) {
        w.woken().addAndGet(1);
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static final int ROUNDS = 200;

  /** Answers each set of {@code ping} by setting {@code pong}, {@link #ROUNDS} times. */
  static void pong(Event ping, Event pong) {
    try {
      for (int i = 0; i < ROUNDS; i++) {
        if (!ping.await(LONG)) {
          throw new IllegalStateException("no ping in round " + i);
        }
        ping.clear();
        pong.set();
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sets {@code event} after a pause. */
  static void setLater(Event event) {
    sleep(Duration.ofMillis(100));
    event.set();
  }

  /** Passes {@code barrier} {@code generations} times, adding 1 &lt;&lt; (8 * index) each time. */
  static void passBarrier(Barrier barrier, SharedCounter indices) {
    try {
      for (int g = 0; g < 3; g++) {
        indices.addAndGet(1 << (8 * barrier.await(LONG)));
      }
    } catch (InterruptedException | BrokenBarrierException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits at {@code barrier}; sets {@code outcome} to 1 if it broke, 2 if it was released. */
  static void awaitBroken(Barrier barrier, SharedCounter outcome) {
    try {
      barrier.await(LONG);
      outcome.set(2);
    } catch (BrokenBarrierException e) {
      outcome.set(1);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
