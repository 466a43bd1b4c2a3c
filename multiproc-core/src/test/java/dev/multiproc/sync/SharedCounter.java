package dev.multiproc.sync;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.shm.SharedHandle;
import java.io.Serial;
import java.lang.foreign.MemorySegment;

/**
 * An int in shared memory for tests, updated with plain (non-atomic) read-then-write, so that
 * processes updating it without a lock lose updates, and with one do not.
 */
final class SharedCounter extends SharedHandle {
  @Serial private static final long serialVersionUID = 1L;

  SharedCounter() {
    super(SegmentKind.TEST_COUNTER, 8);
  }

  int get() {
    return Memory.getIntVolatile(memory(), DATA);
  }

  void set(int value) {
    Memory.setIntVolatile(memory(), DATA, value);
  }

  /** Adds one the unsafe way: a plain read, a pause for other processes, a plain write. */
  void incrementUnsafely() {
    MemorySegment m = memory();
    int v = Memory.getInt(m, DATA);
    Thread.onSpinWait();
    Memory.setInt(m, DATA, v + 1);
  }

  /** Adds one atomically. */
  int incrementAndGet() {
    return Memory.getAndAddInt(memory(), DATA, 1) + 1;
  }

  /** Adds {@code delta} atomically. */
  int addAndGet(int delta) {
    return Memory.getAndAddInt(memory(), DATA, delta) + delta;
  }

  /** Raises the value to {@code candidate} if it is lower. */
  void max(int candidate) {
    MemorySegment m = memory();
    int v;
    while ((v = Memory.getIntVolatile(m, DATA)) < candidate
        && !Memory.compareAndSetInt(m, DATA, v, candidate)) {
      Thread.onSpinWait();
    }
  }

  /** Waits until the value is {@code expected}, polling; false after {@code timeout}. */
  boolean awaitValue(int expected, java.time.Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (get() != expected) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }
}
