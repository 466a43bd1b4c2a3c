package dev.multiproc.internal.ipc;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.shm.SharedHandle;
import dev.multiproc.internal.shm.ShmMutex;
import dev.multiproc.ipc.ConnectionClosedException;
import java.io.Serial;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The segment behind a pipe: one {@link LockedRing} per direction and a record per end.
 *
 * <pre>
 *   DATA +  0  end 0: pid of the process using it (int), open copies (int)
 *        +  8  end 1: pid (int), open copies (int)
 *        + 64  ring 0: written by end 1, read by end 0
 *        + 64 + ring bytes   ring 1 (duplex only): written by end 0, read by end 1
 * </pre>
 *
 * <p>Several processes may hold and use one end: each direction has a writer lock and a reader
 * lock, so messages never interleave, and the rules of {@link LockedRing} apply when one of them
 * dies in the middle of a message: a reader's half-read message is dropped by the next reader,
 * which gets the next whole one; a writer's half-written message breaks that direction, and its
 * readers and writers are told so with the writer's pid.
 *
 * <p>An end is gone (its reader sees the end of the stream, its writer a closed pipe) once it
 * has no open copy or the process that last used it has ended. "Open copies" counts the
 * creator's object and every copy serialized for another process, and drops with each {@link
 * ShmConnection#close()}; the pid is claimed by the creator, by each process that receives the
 * end, and by a process that sends or receives with it.
 */
final class ShmPipe extends SharedHandle {
  @Serial private static final long serialVersionUID = 1L;

  /** Default bytes per direction; {@code -Dmultiproc.pipe.ringBytes} changes it. */
  static final long DEFAULT_RING_BYTES = Long.getLong("multiproc.pipe.ringBytes", 4L << 20);

  private static final long ENDS = DATA;
  private static final long RINGS = DATA + 64;

  private final boolean duplex;
  private final long ringBytes;
  private transient @Nullable LockedRing ring0;
  private transient @Nullable LockedRing ring1;

  /** In the creating process: how many of the two ends it made are still open. */
  private transient @Nullable AtomicInteger ownedOpen;

  ShmPipe(boolean duplex, long capacity) {
    super(SegmentKind.PIPE, 64 + (duplex ? 2 : 1) * LockedRing.bytesFor(capacity));
    this.duplex = duplex;
    this.ringBytes = LockedRing.bytesFor(capacity);
    var m = memory();
    LockedRing.init(m, RINGS, capacity);
    if (duplex) {
      LockedRing.init(m, RINGS + ringBytes, capacity);
    }
    for (int end = 0; end < 2; end++) {
      Memory.setIntVolatile(m, ENDS + 8L * end, ShmMutex.PID);
      Memory.setIntVolatile(m, ENDS + 8L * end + 4, 1);
    }
    ownedOpen = new AtomicInteger(2);
  }

  boolean duplex() {
    return duplex;
  }

  /** The ring {@code end} reads from, or null if it cannot read. */
  @Nullable LockedRing readRing(int end) {
    if (end == 1 && !duplex) {
      return null;
    }
    return ring(end);
  }

  /** The ring {@code end} writes to, or null if it cannot write. */
  @Nullable LockedRing writeRing(int end) {
    if (end == 0 && !duplex) {
      return null;
    }
    return ring(1 - end);
  }

  private LockedRing ring(int index) {
    LockedRing r = index == 0 ? ring0 : ring1;
    if (r == null) {
      r =
          new LockedRing(
              memory(), RINGS + index * ringBytes, LockedRing.Accounts.NONE, ShmPipe::broken);
      if (index == 0) {
        ring0 = r;
      } else {
        ring1 = r;
      }
    }
    return r;
  }

  int pid(int end) {
    return Memory.getIntVolatile(memory(), ENDS + 8L * end);
  }

  void claim(int end) {
    Memory.setIntVolatile(memory(), ENDS + 8L * end, ShmMutex.PID);
  }

  void addCopy(int end) {
    int ignored = Memory.getAndAddInt(memory(), ENDS + 8L * end + 4, 1);
  }

  /** One copy of {@code end} was closed; wakes everyone parked on the pipe. */
  void closeCopy(int end) {
    var m = memory();
    int ignored = Memory.getAndAddInt(m, ENDS + 8L * end + 4, -1);
    ring(0).ring().wakeAll();
    if (duplex) {
      ring(1).ring().wakeAll();
    }
    AtomicInteger owned = ownedOpen;
    if (owned != null && owned.decrementAndGet() == 0) {
      close(); // both ends made here are closed: unlink
    }
  }

  /** The error of a direction whose writer stopped in the middle of a message. */
  private static RuntimeException broken(int pid) {
    return new ConnectionClosedException(
        "the pipe is broken: the process at the other end (pid "
            + pid
            + ") stopped in the middle of a message");
  }

  /**
   * Whether every copy of {@code end} is closed.
   *
   * @return the exception for the other end to throw, or null while a copy is open
   */
  @Nullable RuntimeException closedEnd(int end) {
    if (Memory.getIntVolatile(memory(), ENDS + 8L * end + 4) <= 0) {
      return new ConnectionClosedException("the other end of the pipe was closed");
    }
    return null;
  }
}
