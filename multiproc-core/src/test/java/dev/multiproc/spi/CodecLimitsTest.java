package dev.multiproc.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.function.ClassFilter.Limits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The codec's limits, in one JVM: each refusal names its limit, and real values still pass. */
class CodecLimitsTest {
  private final TaggedCodec codec = new TaggedCodec(ClassFilter.defaults());

  /** A node of a linked chain, written field by field: one level of nesting per node. */
  record Node(int value, Node next) implements Serializable {}

  private static Node chain(int length) {
    Node head = null;
    for (int i = 0; i < length; i++) {
      head = new Node(i, head);
    }
    return head;
  }

  private static TaggedCodec with(Limits limits) {
    return new TaggedCodec(ClassFilter.defaults().withLimits(limits));
  }

  private static byte[] javaStream(Object value) {
    var bytes = new ByteArrayOutputStream();
    try (var out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /* --------------- what real use sends passes the defaults --------------- */

  @Test
  void defaults_passA64MiBByteArray_compactAndInsideAnObject() {
    byte[] big = new byte[64 << 20];
    big[big.length - 1] = 7;
    assertArrayEquals(big, (byte[]) codec.decode(codec.encode(big)));
    var map = new HashMap<String, Object>(Map.of("data", big));
    @SuppressWarnings("unchecked")
    var back = (Map<String, Object>) codec.decode(codec.encode(map));
    assertArrayEquals(big, (byte[]) back.get("data"));
  }

  @Test
  void defaults_passNestingUpTo20_andAMillionObjects() {
    assertEquals(chain(19), codec.decode(codec.encode(chain(19))));
    var many = new ArrayList<Object>();
    for (int i = 0; i < 1_000_000; i++) {
      many.add(i % 2 == 0 ? i : (Object) ("s" + i));
    }
    many.add(new Node(1, null)); // not compact: the whole list goes through java.io
    assertEquals(many, codec.decode(codec.encode(many)));
  }

  /* --------------- depth --------------- */

  @Test
  void decode_deeperThanMaxDepth_refusedNamingTheLimit_andPassesWhenRaised() {
    byte[] bytes = codec.encode(chain(25));
    var e = assertThrows(DecodingException.class, () -> codec.decode(bytes));
    assertEquals(
        "cannot decode: the value is nested more than 20 deep" + " (ClassFilter.Limits maxDepth)",
        e.getMessage());
    assertNull(e.className());
    assertEquals(chain(25), with(Limits.defaults().withMaxDepth(30)).decode(bytes));
  }

  @Test
  void decode_nestedTaggedLists_refusedAtMaxDepth() {
    var out = ByteBuffer.allocate(5 * 30 + 1);
    for (int i = 0; i < 30; i++) {
      out.put((byte) 8).putInt(1); // a list of one item: the next list
    }
    byte[] bytes = out.put((byte) 1).array();
    var e = assertThrows(DecodingException.class, () -> codec.decode(bytes));
    assertEquals(
        "cannot decode: the value is nested more than 20 deep" + " (ClassFilter.Limits maxDepth)",
        e.getMessage());
  }

  @Test
  void decode_deeperThanTheThreadsStack_decodingExceptionNotStackOverflowError() throws Exception {
    TaggedCodec deep = with(Limits.defaults().withMaxDepth(Integer.MAX_VALUE));
    // Object[] nested 100,000 deep, written as a stream does: each refers to the first's class
    byte[] one = javaStream(new Object[] {null});
    int levels = 100_000;
    int length = one.length + 10 * (levels - 1);
    var out = ByteBuffer.allocate(5 + length).put((byte) 0).putInt(length);
    out.put(one, 0, one.length - 1); // all but the final null
    for (int i = 1; i < levels; i++) {
      out.put((byte) 0x75).put((byte) 0x71).putInt(0x7E0000).putInt(1);
    }
    byte[] bomb = out.put((byte) 0x70).array();
    var thrown = new AtomicReference<Throwable>();
    Thread small =
        new Thread(
            null,
            () -> {
              try {
                deep.decode(bomb);
              } catch (Throwable t) {
                thrown.set(t);
              }
            },
            "small-stack",
            256 * 1024);
    small.start();
    small.join();
    var e = assertInstanceOf(DecodingException.class, thrown.get());
    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot decode: the value nests deeper than this"
                    + " thread's stack allows (StackOverflowError while decoding, at depth "),
        e.getMessage());
  }

  /* --------------- references --------------- */

  @Test
  void decode_moreReferencesThanTheLimit_refusedNamingTheLimit() {
    var list = new ArrayList<Object>();
    for (int i = 0; i < 100; i++) {
      list.add(new Node(i, null));
    }
    byte[] bytes = codec.encode(list);
    var e =
        assertThrows(
            DecodingException.class,
            () -> with(Limits.defaults().withMaxReferences(50)).decode(bytes));
    assertEquals(
        "cannot decode: the value holds more than 50 objects and references"
            + " (ClassFilter.Limits maxReferences)",
        e.getMessage());
    assertEquals(list, codec.decode(bytes));
  }

  /* --------------- arrays --------------- */

  @Test
  void decode_arrayLongerThanItsMessage_refusedBeforeAllocating() {
    byte[] stream = javaStream(new long[0]);
    ByteBuffer.wrap(stream).putInt(stream.length - 4, 0x7FFFFFF0);
    var e = assertThrows(DecodingException.class, () -> codec.java().decode(stream));
    assertEquals(
        "cannot decode: an array of 2147483632 long elements in a message of 27 bytes,"
            + " which cannot carry them (a corrupt or hostile message)",
        e.getMessage());
  }

