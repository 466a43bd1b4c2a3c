package dev.multiproc.contract;

import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedIntArray;
import dev.multiproc.sync.Barrier;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;

/**
 * What the contract tests run in "processes" and pools: static methods, so that method references
 * are serializable and run in worker JVMs as well as on threads.
 */
final class ContractTasks {
  private ContractTasks() {}

  static final Duration WAIT = Duration.ofSeconds(30);

  static void putRange(MpQueue<Integer> q, Integer n) {
    try {
      for (int i = 0; i < n; i++) {
        q.put(i);
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Gets {@code n} items and marks each done. */
  static void consume(JoinableMpQueue<Integer> q, Integer n) {
    try {
      for (int i = 0; i < n; i++) {
        q.get(WAIT);
        q.taskDone();
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Replies to each message with the message plus "!", until it gets "stop". */
  static void echo(Connection conn) {
    while (true) {
      Object m = conn.recv();
      if ("stop".equals(m)) {
        conn.close();
        return;
      }
      conn.send(m + "!");
    }
  }

  /** How many times each of two processes adds 1 in {@link #lockedIncrements}. */
  static final int INCREMENTS = 20_000;

  /**
   * Waits for the other process at {@code start}, then adds 1 to {@code v} {@link #INCREMENTS}
   * times, each a read and a write under {@code lock} (without it, updates get lost).
   */
  static void lockedIncrements(MpLock lock, SharedInt v, Barrier start) {
    try {
      start.await(WAIT);
    } catch (InterruptedException | BrokenBarrierException e) {
      throw new IllegalStateException(e);
    }
    for (int i = 0; i < INCREMENTS; i++) {
      lock.lock();
      try {
        v.set(v.get() + 1);
      } finally {
        lock.unlock();
      }
    }
  }

  static void set(Event e) {
    e.set();
  }

  /** Under the condition's lock: sets {@code v} to 1 and signals every waiter. */
  static void setAndSignal(MpCondition cond, SharedInt v) {
    try (var _ = cond.hold()) {
      v.set(1);
      cond.signalAll();
    }
  }

  /** Waits at the barrier and records its arrival index in {@code indices[slot]}. */
  static void awaitBarrier(Barrier b, SharedIntArray indices) {
    try {
      int index = b.await(WAIT);
      indices.addAndGet(index, 1);
    } catch (InterruptedException | BrokenBarrierException e) {
      throw new IllegalStateException(e);
    }
  }

  static long signalThenSleep(Event started) {
    started.set();
    return sleep(20_000);
  }

  static void fail() {
    throw new IllegalStateException("failing on purpose");
  }

  static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static void doNothing() {
    // exits 0
  }

  static int square(int x) {
    return x * x;
  }

  static int power(int base, int exp) {
    return (int) Math.pow(base, exp);
  }

  static int throwIllegalArgument(int x) {
    throw new IllegalArgumentException("bad x=" + x);
  }

  static long sleep(long millis) {
    sleepMillis(millis);
    return millis;
  }

  static long pid(int ignored) {
    return ProcessHandle.current().pid();
  }
}
