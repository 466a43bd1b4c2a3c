package dev.multiproc.internal.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The kind numbers are written in segments that processes share: each is unique, none ever
 * changes, and each names a type of segment that exists.
 */
class SegmentKindTest {
  @Test
  void numbers_are_unique() {
    Map<Integer, Long> counts =
        Arrays.stream(SegmentKind.values())
            .collect(Collectors.groupingBy(SegmentKind::number, Collectors.counting()));
    counts.forEach((number, count) -> assertEquals(1, count, "kind number " + number));
  }

  @Test
  void numbers_are_stable() {
    Map<String, Integer> expected = new LinkedHashMap<>();
    expected.put("LOCK", 100);
    expected.put("RLOCK", 101);
    expected.put("SEMAPHORE", 102);
    expected.put("BOUNDED_SEMAPHORE", 103);
    expected.put("CONDITION", 104);
    expected.put("EVENT", 105);
    expected.put("BARRIER", 106);
    expected.put("TEST_COUNTER", 119);
    expected.put("PIPE", 200);
    expected.put("QUEUE", 201);
    expected.put("JOINABLE_QUEUE", 202);
    expected.put("INT", 300);
    expected.put("LONG", 301);
    expected.put("DOUBLE", 302);
    expected.put("INT_ARRAY", 310);
    expected.put("LONG_ARRAY", 311);
    expected.put("DOUBLE_ARRAY", 312);
    expected.put("BYTE_ARRAY", 313);
    Map<String, Integer> actual = new LinkedHashMap<>();
    for (SegmentKind kind : SegmentKind.values()) {
      actual.put(kind.name(), kind.number());
    }
    assertEquals(expected, actual);
  }

  @Test
  void each_kind_names_a_shared_handle_type() throws ClassNotFoundException {
    for (SegmentKind kind : SegmentKind.values()) {
      Class<?> type = Class.forName(kind.type());
      assertTrue(SharedHandle.class.isAssignableFrom(type), kind + ": " + type.getName());
    }
  }
}
