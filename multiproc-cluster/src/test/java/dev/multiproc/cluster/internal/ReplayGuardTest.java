package dev.multiproc.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rules a member applies to a signed task's number and stamp, case by case. */
class ReplayGuardTest {
  private static final long NOW = 1_800_000_000_000L;

  private final ReplayGuard guard = new ReplayGuard();

  @Test
  void eachNumberOfACallerRunsOnce_inAnyOrderWithinTheSpan() {
    for (long n : new long[] {3, 1, 2, 5, 4}) {
      assertNull(guard.admit("a", n, NOW, NOW), "number " + n);
    }
    for (long n = 1; n <= 5; n++) {
      String why = guard.admit("a", n, NOW, NOW);
      assertTrue(why != null && why.contains("already ran its number " + n), why);
    }
  }

  @Test
  void callersNumberApart() {
    assertNull(guard.admit("a", 1, NOW, NOW));
    assertNull(guard.admit("b", 1, NOW, NOW));
  }

  @Test
  void aNumberMoreThanTheSpanBelowTheLatest_isRefused_oneWithinIsNot() {
    long top = 10 * ReplayGuard.SPAN;
    assertNull(guard.admit("a", top, NOW, NOW));
    assertNull(guard.admit("a", top - ReplayGuard.SPAN + 1, NOW, NOW));
    String why = guard.admit("a", top - ReplayGuard.SPAN, NOW, NOW);
    assertTrue(why != null && why.contains("too old to tell from a replay"), why);
  }

  @Test
  void aJumpForgetsWhatFellOutOfTheSpan_notWhatStaysIn() {
    assertNull(guard.admit("a", 100, NOW, NOW));
    assertNull(guard.admit("a", 100 + ReplayGuard.SPAN - 1, NOW, NOW));
    // 100 is still within the span below the new latest: it was seen
    String why = guard.admit("a", 100, NOW, NOW);
    assertTrue(why != null && why.contains("already ran"), why);
    // a slot reused by a new number is free for it
    assertNull(guard.admit("a", 100 + ReplayGuard.SPAN, NOW, NOW));
  }

  @Test
  void aStampOutsideTheWindow_eitherWay_isRefused() {
    long w = ReplayGuard.WINDOW_MILLIS;
    assertNull(guard.admit("a", 1, NOW - w, NOW));
    assertNull(guard.admit("a", 2, NOW + w, NOW));
    String old = guard.admit("a", 3, NOW - w - 1, NOW);
    assertTrue(old != null && old.contains("ms old"), old);
    String ahead = guard.admit("a", 4, NOW + w + 1, NOW);
    assertTrue(ahead != null && ahead.contains("ahead of this member's clock"), ahead);
  }

  @Test
  void numbersStartAtOne() {
    String why = guard.admit("a", 0, NOW, NOW);
    assertTrue(why != null && why.contains("number 0"), why);
  }

  @Test
  void aCallerSilentForLongerThanTheWindow_isForgotten() {
    assertNull(guard.admit("old", 1, NOW, NOW));
    long later = NOW + ReplayGuard.WINDOW_MILLIS + 120_000;
    assertNull(guard.admit("new", 1, later, later));
    assertEquals(1, guard.callers());
    // and its captured task is refused by its stamp
    String why = guard.admit("old", 1, NOW, later);
    assertTrue(why != null && why.contains("ms old"), why);
  }
}
