package dev.multiproc.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.spi.TaggedCodec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch's reply on the wire: its tasks' replies, then the member's own time for it. */
class RepliesTest {
  private final TaggedCodec codec = new TaggedCodec(ClassFilter.defaults());

  @Test
  void batch_carriesEachReplyAndTheMembersTime() {
    byte[] a = Replies.encoded(codec.encode(41));
    byte[] b = Replies.failed(new IllegalStateException("no"), codec, "m");
    byte[] reply = Replies.batch(List.of(a, b), 1_234_567L);

    List<byte[]> split = Replies.split(reply, 2);
    assertArrayEquals(a, split.get(0));
    assertArrayEquals(b, split.get(1));
    assertEquals(41, Replies.read(split.get(0), codec, "m").value());
    assertEquals(1_234_567L, Replies.memberNanos(reply, 2));
  }

  @Test
  void aBatchTheMemberDidNotRun_saysNoTime() {
    byte[] reply = Replies.batch(List.of(Replies.notRun("closing", codec)), 0);
    assertEquals(1, Replies.split(reply, 1).size());
    assertEquals(0, Replies.memberNanos(reply, 1));
  }

  @Test
  void aReplyWithoutTheTime_orWithBytesAfterIt_isRefusedWithWhatItHeld() {
    byte[] reply = Replies.batch(List.of(Replies.encoded(codec.encode(1))), 5);
    byte[] cut = Arrays.copyOf(reply, reply.length - 3);
    var e = assertThrows(IllegalArgumentException.class, () -> Replies.split(cut, 1));
    assertTrue(e.getMessage().contains("5 bytes after its replies"), e.getMessage());

    byte[] longer = Arrays.copyOf(reply, reply.length + 1);
    e = assertThrows(IllegalArgumentException.class, () -> Replies.split(longer, 1));
    assertTrue(e.getMessage().contains("9 bytes after its replies"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> Replies.split(reply, 2));
    assertTrue(e.getMessage().contains("a batch of 2 tasks was answered with 1"), e.getMessage());
  }

  @Test
  void aReplyThatEndsAfterItsTasksReplies_saysNoTime() {
    byte[] reply = Replies.batch(List.of(Replies.encoded(codec.encode(1))), 5);
    byte[] without = Arrays.copyOf(reply, reply.length - Long.BYTES);
    assertEquals(1, Replies.split(without, 1).size());
    assertEquals(0, Replies.memberNanos(without, 1));
  }

  @Test
  void aNegativeTime_fromAHostileMember_countsAsNone() {
    byte[] reply = Replies.batch(List.of(Replies.encoded(codec.encode(1))), -99);
    assertEquals(0, Replies.memberNanos(reply, 1));
  }
}
