package dev.multiproc.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.testing.TestTasks;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Round trips and refusals of the codec, in one JVM. */
class TaggedCodecTest {
  private final TaggedCodec codec = new TaggedCodec(ClassFilter.defaults());

  record Point(int x, int y) implements Serializable {}

  private Object roundTrip(Object value) {
    return codec.decode(codec.encode(value));
  }

  /* --------------- round trips --------------- */

  @Test
  void roundTrip_compactValues_equalAndSmall() {
    for (Object v : new Object[] {null, 42, -7L, 3.5, true, "héllo", ""}) {
      assertEquals(v, roundTrip(v));
    }
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) roundTrip(new byte[] {1, 2, 3}));
    assertEquals(5, codec.encode(42).length);
  }

  @Test
  void roundTrip_listOfCompactValues_isCompactArrayList() {
    var list = new ArrayList<Object>(List.of(1, "two", 3L));
    list.add(null);
    Object back = roundTrip(list);
    assertInstanceOf(ArrayList.class, back);
    assertEquals(list, back);
    assertTrue(codec.encode(list).length < 40);
  }

  @Test
  void roundTrip_listWithRecord_fallsBackToJavaIo() {
    var list = new ArrayList<Object>(List.of(1, new Point(1, 2)));
    assertEquals(list, roundTrip(list));
  }

  @Test
  void roundTrip_recordsMapsDurationsAndExceptions() {
    assertEquals(new Point(3, 4), roundTrip(new Point(3, 4)));
    assertEquals(Map.of("a", 1), roundTrip(Map.of("a", 1)));
    assertEquals(Duration.ofSeconds(5), roundTrip(Duration.ofSeconds(5)));
    var e = new IllegalStateException("boom");
    var back = (IllegalStateException) roundTrip(e);
    assertEquals("boom", back.getMessage());
    assertEquals(Arrays.asList(e.getStackTrace()), Arrays.asList(back.getStackTrace()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void roundTrip_capturingLambda_runsWithCapturedValue() {
    int offset = 100;
    SerializableFunction<Integer, Integer> f = x -> x + offset;
    var back = (SerializableFunction<Integer, Integer>) roundTrip(f);
    assertEquals(105, back.apply(5));
  }

  /* --------------- refusals --------------- */

  @Test
  void encode_notSerializable_namesClassAndWhereCaptured() {
    Object lock = new Object();
    SerializableFunction<Integer, Integer> f = x -> x + lock.hashCode();
    var e = assertThrows(EncodingException.class, () -> codec.encode(f));
    assertEquals("java.lang.Object", e.className());
    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot send a value of class java.lang.Object: it is not"
                    + " Serializable; found at lambda dev.multiproc.spi.TaggedCodecTest::lambda$"),
        e.getMessage());
    assertTrue(e.getMessage().contains(", captured arg 0 = java.lang.Object@"), e.getMessage());
  }

  @Test
  void decode_classOutsideStrictFilter_refusedAndNamed() {
    byte[] bytes = codec.encode(new TestTasks.Point(1, 2));
    var strict = new TaggedCodec(ClassFilter.only("java.util.*"));
    var e = assertThrows(DecodingException.class, () -> strict.decode(bytes));
    assertEquals("dev.multiproc.testing.TestTasks$Point", e.className());
    assertEquals(
        "class not allowed: dev.multiproc.testing.TestTasks$Point is outside"
            + " the ClassFilter (ClassFilter[applicationClasses=false, allowed=[java.util.*]])",
        e.getMessage());
  }

  @Test
  void decode_jdkClassOutsideValueSet_refusedByDefaultFilter() {
    byte[] bytes = codec.java().encode(new java.util.concurrent.atomic.AtomicBoolean());
    // java.util.** is allowed; a class of the JDK outside the value set is not
    byte[] thread =
        new TaggedCodec(ClassFilter.defaults())
            .java()
            .encode(new java.text.SimpleDateFormat("yyyy"));
    assertEquals(
        false, ((java.util.concurrent.atomic.AtomicBoolean) codec.java().decode(bytes)).get());
    var e = assertThrows(DecodingException.class, () -> codec.java().decode(thread));
    assertEquals("java.text.SimpleDateFormat", e.className());
  }

  @Test
  void decode_corruptBytes_clearError() {
    var e = assertThrows(DecodingException.class, () -> codec.decode(new byte[] {99}));
    assertEquals("cannot decode: unknown tag 99", e.getMessage());
    e = assertThrows(DecodingException.class, () -> codec.decode(new byte[] {2, 0}));
    assertTrue(e.getMessage().startsWith("cannot decode: truncated frame"), e.getMessage());
  }
}
