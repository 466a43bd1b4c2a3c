package dev.multiproc.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * Hostile messages, built byte for byte as a peer would send them: each is the tagged wire form
 * that {@code Connection.recv} and the pool decode ({@code tag | ...}; tag 0 is a {@code java.io}
 * stream of {@code int length} bytes, tag 8 a list of {@code int size} items).
 */
final class DecodingBombs {
  private static final int T_JAVA = 0;
  private static final int T_LIST = 8;

  private DecodingBombs() {}

  /** The bombs, with what each did to an unguarded decoder. */
  @SuppressWarnings("ImmutableEnumChecker") // bytes is never written, and bytes() returns a copy
  enum Bomb {
    /** Nested sets sharing their children: hashing them costs 2^100 steps (~5.7 KB). */
    HASH_SET(tagged(javaBytes(hashSets(100)))),
    /** A 27-byte stream announcing a {@code long[0x7FFFFFF0]}: a 16 GiB allocation. */
    LONG_ARRAY(tagged(longArrayHeader(0x7FFFFFF0))),
    /** 3,000 nested tagged lists that each announce 2^31-1 items (~15 KB). */
    TAGGED_LIST(taggedListBomb(3_000)),
    /** {@code Object[]} nested 300,000 deep (~3 MB): a stack overflow in a recursive reader. */
    NESTED_ARRAY(tagged(nestedArrays(300_000)));

    private final byte[] bytes;

    Bomb(byte[] bytes) {
      this.bytes = bytes;
    }

    /**
     * Returns the message's bytes.
     *
     * @return a copy
     */
    byte[] bytes() {
      return bytes.clone();
    }
  }

  /**
   * The classic serialization CPU bomb: each level holds two sets that both hold the two sets of
   * the next level, so a hash of the top visits 2^levels sets. Building and encoding it is cheap.
   *
   * @param levels how deep
   * @return the root set
   */
  static Set<Object> hashSets(int levels) {
    Set<Object> root = new HashSet<>();
    Set<Object> s1 = root;
    Set<Object> s2 = new HashSet<>();
    for (int i = 0; i < levels; i++) {
      Set<Object> t1 = new HashSet<>();
      Set<Object> t2 = new HashSet<>();
      t1.add("foo"); // so that t1 and t2 differ
      s1.add(t1);
      s1.add(t2);
      s2.add(t1);
      s2.add(t2);
      s1 = t1;
      s2 = t2;
    }
    return root;
  }

  /**
   * A linked chain of {@code length} nodes: serializing it recurses once per node.
   *
   * @param length how many nodes
   * @return the head
   */
  static Link chain(int length) {
    Link head = null;
    for (int i = 0; i < length; i++) {
      head = new Link(i, head);
    }
    return head;
  }

  /** One node of {@link #chain}. */
  record Link(int value, Link next) implements Serializable {}

  /**
   * Returns how many bytes this thread has allocated so far: HotSpot's per-thread counter, read
   * reflectively because this module does not read {@code jdk.management} (tests run on the class
   * path, which reads every module).
   */
  static long allocatedByThisThread() {
    try {
      Object threads =
          Class.forName("java.lang.management.ManagementFactory")
              .getMethod("getThreadMXBean")
              .invoke(null);
      return (long)
          Class.forName("com.sun.management.ThreadMXBean")
              .getMethod("getCurrentThreadAllocatedBytes")
              .invoke(threads);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read this thread's allocated bytes", e);
    }
  }

  /** {@code java.io} bytes of {@code value}. */
  static byte[] javaBytes(Object value) {
    var bytes = new ByteArrayOutputStream();
    try (var out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The tagged message carrying a {@code java.io} stream. */
  static byte[] tagged(byte[] javaStream) {
    return ByteBuffer.allocate(5 + javaStream.length)
        .put((byte) T_JAVA)
        .putInt(javaStream.length)
        .put(javaStream)
        .array();
  }

  /** The stream of an empty {@code long[]}, its length word then changed to {@code length}. */
  static byte[] longArrayHeader(int length) {
    byte[] bytes = javaBytes(new long[0]);
    ByteBuffer.wrap(bytes).putInt(bytes.length - 4, length);
    return bytes;
  }

  /** {@code levels} nested tagged lists, each announcing {@link Integer#MAX_VALUE} items. */
  static byte[] taggedListBomb(int levels) {
    var out = ByteBuffer.allocate(5 * levels + 1);
    for (int i = 0; i < levels; i++) {
      out.put((byte) T_LIST).putInt(Integer.MAX_VALUE);
    }
    return out.put((byte) 1).array(); // a null at the bottom
  }

  /**
   * The stream of {@code Object[]} arrays nested {@code levels} deep, written directly: the
   * first array describes its class, each next one refers to that description (10 bytes each).
   */
  static byte[] nestedArrays(int levels) {
    byte[] one = javaBytes(new Object[] {null}); // ... TC_ARRAY desc length=1 TC_NULL
    int descHandle = 0x7E0000; // the first handle of a stream: the array's class description
    var out = ByteBuffer.allocate(one.length + 10 * (levels - 1));
    out.put(one, 0, one.length - 1); // all but the final TC_NULL
    for (int i = 1; i < levels; i++) {
      out.put((byte) 0x75).put((byte) 0x71).putInt(descHandle).putInt(1); // TC_ARRAY TC_REFERENCE
    }
    return out.put((byte) 0x70).array(); // TC_NULL at the bottom
  }
}
