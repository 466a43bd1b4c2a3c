package dev.multiproc.internal.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** A growable byte array with big-endian writes: the output of {@link TaggedCodec}. */
public final class ByteWriter {
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private byte[] bytes;
  private int size;

  /**
   * Creates a writer.
   *
   * @param capacity the initial capacity
   */
  public ByteWriter(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }

  /**
   * Writes one byte.
   *
   * @param b the byte
   */
  public void put(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  /**
   * Writes an int.
   *
   * @param v the value
   */
  public void putInt(int v) {
    ensure(4);
    INT.set(bytes, size, v);
    size += 4;
  }

  /**
   * Writes a long.
   *
   * @param v the value
   */
  public void putLong(long v) {
    ensure(8);
    LONG.set(bytes, size, v);
    size += 8;
  }

  /**
   * Writes bytes.
   *
   * @param b the bytes
   */
  public void put(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, bytes, size, b.length);
    size += b.length;
  }

  /**
   * Returns how many bytes were written.
   *
   * @return the size
   */
  public int size() {
    return size;
  }

  /**
   * Forgets what was written after {@code position}.
   *
   * @param position a size returned earlier
   */
  public void truncate(int position) {
    size = position;
  }

  /**
   * Returns a copy of what was written.
   *
   * @return the bytes
   */
  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }
}
