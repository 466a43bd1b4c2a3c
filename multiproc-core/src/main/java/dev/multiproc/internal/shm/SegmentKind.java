package dev.multiproc.internal.shm;

/**
 * Every kind of {@link SharedHandle} segment: the number written in the segment's header, and the
 * type it belongs to. A copy received by another process checks the number before it uses the
 * memory, so attaching the wrong kind fails clearly.
 *
 * <p>The numbers are in segments that processes of one program share: a number, once given, is
 * never changed or reused. Hundreds group the kinds: 1xx synchronisation, 2xx pipes and queues,
 * 30x shared values, 31x shared arrays.
 */
public enum SegmentKind {
  /** {@code dev.multiproc.internal.sync.ShmLock}. */
  LOCK(100, "dev.multiproc.internal.sync.ShmLock"),
  /** {@code dev.multiproc.internal.sync.ShmRLock}. */
  RLOCK(101, "dev.multiproc.internal.sync.ShmRLock"),
  /** {@code dev.multiproc.internal.sync.ShmSemaphore}. */
  SEMAPHORE(102, "dev.multiproc.internal.sync.ShmSemaphore"),
  /** {@code dev.multiproc.internal.sync.ShmBoundedSemaphore}. */
  BOUNDED_SEMAPHORE(103, "dev.multiproc.internal.sync.ShmBoundedSemaphore"),
  /** {@code dev.multiproc.internal.sync.ShmCondition}. */
  CONDITION(104, "dev.multiproc.internal.sync.ShmCondition"),
  /** {@code dev.multiproc.internal.sync.ShmEvent}. */
  EVENT(105, "dev.multiproc.internal.sync.ShmEvent"),
  /** {@code dev.multiproc.internal.sync.ShmBarrier}. */
  BARRIER(106, "dev.multiproc.internal.sync.ShmBarrier"),
  /** A counter of the library's own tests ({@code dev.multiproc.sync.SharedCounter}). */
  TEST_COUNTER(119, "dev.multiproc.sync.SharedCounter"),
  /** {@code dev.multiproc.internal.ipc.ShmPipe}. */
  PIPE(200, "dev.multiproc.internal.ipc.ShmPipe"),
  /** {@code dev.multiproc.internal.ipc.ShmQueue}, also inside a {@code ShmSimpleQueue}. */
  QUEUE(201, "dev.multiproc.internal.ipc.ShmQueue"),
  /** {@code dev.multiproc.internal.ipc.ShmJoinableQueue}. */
  JOINABLE_QUEUE(202, "dev.multiproc.internal.ipc.ShmJoinableQueue"),
  /** {@code dev.multiproc.internal.shared.ShmInt}. */
  INT(300, "dev.multiproc.internal.shared.ShmInt"),
  /** {@code dev.multiproc.internal.shared.ShmLong}. */
  LONG(301, "dev.multiproc.internal.shared.ShmLong"),
  /** {@code dev.multiproc.internal.shared.ShmDouble}. */
  DOUBLE(302, "dev.multiproc.internal.shared.ShmDouble"),
  /** {@code dev.multiproc.internal.shared.ShmIntArray}. */
  INT_ARRAY(310, "dev.multiproc.internal.shared.ShmIntArray"),
  /** {@code dev.multiproc.internal.shared.ShmLongArray}. */
  LONG_ARRAY(311, "dev.multiproc.internal.shared.ShmLongArray"),
  /** {@code dev.multiproc.internal.shared.ShmDoubleArray}. */
  DOUBLE_ARRAY(312, "dev.multiproc.internal.shared.ShmDoubleArray"),
  /** {@code dev.multiproc.internal.shared.ShmByteArray}. */
  BYTE_ARRAY(313, "dev.multiproc.internal.shared.ShmByteArray");

  private final int number;
  private final String type;

  SegmentKind(int number, String type) {
    this.number = number;
    this.type = type;
  }

  /**
   * Returns the number written in the segment's header.
   *
   * @return the number
   */
  public int number() {
    return number;
  }

  /**
   * Returns the binary name of the type whose segments are of this kind (a name, not a class:
   * this package sits below the types that use it).
   *
   * @return the type's name
   */
  public String type() {
    return type;
  }
}
