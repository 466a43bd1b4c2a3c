package dev.multiproc.internal.ipc;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.ipc.JoinableMpQueue;
import java.io.Serial;
import java.lang.foreign.MemorySegment;

/**
 * {@link JoinableMpQueue} over shared memory: a {@link ShmQueue} whose unfinished tasks are the
 * items put less the {@link #taskDone()} calls (a counter {@link #join()} parks on) and less the
 * items nobody got (removed, or dropped after their consumer died half way through them).
 *
 * <p>A consumer that dies after getting an item whole, before its {@code taskDone()}, leaves that
 * task unfinished, as in Python: the queue cannot tell whether the item was dealt with.
 *
 * @param <E> the item type
 */
final class ShmJoinableQueue<E> extends ShmQueue<E> implements JoinableMpQueue<E> {
  @Serial private static final long serialVersionUID = 1L;

  ShmJoinableQueue(int maxsize, long ringBytes) {
    super(SegmentKind.JOINABLE_QUEUE, maxsize, ringBytes);
  }

  @Override
  public void taskDone() {
    MemorySegment m = mem();
    while (true) {
      int done = Memory.getIntVolatile(m, DONE);
      int unfinished = unfinished(m);
      if (unfinished <= 0) {
        throw new IllegalStateException("taskDone() called too many times: no unfinished task");
      }
      if (Memory.compareAndSetInt(m, DONE, done, done + 1)) {
        if (unfinished == 1) {
          Parking.wakeIfWaiting(m, DONE, JOIN_PARKED);
        }
        return;
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Each slice of the wait also repairs after a consumer that died half way through an item,
   * so that its dropped task does not keep the join waiting.
   */
  @Override
  public void join() throws InterruptedException {
    MemorySegment m = mem();
    while (true) {
      count(); // repairs after a dead holder
      int done = Memory.getIntVolatile(m, DONE);
      if (unfinished(m) <= 0) {
        return;
      }
      Parking.park(m, DONE, done, JOIN_PARKED, Long.MAX_VALUE);
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted in join()");
      }
    }
  }

  /** Removes every item without getting it: their tasks count as done (nobody will get them). */
  @Override
  public void clear() {
    while (poll() != null) {
      taskDone();
    }
  }
}
