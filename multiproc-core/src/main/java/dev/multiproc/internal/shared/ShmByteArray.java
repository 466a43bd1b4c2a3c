package dev.multiproc.internal.shared;

import dev.multiproc.shared.SharedByteArray;
import dev.multiproc.sync.RLock;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/** {@link SharedByteArray} in shared memory: the length, then the elements. */
public final class ShmByteArray extends ShmValue implements SharedByteArray {
  @Serial private static final long serialVersionUID = 1L;
  private static final int KIND = 313;
  private static final long ELEMENTS = DATA + 8;

  /** The number of elements. */
  private final int length;

  /**
   * Creates the array.
   *
   * @param values its elements
   * @param lock its lock, or null for a raw array
   */
  public ShmByteArray(byte[] values, @Nullable RLock lock) {
    super(KIND, 8 + ((values.length + 3L) & ~3L), lock); // whole ints, for the byte CAS
    this.length = values.length;
    setAll(values);
  }

  @Override
  public int length() {
    return length;
  }

  private long offset(int index) {
    if (index < 0 || index >= length) {
      throw outOfRange(index, length);
    }
    return ELEMENTS + index;
  }

  @Override
  public byte get(int index) {
    return (byte) BYTE.getVolatile(memory(), offset(index));
  }

  @Override
  public void set(int index, byte value) {
    BYTE.setVolatile(memory(), offset(index), value);
  }

  @Override
  public boolean compareAndSet(int index, byte expected, byte value) {
    long at = offset(index);
    long word = at & ~3L;
    int shift = (int) (at - word) * 8; // little-endian, as x86-64 and AArch64 Linux
    while (true) {
      int current = (int) INT.getVolatile(memory(), word);
      if ((byte) (current >>> shift) != expected) {
        return false;
      }
      int next = (current & ~(0xFF << shift)) | ((value & 0xFF) << shift);
      if (INT.compareAndSet(memory(), word, current, next)) {
        return true;
      }
    }
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

  @Override
  public byte[] toArray() {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = get(i);
    }
    return out;
  }

  @Override
  public void setAll(byte... values) {
    if (values.length > length) {
      throw new IndexOutOfBoundsException(values.length + " values do not fit a shared array of "
          + "length " + length);
    }
    for (int i = 0; i < values.length; i++) {
      set(i, values[i]);
    }
  }
}
