package dev.multiproc.internal.shared;

import dev.multiproc.internal.shm.Memory;
import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.internal.sync.ShmRLock;
import dev.multiproc.shared.SharedByteArray;
import java.io.Serial;
import java.lang.foreign.ValueLayout;
import org.jspecify.annotations.Nullable;

/** {@link SharedByteArray} in shared memory. */
public final class ShmByteArray extends ShmArray implements SharedByteArray {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the array.
   *
   * @param values its elements
   * @param lock its lock, or null for a raw array
   */
  public ShmByteArray(byte[] values, @Nullable ShmRLock lock) {
    super(SegmentKind.BYTE_ARRAY, values.length, 1, lock);
    setAll(values);
  }

  @Override
  public byte get(int index) {
    return Memory.getByteVolatile(memory(), offset(index));
  }

  @Override
  public void set(int index, byte value) {
    Memory.setByteVolatile(memory(), offset(index), value);
  }

  @Override
  public boolean compareAndSet(int index, byte expected, byte value) {
    long at = offset(index);
    long word = at & ~3L;
    int shift = (int) (at - word) * 8; // little-endian, as x86-64 and AArch64 Linux
    while (true) {
      int current = Memory.getIntVolatile(memory(), word);
      if ((byte) (current >>> shift) != expected) {
        return false;
      }
      int next = (current & ~(0xFF << shift)) | ((value & 0xFF) << shift);
      if (Memory.compareAndSetInt(memory(), word, current, next)) {
        return true;
      }
    }
  }

  @Override
  public byte[] toArray() {
    return elements().toArray(ValueLayout.JAVA_BYTE);
  }

  @Override
  public void setAll(byte... values) {
    copyIn(values, ValueLayout.JAVA_BYTE, values.length);
  }

  @Override
  public byte addAndGet(int index, byte delta) {
    while (true) {
      byte current = get(index);
      byte next = (byte) (current + delta);
      if (compareAndSet(index, current, next)) {
        return next;
      }
    }
  }
}