  @Test
  void decode_collectionAnnouncingMoreThanItsMessage_refused() {
    byte[] stream = javaStream(new ArrayList<>(List.of("a", "b", "c")));
    // an ArrayList writes its size as a field, then again in a block: 77 04 00 00 00 03
    int block = indexOf(stream, new byte[] {0x77, 0x04, 0, 0, 0, 3});
    ByteBuffer.wrap(stream).putInt(block - 4, 100_000_000); // the field, which readObject uses
    var e = assertThrows(DecodingException.class, () -> codec.java().decode(stream));
    assertEquals(
        "cannot decode: an array of 100000000 java.lang.Object elements in a message of "
            + stream.length
            + " bytes, which cannot carry them (a corrupt or hostile message)",
        e.getMessage());
  }

  private static int indexOf(byte[] bytes, byte[] pattern) {
    for (int i = 0; i + pattern.length <= bytes.length; i++) {
      if (java.util.Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
        return i;
      }
    }
    throw new AssertionError("pattern not found");
  }

  @Test
  void decode_arrayOverMaxArrayLength_refusedNamingTheLimit() {
    byte[] bytes = codec.encode(new byte[1000]);
    var strict = with(Limits.defaults().withMaxArrayLength(999));
    var e = assertThrows(DecodingException.class, () -> strict.decode(bytes));
    assertEquals(
        "cannot decode: a byte array of 1000 bytes, over the limit of 999"
            + " (ClassFilter.Limits maxArrayLength)",
        e.getMessage());
    byte[] java = codec.encode(new Node[1000]);
    e = assertThrows(DecodingException.class, () -> strict.decode(java));
    assertEquals(
        "cannot decode: an array of 1000 elements, over the limit of 999"
            + " (ClassFilter.Limits maxArrayLength)",
        e.getMessage());
  }

  @Test
  void decode_taggedListAnnouncingMoreItemsThanBytes_refusedBeforeAllocating() {
    byte[] bytes =
        ByteBuffer.allocate(6).put((byte) 8).putInt(Integer.MAX_VALUE - 1).put((byte) 1).array();
    var e = assertThrows(DecodingException.class, () -> codec.decode(bytes));
    assertEquals(
        "cannot decode: a list of 2147483646 items with 1 bytes left in the message,"
            + " which cannot carry them (a corrupt or hostile message)",
        e.getMessage());
  }

  /* --------------- bytes --------------- */

  @Test
  void encode_overMaxBytes_refusedNamingSizeAndLimit_compactOrNot() {
    var small = with(Limits.defaults().withMaxBytes(1000));
    var e = assertThrows(EncodingException.class, () -> small.encode(new byte[2000]));
    assertEquals(
        "cannot send a value of class [B: it encodes to 2005 bytes, over the limit of"
            + " 1000 bytes (ClassFilter.Limits maxBytes)",
        e.getMessage());
    var big = new ArrayList<Object>(List.of(new Node(1, null), "x".repeat(5000)));
    e = assertThrows(EncodingException.class, () -> small.encode(big));
    int size = codec.java().encode(big).length;
    assertEquals(
        "cannot send a value of class java.util.ArrayList: it encodes to "
            + size
            + " bytes, over the limit of 1000 bytes (ClassFilter.Limits maxBytes)",
        e.getMessage());
    assertEquals(List.of(1, 2), small.decode(small.encode(new ArrayList<>(List.of(1, 2)))));
  }

  @Test
  void writer_overMaxBytes_keepsNoMoreThanTheLimit_andNamesTheWholeSize() {
    ByteWriter out = with(Limits.defaults().withMaxBytes(100)).writer(16);
    out.put(new byte[60]);
    long start = out.size();
    out.put(new byte[70]);
    out.putLong(1);
    assertEquals(138, out.size());
    var e = assertThrows(EncodingException.class, out::toByteArray);
    assertEquals(
        "the message encodes to 138 bytes, over the limit of 100 bytes"
            + " (ClassFilter.Limits maxBytes)",
        e.getMessage());
    out.truncate(start); // back under the limit: what was written before is intact
    out.putInt(42);
    byte[] bytes = out.toByteArray();
    assertEquals(64, bytes.length);
    assertEquals(42, ByteBuffer.wrap(bytes).getInt(60));
  }

  @Test
  void decode_messageOverMaxBytes_refused() {
    byte[] bytes = codec.java().encode(new Node(1, null));
    var strict = with(Limits.defaults().withMaxBytes(bytes.length - 1));
    var e = assertThrows(DecodingException.class, () -> strict.java().decode(bytes));
    assertEquals(
        "cannot decode: a message of "
            + bytes.length
            + " bytes, over the limit of "
            + (bytes.length - 1)
            + " bytes (ClassFilter.Limits maxBytes)",
        e.getMessage());
  }

  /* --------------- too deep to encode --------------- */

  @Test
  void encode_tooDeepForTheStack_encodingExceptionNotStackOverflowError() throws Exception {
    Node deep = chain(200_000);
    var thrown =
        CompletableFuture.supplyAsync(
                () -> assertThrows(EncodingException.class, () -> codec.encode(deep)))
            .get();
    assertEquals(Node.class.getName(), thrown.className());
    assertTrue(
        thrown
            .getMessage()
            .startsWith(
                "cannot send a value of class "
                    + Node.class.getName()
                    + ": it is too deep to encode (StackOverflowError while"
                    + " encoding"),
        thrown.getMessage());
    assertInstanceOf(StackOverflowError.class, thrown.getCause());
    assertTrue(thrown.getCause().getStackTrace().length <= 24);
    assertEquals(chain(3), codec.decode(codec.encode(chain(3)))); // the codec works on
  }
}
