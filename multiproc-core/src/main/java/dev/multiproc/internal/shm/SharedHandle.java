package dev.multiproc.internal.shm;

import dev.multiproc.shared.SharedMemoryException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The base of every library object that lives in a shared-memory segment of its own (locks,
 * events, queues, values …) and can be passed to another process as a task argument.
 *
 * <p>The segment starts with a 64-byte header (a magic number and the object's kind, so
 * attaching the wrong kind fails clearly); the object's own words start at {@link #DATA}. The
 * creating process owns the segment: {@link #close()}, or the object becoming unreachable there,
 * unlinks it, and the resource tracker removes it if the process ends first. A copy received by
 * another process attaches by name (once per process, see {@link Attachments}) and never
 * unlinks; its mapping goes when its last copy is unreachable.
 */
public abstract class SharedHandle implements Serializable, AutoCloseable {
  @Serial private static final long serialVersionUID = 1L;

  /** The header before the subclass's words, a cache line of its own. */
  public static final ShmLayout HEADER =
      ShmLayout.of("SharedHandle header")
          .int32("magic", "0x4D505348 (\"MPSH\"), written last")
          .int32("kind", "the SegmentKind number of the type")
          .align(64)
          .build();

  /** Where the subclass's words begin. */
  protected static final long DATA = HEADER.size();

  private static final long MAGIC_AT = HEADER.offset("magic");
  private static final long KIND_AT = HEADER.offset("kind");
  private static final int MAGIC = 0x4D50_5348; // "MPSH"
  private static final Cleaner CLEANER = Cleaner.create();

  private final String segmentName;
  private final int kind;
  private transient Segment segment;
  private transient Cleaner.@Nullable Cleanable unlinkOnGc;
  private transient AtomicBoolean closed = new AtomicBoolean();

  /**
   * Creates the object's segment in this process, which owns it.
   *
   * @param kind the subclass's kind, whose number the header records
   * @param dataBytes how many bytes the subclass needs after the header (its layout's size)
   */
  protected SharedHandle(SegmentKind kind, long dataBytes) {
    this.kind = kind.number();
    this.segment =
        Segment.create(Segment.newName(), DATA + dataBytes, true, Segment.Lifetime.COLLECTED);
    this.segmentName = segment.name();
    MemorySegment m = segment.memory();
    Memory.setInt(m, KIND_AT, this.kind);
    Memory.setIntVolatile(m, MAGIC_AT, MAGIC);
    String name = segmentName;
    this.unlinkOnGc = CLEANER.register(this, () -> Segment.unlink(name));
  }

  /**
   * Returns the object's shared memory.
   *
   * @return the memory, header included
   * @throws IllegalStateException if this object was closed
   */
  protected final MemorySegment memory() {
    if (closed.get()) {
      throw new IllegalStateException(
          getClass().getSimpleName() + " " + segmentName + " is closed");
    }
    return segment.memory();
  }

  /**
   * Returns the name of the object's segment, which identifies it across processes.
   *
   * @return the name
   */
  public final String segmentName() {
    return segmentName;
  }

  /**
   * Whether this copy was created here (and so removes the segment when closed).
   *
   * @return true in the creating process
   */
  protected final boolean isOwner() {
    return unlinkOnGc != null;
  }

  /**
   * Ends this copy. In the creating process the segment is unlinked: copies that other
   * processes already hold keep working, new copies can no longer attach. Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && unlinkOnGc != null) {
      unlinkOnGc.clean();
    }
  }

  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    closed = new AtomicBoolean();
    try {
      segment = Attachments.attach(segmentName);
    } catch (SharedMemoryException e) {
      var invalid =
          new InvalidObjectException(
              getClass().getSimpleName() + " cannot be received: " + e.getMessage());
      invalid.initCause(e);
      throw invalid;
    }
    MemorySegment m = segment.memory();
    if (m.byteSize() < DATA
        || Memory.getIntVolatile(m, MAGIC_AT) != MAGIC
        || Memory.getInt(m, KIND_AT) != kind) {
      throw new InvalidObjectException(
          "shared memory '" + segmentName + "' does not hold a " + getClass().getSimpleName());
    }
  }
}
