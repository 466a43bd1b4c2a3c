package dev.multiproc.internal.ipc;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.shm.SharedHandle;
import dev.multiproc.internal.shm.ShmLayout;
import dev.multiproc.internal.shm.ShmMutex;
import dev.multiproc.ipc.ConnectionClosedException;
import java.io.Serial;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The segment behind a pipe: one {@link LockedRing} per direction and a record per end.
 *
 * <p>Its words after the header are {@link #LAYOUT}: the rings follow, ring 0 (written by end 1,
 * read by end 0), then in a duplex pipe ring 1 (written by end 0, read by end 1).
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

  /** A record of one end. */
  static final ShmLayout END =
      ShmLayout.of("ShmPipe end")
          .int32("pid", "the process that last used the end")
          .int32("open", "open copies of the end")
          .build();

  /** The pipe's words, after the header. */
  static final ShmLayout LAYOUT =
      ShmLayout.of("ShmPipe")
          .table("ends", 2, END, "end 0, end 1")
          .align(64)
          .rest("rings", 64, "one LockedRing per direction: ring 0, then ring 1 if duplex")
          .build();

  private static final long ENDS = DATA + LAYOUT.offset("ends");
  private static final long RINGS = DATA + LAYOUT.offset("rings");
  private static final long END_PID = END.offset("pid");
  private static final long END_OPEN = END.offset("open");

  private final boolean duplex;
  private final long ringBytes;
  private transient @Nullable LockedRing ring0;
  private transient @Nullable LockedRing ring1;

  /** In the creating process: how many of the two ends it made are still open. */
  private transient @Nullable AtomicInteger ownedOpen;

  ShmPipe(boolean duplex, long capacity) {
    super(SegmentKind.PIPE, LAYOUT.size() + (duplex ? 2 : 1) * LockedRing.bytesFor(capacity));
    this.duplex = duplex;
    this.ringBytes = LockedRing.bytesFor(capacity);
    var m = memory();
    LockedRing.init(m, RINGS, capacity);
    if (duplex) {
      LockedRing.init(m, RINGS + ringBytes, capacity);
    }
    for (int end = 0; end < 2; end++) {
      Memory.setIntVolatile(m, ENDS + END.size() * end + END_PID, ShmMutex.PID);
      Memory.setIntVolatile(m, ENDS + END.size() * end + END_OPEN, 1);
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
    return Memory.getIntVolatile(memory(), ENDS + END.size() * end + END_PID);
  }

  void claim(int end) {
    Memory.setIntVolatile(memory(), ENDS + END.size() * end + END_PID, ShmMutex.PID);
  }

  void addCopy(int end) {
    int ignored = Memory.getAndAddInt(memory(), ENDS + END.size() * end + END_OPEN, 1);
  }

  /** One copy of {@code end} was closed; wakes everyone parked on the pipe. */
  void closeCopy(int end) {
    var m = memory();
    int ignored = Memory.getAndAddInt(m, ENDS + END.size() * end + END_OPEN, -1);
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
    if (Memory.getIntVolatile(memory(), ENDS + END.size() * end + END_OPEN) <= 0) {
      return new ConnectionClosedException("the other end of the pipe was closed");
    }
    return null;
  }
}
