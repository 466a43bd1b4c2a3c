package dev.multiproc.internal.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A layout places each field at the next offset its alignment allows, and says what is wrong. */
class ShmLayoutTest {
  @Test
  void fields_follow_each_other_at_their_alignment() {
    ShmLayout entry = ShmLayout.of("entry").int32("a", "").int32("b", "").build();
    ShmLayout layout =
        ShmLayout.of("s")
            .int32("x", "")
            .int64("y", "")
            .int32("z", "")
            .align(64)
            .table("t", 3, entry, "")
            .bytes("tail", 5, 1, "")
            .build();
    assertEquals(0, layout.offset("x"));
    assertEquals(8, layout.offset("y"));
    assertEquals(16, layout.offset("z"));
    assertEquals(64, layout.offset("t"));
    assertEquals(88, layout.offset("tail"));
    assertEquals(93, layout.size());
    assertEquals(
        """
        s (93 bytes)
          +0     x              int32     \s
          +8     y              int64     \s
          +16    z              int32     \s
          +64    t              3 x 8     \s
                 +0     a              int32     \s
                 +4     b              int32     \s
          +88    tail           5 bytes   \s
        """,
        layout.render());
  }

  @Test
  void a_trailing_alignment_counts_in_the_size() {
    assertEquals(16, ShmLayout.of("s").int32("x", "").align(16).build().size());
    assertEquals(4, ShmLayout.of("s").int32("x", "").build().size());
  }

  @Test
  void mistakes_are_named() {
    ShmLayout layout = ShmLayout.of("s").int32("x", "").build();
    var unknown = assertThrows(IllegalArgumentException.class, () -> layout.offset("y"));
    assertEquals("layout s has no field 'y'", unknown.getMessage());
    var twice =
        assertThrows(
            IllegalArgumentException.class, () -> ShmLayout.of("s").int32("x", "").int64("x", ""));
    assertEquals("layout s has two fields 'x'", twice.getMessage());
    var align = assertThrows(IllegalArgumentException.class, () -> ShmLayout.of("s").align(12));
    assertEquals("alignment must be a power of two, got 12", align.getMessage());
  }
}
