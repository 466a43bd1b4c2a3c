package dev.multiproc.internal.shared;

import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.shm.ShmLayout;
import dev.multiproc.internal.sync.ShmRLock;
import dev.multiproc.shared.SharedArray;
import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * What the shared arrays share: their layout (the elements from {@link #ELEMENTS}, padded to whole
 * ints so a byte can be compared-and-set through its int), bounds checks, and bulk copies.
 */
abstract class ShmArray extends ShmValue implements SharedArray {
  @Serial private static final long serialVersionUID = 1L;

  /** An array's words, after the header: the elements run to the end of the segment. */
  static final ShmLayout LAYOUT =
      ShmLayout.of("ShmArray")
          .bytes("reserved", 8, 8, "unused")
          .rest("elements", 8, "length x element size bytes, padded to whole ints")
          .build();

  /** Where the elements start. */
  static final long ELEMENTS = DATA + LAYOUT.offset("elements");

  /** The number of elements. */
  private final int length;

  private final int elementBytes;

  ShmArray(SegmentKind kind, int length, int elementBytes, @Nullable ShmRLock lock) {
    super(kind, LAYOUT.size() + ((long) length * elementBytes + 3 & ~3L), lock);
    this.length = length;
    this.elementBytes = elementBytes;
  }

  @Override
  public final int length() {
    return length;
  }

  /** The offset of element {@code index}, after checking it. */
  final long offset(int index) {
    if (index < 0 || index >= length) {
      throw outOfRange(index, length);
    }
    return ELEMENTS + (long) elementBytes * index;
  }

  /** The elements, as one slice. */
  final MemorySegment elements() {
    return memory().asSlice(ELEMENTS, (long) length * elementBytes);
  }

  /** Copies {@code count} elements of {@code array} (a primitive array) in, then fences. */
  final void copyIn(Object array, ValueLayout layout, int count) {
    if (count > length) {
      throw new IndexOutOfBoundsException(
          count + " values do not fit a shared array of length " + length);
    }
    MemorySegment.copy(array, 0, memory(), layout, ELEMENTS, count);
    VarHandle.fullFence();
  }
}
