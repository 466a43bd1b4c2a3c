package dev.multiproc.internal.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Access to the words of shared memory, each method named for its memory mode, so that a reader
 * sees the ordering at every call site: plain, opaque, acquire/release, volatile, and the atomic
 * read-modify-writes (which are volatile).
 *
 * <p>The rule: <b>plain access only to words that only lock holders touch</b>, under that lock
 * (a {@link ShmMutex} word, or the segment's own creation before it is published). A word that
 * another process writes while we read it, above all in a loop that waits for that write, is
 * read with an acquire, opaque or volatile read: a plain read may be hoisted out of the loop and
 * never see the write.
 *
 * <p>Offsets are in bytes from the segment's start, aligned to the word's size. The methods are
 * static, over static final {@link VarHandle}s: the JIT inlines them to the same code as the
 * handles themselves, with no allocation.
 */
public final class Memory {
  private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
  private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
  private static final VarHandle DOUBLE = ValueLayout.JAVA_DOUBLE.varHandle();
  private static final VarHandle BYTE = ValueLayout.JAVA_BYTE.varHandle();

  private Memory() {}

  // ---- int: plain (only under the lock that guards the word)

  /** Plain read of an int; only under the lock that guards the word. */
  public static int getInt(MemorySegment m, long offset) {
    return (int) INT.get(m, offset);
  }

  /** Plain write of an int; only under the lock that guards the word, or before publication. */
  public static void setInt(MemorySegment m, long offset, int value) {
    INT.set(m, offset, value);
  }

  // ---- int: ordered

  /** Opaque read of an int: never hoisted out of a loop, no ordering with other words. */
  public static int getIntOpaque(MemorySegment m, long offset) {
    return (int) INT.getOpaque(m, offset);
  }

  /** Acquire read of an int: later accesses are not moved before it. */
  public static int getIntAcquire(MemorySegment m, long offset) {
    return (int) INT.getAcquire(m, offset);
  }

  /** Release write of an int: earlier accesses are not moved after it. */
  public static void setIntRelease(MemorySegment m, long offset, int value) {
    INT.setRelease(m, offset, value);
  }

  /** Volatile read of an int. */
  public static int getIntVolatile(MemorySegment m, long offset) {
    return (int) INT.getVolatile(m, offset);
  }

  /** Volatile write of an int. */
  public static void setIntVolatile(MemorySegment m, long offset, int value) {
    INT.setVolatile(m, offset, value);
  }

  // ---- int: atomic (volatile) read-modify-write

  /** Atomically sets an int to {@code update} if it holds {@code expected}; volatile. */
  public static boolean compareAndSetInt(MemorySegment m, long offset, int expected, int update) {
    return INT.compareAndSet(m, offset, expected, update);
  }

  /** Atomically adds to an int; volatile. Returns the value before. */
  public static int getAndAddInt(MemorySegment m, long offset, int delta) {
    return (int) INT.getAndAdd(m, offset, delta);
  }

  /** Atomically swaps an int; volatile. Returns the value before. */
  public static int getAndSetInt(MemorySegment m, long offset, int value) {
    return (int) INT.getAndSet(m, offset, value);
  }

  // ---- long

  /** Plain read of a long; only under the lock that guards the word. */
  public static long getLong(MemorySegment m, long offset) {
    return (long) LONG.get(m, offset);
  }

  /** Plain write of a long; only under the lock that guards the word, or before publication. */
  public static void setLong(MemorySegment m, long offset, long value) {
    LONG.set(m, offset, value);
  }

  /** Opaque read of a long: never hoisted out of a loop, no ordering with other words. */
  public static long getLongOpaque(MemorySegment m, long offset) {
    return (long) LONG.getOpaque(m, offset);
  }

  /** Opaque write of a long: seen by others eventually, no ordering with other words. */
  public static void setLongOpaque(MemorySegment m, long offset, long value) {
    LONG.setOpaque(m, offset, value);
  }

  /** Acquire read of a long: later accesses are not moved before it. */
  public static long getLongAcquire(MemorySegment m, long offset) {
    return (long) LONG.getAcquire(m, offset);
  }

  /** Release write of a long: earlier accesses are not moved after it. */
  public static void setLongRelease(MemorySegment m, long offset, long value) {
    LONG.setRelease(m, offset, value);
  }

  /** Volatile read of a long. */
  public static long getLongVolatile(MemorySegment m, long offset) {
    return (long) LONG.getVolatile(m, offset);
  }

  /** Volatile write of a long. */
  public static void setLongVolatile(MemorySegment m, long offset, long value) {
    LONG.setVolatile(m, offset, value);
  }

  /** Atomically sets a long to {@code update} if it holds {@code expected}; volatile. */
  public static boolean compareAndSetLong(
      MemorySegment m, long offset, long expected, long update) {
    return LONG.compareAndSet(m, offset, expected, update);
  }

  /** Atomically adds to a long; volatile. Returns the value before. */
  public static long getAndAddLong(MemorySegment m, long offset, long delta) {
    return (long) LONG.getAndAdd(m, offset, delta);
  }

  // ---- double and byte (shared values)

  /** Volatile read of a double. */
  public static double getDoubleVolatile(MemorySegment m, long offset) {
    return (double) DOUBLE.getVolatile(m, offset);
  }

  /** Volatile write of a double. */
  public static void setDoubleVolatile(MemorySegment m, long offset, double value) {
    DOUBLE.setVolatile(m, offset, value);
  }

  /**
   * Atomically sets a double to {@code update} if its bits are those of {@code expected};
   * volatile.
   */
  public static boolean compareAndSetDouble(
      MemorySegment m, long offset, double expected, double update) {
    return DOUBLE.compareAndSet(m, offset, expected, update);
  }

  /** Volatile read of a byte. */
  public static byte getByteVolatile(MemorySegment m, long offset) {
    return (byte) BYTE.getVolatile(m, offset);
  }

  /** Volatile write of a byte. */
  public static void setByteVolatile(MemorySegment m, long offset, byte value) {
    BYTE.setVolatile(m, offset, value);
  }
}
