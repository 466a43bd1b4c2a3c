package dev.multiproc.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Reads what a {@link ByteWriter} wrote. */
public final class ByteReader {
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] bytes;
  private int position;

  /**
   * Reads {@code bytes} from {@code position}.
   *
   * @param bytes the bytes
   * @param position where to start
   */
  public ByteReader(byte[] bytes, int position) {
    this.bytes = bytes;
    this.position = position;
  }

  /**
   * Reads one unsigned byte.
   *
   * @return the byte
   */
  public int get() {
    check(1);
    return bytes[position++] & 0xff;
  }

  /**
   * Reads an int.
   *
   * @return the value
   */
  public int getInt() {
    check(4);
    int v = (int) INT.get(bytes, position);
    position += 4;
    return v;
  }

  /**
   * Reads a long.
   *
   * @return the value
   */
  public long getLong() {
    check(8);
    long v = (long) LONG.get(bytes, position);
    position += 8;
    return v;
  }

  /**
   * Reads {@code length} bytes.
   *
   * @param length how many
   * @return a copy
   */
  public byte[] get(int length) {
    check(length);
    byte[] b = Arrays.copyOfRange(bytes, position, position + length);
    position += length;
    return b;
  }

  /**
   * Returns the underlying array, for decoding a slice in place.
   *
   * @return the array
   */
  public byte[] array() {
    return bytes;
  }

  /**
   * Returns the read position.
   *
   * @return the position
   */
  public int position() {
    return position;
  }

  /**
   * Returns how many bytes are left to read.
   *
   * @return the count
   */
  public int remaining() {
    return bytes.length - position;
  }

  /**
   * Skips {@code n} bytes.
   *
   * @param n how many
   */
  public void skip(int n) {
    check(n);
    position += n;
  }

  private void check(int n) {
    if (n < 0 || n > bytes.length - position) {
      throw new DecodingException(
          null,
          "cannot decode: truncated frame (position="
              + position
              + ", need="
              + n
              + ", length="
              + bytes.length
              + ")",
          null);
    }
  }
}
