package dev.multiproc.internal.ipc;

import dev.multiproc.internal.shm.Futex;
import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.ShmLayout;
import dev.multiproc.internal.shm.ShmMutex;
import java.lang.foreign.MemorySegment;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ByteRing} that any number of processes write and read: a writer lock and a reader lock
 * ({@link ShmMutex} words, taken over when their holder's process dies), and for each side a
 * record of the message its holder is in the middle of, so that whoever takes a lock next can
 * repair what a holder that went away left. The carrier of every queue and pipe direction.
 *
 * <p>Its words are {@link #LAYOUT}: the writer's cache line, the reader's, the broken message's (a
 * line of its own: readers look at it whenever the ring is empty, writers write their line),
 * then the ring.
 *
 * <p>A holder writes its record before the message's first byte moves and clears it after its
 * last, with the owner's counts updated in between; the tag is what the owner needs to set those
 * counts again (a queue's count of items put, or got and dropped, before this message). A record
 * found by the next holder of the lock belongs to a holder that died (or threw an {@link Error})
 * in the middle. The recovery rules, applied at once by the next holder:
 *
 * <ul>
 *   <li>A writer's message not begun (tail at its start): nothing is in the ring; the owner takes
 *       back what it counted ({@link Accounts#writerFound}, written = false).
 *   <li>A writer's message whole (tail at its end): it stays; the owner counts it.
 *   <li>A writer's message half written (only a message larger than the ring streams, so only it
 *       can be): its readers can never have it whole, so the ring is marked broken with the
 *       writer's pid and where the message was cut. A writer that gives up in the middle (its
 *       peer went away) marks it broken the same way. The reader that meets the cut message
 *       (reading it, or taking over from a reader that died in it) takes its bytes up to the
 *       cut and is told (the owner's error), the owner counts it got and dropped, and the ring
 *       is whole again: see {@link #awaitRepaired}.
 *   <li>A reader's message not begun (head at its start): it stays, whole, for the next reader.
 *   <li>A reader's message taken whole (head at its end): it is gone, as if the dead reader had
 *       returned it; the owner counts it got ({@link Accounts#readerFound}, dropped = false).
 *   <li>A reader's message half read: the next reader drops the rest of it as it comes (it
 *       waits for the writer to finish it, within its own deadline, resuming later if that
 *       passes) and reads the message after it. The owner counts it got and dropped. A reader
 *       never sees bytes from inside a message.
 *   <li>A removal ({@link #remove}) not finished: the message stays if it was not yet marked,
 *       else it is counted removed.
 * </ul>
 *
 * <p>A ring whose owner counts nothing ({@link Accounts#NONE}, a pipe) records only the messages
 * larger than the ring. One that fits is written whole before a single store of the tail makes
 * it visible, and consumed by a single store of the head: a holder that dies leaves it either
 * not there or whole, not begun or gone, which is what the next holder finds without a record,
 * and there are no counts to set again. That keeps the stores of a record off the path of every
 * small message.
 *
 * <p>Waits in the middle of a message cannot be interrupted (see {@link ByteRing}).
 */
final class LockedRing implements ByteRing.Reading {
  /** The words before the ring, from the base. */
  static final ShmLayout LAYOUT =
      ShmLayout.of("LockedRing")
          .int32("wLock", "writer lock: a ShmMutex word")
          .int64("wStart", "writer's message: its start + 1; 0 none")
          .int64("wEnd", "writer's message: its end")
          .int64("wTag", "writer's message: the owner's tag")
          .int32("wPid", "writer's message: the writer's pid")
          .align(64)
          .int32("rLock", "reader lock: a ShmMutex word")
          .int64("rStart", "reader's message: its start + 1; 0 none")
          .int64("rEnd", "reader's message: its end")
          .int64("rTag", "reader's message: the owner's tag")
          .int32("rMode", "reader's message: reading, dropping or removing")
          .int32("rPid", "reader's message: the reader's pid")
          .int32("removed", "messages marked removed and still in the ring")
          .align(64)
          .int32("broken", "pid of a writer that left a message half written, or 0")
          .int64("brokenStart", "that message's start + 1")
          .int64("brokenCut", "where it was cut")
          .align(64)
          .rest("ring", 64, "the ByteRing")
          .build();

  /** Bytes before the ring. */
  static final long HEADER_BYTES = LAYOUT.offset("ring");

  private static final long W_LOCK = LAYOUT.offset("wLock");
  private static final long W_START = LAYOUT.offset("wStart");
  private static final long W_END = LAYOUT.offset("wEnd");
  private static final long W_TAG = LAYOUT.offset("wTag");
  private static final long W_PID = LAYOUT.offset("wPid");
  private static final long BROKEN = LAYOUT.offset("broken");
  private static final long BROKEN_START = LAYOUT.offset("brokenStart");
  private static final long BROKEN_CUT = LAYOUT.offset("brokenCut");
  private static final long R_LOCK = LAYOUT.offset("rLock");
  private static final long R_START = LAYOUT.offset("rStart");
  private static final long R_END = LAYOUT.offset("rEnd");
  private static final long R_TAG = LAYOUT.offset("rTag");
  private static final long R_MODE = LAYOUT.offset("rMode");
  private static final long R_PID = LAYOUT.offset("rPid");
  private static final long REMOVED = LAYOUT.offset("removed");
  private static final int READING = 0;
  private static final int DROPPING = 1;
  private static final int REMOVING = 2;

  /** What the owner counts along with messages; called under the lock of that side. */
  interface Accounts {
    /** An owner that counts nothing. */
    Accounts NONE =
        new Accounts() {
          @Override
          public void writerFound(long tag, boolean written) {
            // nothing counted
          }

          @Override
          public void readerFound(long tag, boolean dropped) {
            // nothing counted
          }
        };

    /**
     * A writer's record was found: sets the owner's counts for its message, idempotently.
     *
     * @param tag the tag it recorded
     * @param written whether its message is in the ring (whole, or half if the ring is broken)
     */
    void writerFound(long tag, boolean written);

    /**
     * A reader's record was found and its message is gone: sets the owner's counts, idempotently.
     *
     * @param tag the tag it recorded
     * @param dropped whether nobody got the message (half read, or removed)
     */
    void readerFound(long tag, boolean dropped);
  }

  private final MemorySegment memory;
  private final long base;
  private final ByteRing ring;
  private final Accounts accounts;
  private final IntFunction<RuntimeException> brokenError;
  private final ByteRing.Peer writerPeer = this::writerGone;

  /** Whether the owner counts messages, so that every message needs its record. */
  private final boolean counted;

  /** The tag of the read under way; written under the reader lock. */
  private long readTag;

  /** Whether the write under way is recorded; written under the writer lock. */
  private boolean writeRecorded;

  /** Whether the read under way is recorded; written under the reader lock. */
  private boolean readRecorded;

  /**
   * Wraps a locked ring laid out at {@code base} (see {@link #init}).
   *
   * @param accounts the owner's counts
   * @param brokenError the error once a writer left a message half written, given its pid
   */
  LockedRing(
      MemorySegment memory,
      long base,
      Accounts accounts,
      IntFunction<RuntimeException> brokenError) {
    this.memory = memory;
    this.base = base;
    this.ring = new ByteRing(memory, base + HEADER_BYTES);
    this.accounts = accounts;
    this.brokenError = brokenError;
    this.counted = accounts != Accounts.NONE;
  }

  /** Whether a message of {@code bytes} ring bytes (header and padding included) needs a record. */
  private boolean needsRecord(long bytes) {
    return counted || bytes > ring.capacity();
  }

  /** Bytes a locked ring of {@code capacity} takes, headers included. */
  static long bytesFor(long capacity) {
    return HEADER_BYTES + ByteRing.bytesFor(capacity);
  }

  /** Lays out an empty locked ring in fresh (zeroed) memory. */
  static void init(MemorySegment memory, long base, long capacity) {
    ByteRing.init(memory, base + HEADER_BYTES, capacity);
  }

  ByteRing ring() {
    return ring;
  }

  private long getLong(long offset) {
    return Memory.getLongVolatile(memory, base + offset);
  }

  private void setLong(long offset, long value) {
    Memory.setLongRelease(memory, base + offset, value);
  }

  private int getInt(long offset) {
    return Memory.getIntVolatile(memory, base + offset);
  }

  private void setInt(long offset, int value) {
    Memory.setIntRelease(memory, base + offset, value);
  }

  /* ------------------------------- broken ------------------------------- */

  /** The pid of a writer that left a message half written, or 0. */
  int brokenBy() {
    return getInt(BROKEN);
  }

  /** Throws the owner's error if a writer left a message half written. */
  void checkNotBroken() {
    int pid = brokenBy();
    if (pid != 0) {
      throw brokenError.apply(pid);
    }
  }

  /**
   * Marks the ring broken by {@code pid}'s message, begun at {@code start} and cut at the tail;
   * under the writer lock, and once at a time (writers wait while it is broken).
   */
  private void markBroken(int pid, long start) {
    if (brokenBy() == 0) {
      setLong(BROKEN_START, start + 1);
      setLong(BROKEN_CUT, ring.tail());
      setInt(BROKEN, pid); // last: who sees the pid sees where
    }
    ring.wakeAll();
  }

  /** Whether the message at {@code start} is the cut one and the head is at its cut. */
  private boolean isCutAtHead(long start) {
    return brokenBy() != 0
        && getLong(BROKEN_START) == start + 1
        && getLong(BROKEN_CUT) == ring.head();
  }

  /**
   * After a read that threw, under the reader lock: if its message was the cut one and the head
   * is at the cut, the reader has met it (its caller is told by the exception): counts it got
   * and dropped, forgets the record and repairs the ring.
   */
  private void metCut() {
    long start = getLong(R_START) - 1;
    if (start < 0 || !isCutAtHead(start)) {
      return;
    }
    accounts.readerFound(getLong(R_TAG), true);
    setLong(R_START, 0);
    repaired();
  }

  /** The cut message is behind the head: the ring is whole again; wakes waiting writers. */
  private void repaired() {
    setLong(BROKEN_START, 0);
    setLong(BROKEN_CUT, 0);
    setInt(BROKEN, 0);
    Futex.wake(memory, base + BROKEN, Integer.MAX_VALUE);
  }

  /**
   * Under the writer lock: waits until the ring is not broken, that is until a reader has met
   * the cut message (nothing is written after a cut, so that a reader in the middle of the cut
   * message never reads on into the next).
   *
   * @return false if the deadline passed first
   */
  boolean awaitRepaired(long deadline) throws InterruptedException {
    while (true) {
      int pid = brokenBy();
      if (pid == 0) {
        return true;
      }
      long left = Parking.left(deadline);
      if (left == 0) {
        return false;
      }
      Futex.await(memory, base + BROKEN, pid, left);
      if (Thread.interrupted()) {
        throw new InterruptedException(
            "interrupted while waiting for a reader to meet a message cut by pid " + pid);
      }
    }
  }

  /**
   * The writer's side as a reader in the middle of a message sees it: gone once the ring is
   * broken, or once the writer lock's holder has died (the reader then takes the lock over and
   * applies the writer rules, which break the ring).
   */
  private @Nullable RuntimeException writerGone(boolean midMessage) {
    int pid = brokenBy();
    if (pid != 0) {
      return brokenError.apply(pid);
    }
    if (!midMessage) {
      return null;
    }
    // mid-message the writer holds the lock until its last byte (one that gives up says so)
    int holder = ShmMutex.holder(memory, base + W_LOCK);
    if (holder == 0 || holder == ShmMutex.PID || ShmMutex.processExists(holder)) {
      return null;
    }
    healWriter(); // or another process is doing so: its mark wakes this reader
    pid = brokenBy();
    return pid != 0 ? brokenError.apply(pid) : null;
  }

  /**
   * The peer a reader waits with: {@code owner}'s, and in the middle of a message the writer's
   * side ({@link #writerGone}) first.
   */
  ByteRing.Peer readerPeer(ByteRing.Peer owner) {
    return midMessage -> {
      RuntimeException gone = writerPeer.gone(midMessage);
      return gone != null ? gone : owner.gone(midMessage);
    };
  }

  /* ------------------------------- writing ------------------------------- */

  /**
   * Takes the writer lock and repairs what a writer that went away left.
   *
   * @return false if the deadline passed first
   */
  boolean lockWriter(long deadline) throws InterruptedException {
    if (ShmMutex.acquire(memory, base + W_LOCK, deadline, true) == ShmMutex.Acquired.TIMED_OUT) {
      return false;
    }
    if (getLong(W_START) != 0) {
      recoverWriter();
    }
    return true;
  }

  void unlockWriter() {
    ShmMutex.release(memory, base + W_LOCK);
  }

  private void recoverWriter() {
    long start = getLong(W_START) - 1;
    long end = getLong(W_END);
    long tag = getLong(W_TAG);
    long tail = ring.tail();
    if (tail == start) {
      accounts.writerFound(tag, false);
    } else {
      if (tail != end) {
        markBroken(getInt(W_PID), start);
      }
      accounts.writerFound(tag, true);
    }
    setLong(W_START, 0);
  }

  /**
   * Records the message about to be written; under the writer lock, before {@link #write}.
   *
   * @param len its payload bytes
   * @param tag what the owner needs to set its counts again
   */
  void beginWrite(int len, long tag) {
    long bytes = ByteRing.messageBytes(len);
    writeRecorded = needsRecord(bytes);
    if (!writeRecorded) {
      return;
    }
    long start = ring.tail();
    setLong(W_TAG, tag);
    setLong(W_END, start + bytes);
    setInt(W_PID, ShmMutex.PID);
    setLong(W_START, start + 1);
  }

  /** Forgets the record; after the message and the owner's counts. */
  void endWrite() {
    if (writeRecorded) {
      setLong(W_START, 0);
    }
  }

  /**
   * Writes the recorded message.
   *
   * @return false if the deadline passed before anything was written
   * @throws RuntimeException what {@code peer} says once it is gone; if that happens in the
   *     middle of the message, the ring is marked broken first
   */
  boolean write(byte[] src, int off, int len, long deadline, ByteRing.Peer peer)
      throws InterruptedException {
    try {
      return ring.write(src, off, len, deadline, peer);
    } catch (RuntimeException e) {
      // only a recorded message can be half written: one that fits is published whole or not
      long start = getLong(W_START) - 1;
      if (writeRecorded && ring.tail() != start) {
        markBroken(ShmMutex.PID, start);
      }
      throw e;
    }
  }

  /* ------------------------------- reading ------------------------------- */

  /**
   * Takes the reader lock and repairs what a reader that went away left (which may mean dropping
   * the rest of a half-read message as it comes).
   *
   * @param peer what {@link #read} would wait with
   * @return false if the deadline passed first (the lock is not held)
   */
  boolean lockReader(long deadline, ByteRing.Peer peer) throws InterruptedException {
    if (ShmMutex.acquire(memory, base + R_LOCK, deadline, true) == ShmMutex.Acquired.TIMED_OUT) {
      return false;
    }
    boolean ok = false;
    try {
      ok = getLong(R_START) == 0 || recoverReader(deadline, peer);
      return ok;
    } finally {
      if (!ok) {
        unlockReader();
      }
    }
  }

  void unlockReader() {
    ShmMutex.release(memory, base + R_LOCK);
  }

  /** @return false if the deadline passed while dropping (the record stays, for the next) */
  private boolean recoverReader(long deadline, ByteRing.Peer peer) throws InterruptedException {
    long start = getLong(R_START) - 1;
    long end = getLong(R_END);
    long tag = getLong(R_TAG);
    int mode = getInt(R_MODE);
    long head = ring.head();
    if (mode == REMOVING) {
      if (ring.removedAt(start)) {
        accounts.readerFound(tag, true);
      }
    } else if (mode == READING && head == end) {
      accounts.readerFound(tag, false);
    } else if (mode == DROPPING || head != start) {
      setInt(R_MODE, DROPPING);
      try {
        if (!ring.discard(end, deadline, peer)) {
          return false;
        }
      } catch (RuntimeException e) {
        if (!isCutAtHead(start)) {
          throw e;
        }
        repaired(); // the dead reader met the cut message: nobody is left to tell
      }
      accounts.readerFound(tag, true);
    }
    setLong(R_START, 0);
    skipRemoved();
    return true;
  }

  /** The tag for {@link #begin}, set before {@link ByteRing#read}. */
  @Override
  public void begin(long start, long end) {
    readRecorded = needsRecord(end - start);
    if (!readRecorded) {
      return;
    }
    setLong(R_TAG, readTag);
    setLong(R_END, end);
    setInt(R_MODE, READING);
    setInt(R_PID, ShmMutex.PID);
    setLong(R_START, start + 1);
  }

  /**
   * Reads one message, recorded with {@code tag}; under the reader lock. Call {@link #endRead}
   * after the owner's counts, if a message came.
   *
   * @return the message, or null if the deadline passed before one began
   */
  byte @Nullable [] read(long deadline, ByteRing.Peer peer, long tag) throws InterruptedException {
    readTag = tag;
    try {
      return ring.read(deadline, peer, this);
    } catch (RuntimeException e) {
      metCut();
      throw e;
    }
  }

  /** Forgets the read's record; after the owner's counts. */
  void endRead() {
    if (readRecorded) {
      setLong(R_START, 0);
    }
    skipRemoved();
  }

  private void skipRemoved() {
    if (getInt(REMOVED) > 0) {
      ring.skipRemoved();
      if (ring.available() == 0) {
        setInt(REMOVED, 0);
      }
    }
  }

  /**
   * Removes the whole message at {@code position} where it stands, if it is still there; under
   * the reader lock.
   *
   * @param tag what the owner needs to set its counts again
   * @param removed the owner's counts for a removed message, run before the record is cleared
   * @return whether it was there
   */
  boolean remove(long position, long tag, Runnable removed) {
    setLong(R_TAG, tag);
    setInt(R_MODE, REMOVING);
    setInt(R_PID, ShmMutex.PID);
    setLong(R_START, position + 1);
    setInt(REMOVED, getInt(REMOVED) + 1);
    boolean there = ring.markRemoved(position) >= 0;
    if (there) {
      removed.run();
    }
    setLong(R_START, 0);
    ring.skipRemoved();
    if (ring.available() == 0) {
      setInt(REMOVED, 0);
    }
    return there;
  }

  /**
   * Repairs without waiting what a holder whose process died left, if the lock is free to take
   * over: for a count asked for while no writer or reader comes.
   *
   * @param peer what a reader waits with
   */
  void heal(ByteRing.Peer peer) {
    if (deadHolder(W_LOCK)) {
      healWriter();
    }
    if (deadHolder(R_LOCK)
        && ShmMutex.tryAcquire(memory, base + R_LOCK) != ShmMutex.Acquired.TIMED_OUT) {
      try {
        if (getLong(R_START) != 0) {
          recoverReader(System.nanoTime(), peer);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException brokenOrClosed) {
        // the next reader is told
      } finally {
        unlockReader();
      }
    }
  }

  /** Takes the writer lock over from a dead holder, if free to, and repairs what it left. */
  private void healWriter() {
    if (ShmMutex.tryAcquire(memory, base + W_LOCK) != ShmMutex.Acquired.TIMED_OUT) {
      try {
        if (getLong(W_START) != 0) {
          recoverWriter();
        }
      } finally {
        unlockWriter();
      }
    }
  }

  private boolean deadHolder(long lock) {
    int holder = ShmMutex.holder(memory, base + lock);
    return holder != 0 && holder != ShmMutex.PID && !ShmMutex.processExists(holder);
  }
}
