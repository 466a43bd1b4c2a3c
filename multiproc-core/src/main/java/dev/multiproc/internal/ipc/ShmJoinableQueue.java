package dev.multiproc.internal.ipc;

import dev.multiproc.internal.shm.Futex;
import dev.multiproc.ipc.JoinableMpQueue;
import java.io.Serial;
import java.lang.foreign.MemorySegment;

/**
 * {@link JoinableMpQueue} over shared memory: a {@link ShmQueue} whose puts also count
 * unfinished tasks in a word that {@link #join()} parks on.
 *
 * @param <E> the item type
 */
final class ShmJoinableQueue<E> extends ShmQueue<E> implements JoinableMpQueue<E> {
  @Serial private static final long serialVersionUID = 1L;
  static final int KIND = 202;

  ShmJoinableQueue(int maxsize, long ringBytes) {
    super(KIND, maxsize, ringBytes);
  }

  @Override
  boolean joinable() {
    return true;
  }

  @Override
  public void taskDone() {
    MemorySegment m = mem();
    while (true) {
      int unfinished = (int) Futex.INT.getVolatile(m, UNFINISHED);
      if (unfinished <= 0) {
        throw new IllegalStateException("taskDone() called too many times: no unfinished task");
      }
      if (Futex.INT.compareAndSet(m, UNFINISHED, unfinished, unfinished - 1)) {
        if (unfinished == 1) {
          Parking.wakeIfWaiting(m, UNFINISHED, JOIN_PARKED);
        }
        return;
      }
    }
  }

  @Override
  public void join() throws InterruptedException {
    MemorySegment m = mem();
    while (true) {
      int unfinished = (int) Futex.INT.getVolatile(m, UNFINISHED);
      if (unfinished <= 0) {
        return;
      }
      Parking.park(m, UNFINISHED, unfinished, JOIN_PARKED, Long.MAX_VALUE);
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted in join()");
      }
    }
  }
}
