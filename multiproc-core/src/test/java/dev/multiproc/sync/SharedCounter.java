package dev.multiproc.sync;

import dev.multiproc.internal.shm.Futex;
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
    super(119, 8);
  }

  int get() {
    return (int) Futex.INT.getVolatile(memory(), DATA);
  }

  void set(int value) {
    Futex.INT.setVolatile(memory(), DATA, value);
  }

  /** Adds one the unsafe way: a plain read, a pause for other processes, a plain write. */
  void incrementUnsafely() {
    MemorySegment m = memory();
    int v = (int) Futex.INT.get(m, DATA);
    Thread.onSpinWait();
    Futex.INT.set(m, DATA, v + 1);
  }

  /** Adds one atomically. */
  int incrementAndGet() {
    return (int) Futex.INT.getAndAdd(memory(), DATA, 1) + 1;
  }
}
