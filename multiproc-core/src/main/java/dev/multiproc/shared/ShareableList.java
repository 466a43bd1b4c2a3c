package dev.multiproc.shared;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * A fixed-length list of simple values in one {@link SharedMemory} block, readable and writable
 * from every process that holds it: Python's {@code shared_memory.ShareableList}.
 *
 * <p>Items may be {@code Integer}, {@code Long}, {@code Double}, {@code Boolean}, {@code
 * String}, {@code byte[]} or {@code null}. Each item has a slot sized when the list is created:
 * 8 bytes for numbers, booleans and null, and for strings and byte arrays their encoded length
 * rounded up to 8 (at least 8). {@link #set} may change an item's type, as in Python, but a
 * string or byte array longer than its slot is refused. The length is fixed: {@code add} and
 * {@code remove} throw {@link UnsupportedOperationException}.
 *
 * <p>Reads and writes of one item are not atomic with respect to each other: guard concurrent
 * writers with a lock, as in Python.
 */
public final class ShareableList extends AbstractList<@Nullable Object>
    implements RandomAccess, Serializable, AutoCloseable {
  @Serial private static final long serialVersionUID = 1L;
  private static final int MAGIC = 0x4D50_534C; // "MPSL"
  private static final long HEADER = 8;
  private static final long META = 16; // tag, length, data offset, slot size (4 ints)
  private static final int NULL = 0;
  private static final int INT = 1;
  private static final int LONG = 2;
  private static final int DOUBLE = 3;
  private static final int BOOLEAN = 4;
  private static final int STRING = 5;
  private static final int BYTES = 6;
  private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;

  /** The block holding the list. */
  private final SharedMemory shm;

  private ShareableList(SharedMemory shm) {
    this.shm = shm;
  }

  /**
   * Creates a list holding {@code values}, in a block with a fresh name.
   *
   * @param values the items
   * @return the list
   * @throws IllegalArgumentException naming an item whose type is not supported
   */
  public static ShareableList create(List<?> values) {
    return create(null, values);
  }

  /**
   * Creates a list holding {@code values} in a block named {@code name}. Python: {@code
   * ShareableList(sequence, name=name)}.
   *
   * @param name the block's name, or null for a fresh one
   * @param values the items
   * @return the list
   * @throws IllegalArgumentException naming an item whose type is not supported
   * @throws SharedMemoryException if a block of that name exists
   */
  public static ShareableList create(@Nullable String name, List<?> values) {
    int n = values.size();
    int[] slots = new int[n];
    long data = HEADER + META * n;
    long size = data;
    for (int i = 0; i < n; i++) {
      slots[i] = slotSize(values.get(i), i);
      size += slots[i];
    }
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "a ShareableList holds at most 2 GiB, these items need " + size + " bytes");
    }
    SharedMemory shm = name == null ? SharedMemory.create(size) : SharedMemory.create(name, size);
    MemorySegment m = shm.segment();
    m.set(I, 4, n);
    long offset = data;
    for (int i = 0; i < n; i++) {
      long meta = HEADER + META * i;
      m.set(I, meta + 8, (int) offset);
      m.set(I, meta + 12, slots[i]);
      offset += slots[i];
    }
    ShareableList list = new ShareableList(shm);
    for (int i = 0; i < n; i++) {
      list.set(i, values.get(i));
    }
    m.set(I, 0, MAGIC);
    return list;
  }

  /**
   * Attaches to the list in the block {@code name}. Python: {@code ShareableList(name=name)}.
   *
   * @param name the block's name
   * @return the list
   * @throws SharedMemoryException if there is no such block or it holds no ShareableList
   */
  public static ShareableList attach(String name) {
    SharedMemory shm = SharedMemory.attach(name);
    MemorySegment m = shm.segment();
    if (m.byteSize() < HEADER || m.get(I, 0) != MAGIC) {
      shm.close();
      throw new SharedMemoryException("shared memory '" + name + "' holds no ShareableList");
    }
    return new ShareableList(shm);
  }

  private static int slotSize(@Nullable Object value, int index) {
    return switch (value) {
      case null -> 8;
      case Integer i -> 8;
      case Long l -> 8;
      case Double d -> 8;
      case Boolean b -> 8;
      case String s -> roundUp(s.getBytes(StandardCharsets.UTF_8).length);
      case byte[] b -> roundUp(b.length);
      default -> throw unsupported(value, index);
    };
  }

  private static int roundUp(int length) {
    return Math.max(8, (length + 7) & ~7);
  }

  private static IllegalArgumentException unsupported(Object value, int index) {
    return new IllegalArgumentException(
        "item "
            + index
            + " is a "
            + value.getClass().getName()
            + ": a ShareableList holds only Integer, Long, Double, Boolean, String, byte[] and null");
  }

  /**
   * Returns the block that holds the list (Python's {@code shm}); unlink it when done.
   *
   * @return the block
   */
  public SharedMemory shm() {
    return shm;
  }

  @Override
  public int size() {
    return shm.segment().get(I, 4);
  }

  @Override
  public @Nullable Object get(int index) {
    MemorySegment m = shm.segment();
    long meta = meta(m, index);
    int length = m.get(I, meta + 4);
    long at = m.get(I, meta + 8);
    return switch (m.get(I, meta)) {
      case NULL -> null;
      case INT -> m.get(ValueLayout.JAVA_INT, at);
      case LONG -> m.get(ValueLayout.JAVA_LONG, at);
      case DOUBLE -> m.get(ValueLayout.JAVA_DOUBLE, at);
      case BOOLEAN -> m.get(ValueLayout.JAVA_BYTE, at) != 0;
      case STRING -> new String(bytes(m, at, length), StandardCharsets.UTF_8);
      case BYTES -> bytes(m, at, length);
      default ->
          throw new SharedMemoryException(
              "item " + index + " of ShareableList '" + shm.name() + "' has an unknown type tag");
    };
  }

  private static byte[] bytes(MemorySegment m, long at, int length) {
    return m.asSlice(at, length).toArray(ValueLayout.JAVA_BYTE);
  }

  /**
   * Replaces an item; its type may change, but a string or byte array must fit the item's slot.
   *
   * @param index the item
   * @param value the new value
   * @return the old value
   * @throws IllegalArgumentException if the value's type is not supported or it is longer than
   *     the slot (the message gives both lengths)
   */
  @Override
  public @Nullable Object set(int index, @Nullable Object value) {
    MemorySegment m = shm.segment();
    long meta = meta(m, index);
    Object old = m.get(I, 0) == MAGIC ? get(index) : null;
    long at = m.get(I, meta + 8);
    int slot = m.get(I, meta + 12);
    int tag;
    int length = 8;
    switch (value) {
      case null -> tag = NULL;
      case Integer i -> {
        tag = INT;
        m.set(ValueLayout.JAVA_INT, at, i);
      }
      case Long l -> {
        tag = LONG;
        m.set(ValueLayout.JAVA_LONG, at, l);
      }
      case Double d -> {
        tag = DOUBLE;
        m.set(ValueLayout.JAVA_DOUBLE, at, d);
      }
      case Boolean b -> {
        tag = BOOLEAN;
        m.set(ValueLayout.JAVA_BYTE, at, (byte) (b ? 1 : 0));
      }
      case String s -> {
        tag = STRING;
        length = put(m, at, slot, s.getBytes(StandardCharsets.UTF_8), index);
      }
      case byte[] b -> {
        tag = BYTES;
        length = put(m, at, slot, b, index);
      }
      default -> throw unsupported(value, index);
    }
    m.set(I, meta + 4, length);
    m.set(I, meta, tag);
    return old;
  }

  private int put(MemorySegment m, long at, int slot, byte[] bytes, int index) {
    if (bytes.length > slot) {
      throw new IllegalArgumentException(
          "item "
              + index
              + " of ShareableList '"
              + shm.name()
              + "' has room for "
              + slot
              + " bytes; the new value needs "
              + bytes.length);
    }
    MemorySegment.copy(bytes, 0, m, ValueLayout.JAVA_BYTE, at, bytes.length);
    return bytes.length;
  }

  private long meta(MemorySegment m, int index) {
    int n = m.get(I, 4);
    if (index < 0 || index >= n) {
      throw new IndexOutOfBoundsException(
          "index " + index + " out of range for a ShareableList " + "of " + n + " items");
    }
    return HEADER + META * index;
  }

  /** Closes this process's use of the block (Python: {@code shm.close()}). */
  @Override
  public void close() {
    shm.close();
  }
}
