package dev.multiproc.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Checks of the {@link java.util.Collection} side of an {@link MpQueue}, for every backend. */
public final class QueueChecks {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private QueueChecks() {}

  /**
   * Peek, element, contains, toArray (both forms), the iterator's remove, remove(Object), on an
   * empty queue of maxsize 10 or more.
   *
   * @param q the queue
   * @param veryItem whether the iterator removes the very item it returned (else the first equal
   *     or identical one)
   * @throws InterruptedException if interrupted
   */
  public static void collectionViews(MpQueue<String> q, boolean veryItem)
      throws InterruptedException {
    assertNull(q.peek());
    assertThrows(NoSuchElementException.class, q::element);
    assertFalse(q.iterator().hasNext());
    q.addAll(List.of("a", "b", "a", "c"));
    assertEquals("a", q.peek());
    assertEquals("a", q.element());
    assertEquals(4, q.size());
    assertTrue(q.contains("c"));
    assertFalse(q.contains("z"));
    assertFalse(q.contains(null));
    assertTrue(q.containsAll(List.of("a", "c")));
    assertArrayEquals(new Object[] {"a", "b", "a", "c"}, q.toArray());
    String[] big = {"x", "x", "x", "x", "x", "x"};
    assertSame(big, q.toArray(big), "the caller's array when it is large enough");
    assertArrayEquals(new String[] {"a", "b", "a", "c", null, "x"}, big);
    assertEquals(4, q.toArray(new String[0]).length);

    Iterator<String> it = q.iterator();
    assertThrows(IllegalStateException.class, it::remove);
    assertEquals("a", it.next());
    assertEquals("b", it.next());
    assertEquals("a", it.next());
    it.remove(); // the second "a" (or the first equal one)
    assertThrows(IllegalStateException.class, it::remove);
    assertEquals(veryItem ? List.of("a", "b", "c") : List.of("b", "a", "c"), new ArrayList<>(q));
    assertEquals(3, q.qsize());

    assertTrue(q.remove("b"));
    assertFalse(q.remove("b"));
    assertEquals(2, q.qsize());
    assertEquals("a", q.get(WAIT));
    assertEquals("c", q.get(WAIT));
    assertTrue(q.isEmpty());
    assertEquals(0, q.size());

    q.addAll(List.of("x", "y"));
    assertTrue(q.remove("x")); // at the head
    assertTrue(q.remove("y"));
    assertTrue(q.isEmpty(), "removed items leave the queue empty");
    assertEquals(0, q.qsize());
    assertNull(q.poll());
  }

  /**
   * drainTo(null) and drainTo(itself) are refused, also when the queue is empty.
   *
   * @param q an empty queue
   */
  public static void drainToRefusals(MpQueue<String> q) {
    assertThrows(NullPointerException.class, () -> q.drainTo(null));
    assertThrows(NullPointerException.class, () -> q.drainTo(null, 3));
    assertThrows(IllegalArgumentException.class, () -> q.drainTo(q));
    assertThrows(IllegalArgumentException.class, () -> q.drainTo(q, 3));
    q.add("a");
    assertThrows(NullPointerException.class, () -> q.drainTo(null));
    assertEquals(1, q.qsize(), "nothing taken by a refused drain");
  }

  /**
   * Items removed without being got (remove, removeIf, clear) count as done.
   *
   * @param q an empty joinable queue
   * @throws InterruptedException if interrupted
   */
  public static void removedItemsCountAsDone(JoinableMpQueue<String> q)
      throws InterruptedException {
    q.addAll(List.of("a", "b", "c", "d"));
    assertTrue(q.remove("b"));
    q.removeIf("c"::equals);
    assertEquals("a", q.get(WAIT));
    q.taskDone();
    q.clear(); // "d": removed, never got
    q.join(); // returns: every task is done or removed
    assertThrows(IllegalStateException.class, q::taskDone);
  }
}
