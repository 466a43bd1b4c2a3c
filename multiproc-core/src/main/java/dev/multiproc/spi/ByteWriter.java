package dev.multiproc.spi;

import dev.multiproc.function.ClassFilter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A growable byte array with big-endian writes: the output of {@link TaggedCodec}, up to a limit.
 *
 * <p>Past its limit a writer keeps counting but stops keeping bytes, so that a value too large to
 * send costs no more memory than the limit, and {@link #toByteArray} can still say how large it
 * was. Every byte written below the limit is kept, so {@link #truncate} back under it resumes
 * normal writing.
 */
public final class ByteWriter {
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private byte[] bytes;

  /** Bytes written; past {@link #limit} they are counted, not kept. */
  private long size;

  private final int limit;

  /**
   * Creates a writer limited only by what an array can hold.
   *
   * @param capacity the initial capacity
   */
  public ByteWriter(int capacity) {
    this(capacity, ClassFilter.Limits.MAX_BYTES);
  }

  /**
   * Creates a writer.
   *
   * @param capacity the initial capacity
   * @param limit the most bytes {@link #toByteArray} returns
   */
  public ByteWriter(int capacity, int limit) {
    this.limit = limit;
    bytes = new byte[Math.min(limit, Math.max(16, capacity))];
  }

  /** Counts {@code more} bytes; returns where to put them, or -1 if they go past the limit. */
  private int reserve(int more) {
    long end = size + more;
    int at = (int) size;
    size = end;
    if (end > limit) {
      return -1;
    }
    if (end > bytes.length) {
      bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(2L * bytes.length, end)));
    }
    return at;
  }

  /**
   * Writes one byte.
   *
   * @param b the byte
   */
  public void put(int b) {
    int at = reserve(1);
    if (at >= 0) {
      bytes[at] = (byte) b;
    }
  }

  /**
   * Writes an int.
   *
   * @param v the value
   */
  public void putInt(int v) {
    int at = reserve(4);
    if (at >= 0) {
      INT.set(bytes, at, v);
    }
  }

  /**
   * Writes a long.
   *
   * @param v the value
   */
  public void putLong(long v) {
    int at = reserve(8);
    if (at >= 0) {
      LONG.set(bytes, at, v);
    }
  }

  /**
   * Writes bytes.
   *
   * @param b the bytes
   */
  public void put(byte[] b) {
    int at = reserve(b.length);
    if (at >= 0) {
      System.arraycopy(b, 0, bytes, at, b.length);
    }
  }

  /**
   * Returns how many bytes were written, counting those past the limit.
   *
   * @return the size
   */
  public long size() {
    return size;
  }

  /**
   * Returns the most bytes this writer keeps.
   *
   * @return the limit
   */
  public int limit() {
    return limit;
  }

  /**
   * Forgets what was written after {@code position}.
   *
   * @param position a size returned earlier
   */
  public void truncate(long position) {
    size = position;
  }

  /**
   * Returns a copy of what was written.
   *
   * @return the bytes
   * @throws EncodingException if more than the limit was written
   */
  public byte[] toByteArray() {
    if (size > limit) {
      throw tooLarge(null, size, limit);
    }
    return Arrays.copyOf(bytes, (int) size);
  }

  /**
   * The error of a message that encodes to more than a limit.
   *
   * @param className the class of the value too large, or null for a whole message
   * @param size its size, encoded
   * @param limit the limit
   * @return the exception
   */
  static EncodingException tooLarge(@Nullable String className, long size, int limit) {
    String what =
        className == null
            ? "the message encodes to "
            : "cannot send a value of class " + className + ": it encodes to ";
    return new EncodingException(
        className,
        what + size + " bytes, over the limit of " + limit + " bytes (ClassFilter.Limits maxBytes)",
        null);
  }
}
