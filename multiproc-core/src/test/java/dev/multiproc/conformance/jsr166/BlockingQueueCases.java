package dev.multiproc.conformance.jsr166;

import static java.util.concurrent.TimeUnit.DAYS;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * What {@link BlockingQueue} promises every implementation (the JSR-166 TCK's BlockingQueue
 * contract cases, with the bounded-queue cases of its ArrayBlockingQueue test): null refusal,
 * {@code drainTo}'s argument checks and moves, timed waits that expire and saturate, interrupts
 * that are answered with {@link InterruptedException} and a cleared status, and capacity.
 */
public final class BlockingQueueCases extends ContractCase {
  private static final int CAPACITY = 3;
  private final IntFunction<? extends BlockingQueue<Integer>> queues;

  private BlockingQueueCases(IntFunction<? extends BlockingQueue<Integer>> queues) {
    this.queues = queues;
  }

  /**
   * The cases over queues made by {@code queues} (given the maximum size, 0 for unbounded).
   *
   * @param queues makes a new empty queue
   * @return the suite
   */
  public static junit.framework.TestSuite suite(
      IntFunction<? extends BlockingQueue<Integer>> queues) {
    return suite(BlockingQueueCases.class, () -> new BlockingQueueCases(queues));
  }

  private BlockingQueue<Integer> empty() {
    return made(queues.apply(0));
  }

  private BlockingQueue<Integer> full() throws InterruptedException {
    BlockingQueue<Integer> q = made(queues.apply(CAPACITY));
    for (int i = 0; i < CAPACITY; i++) {
      q.put(i);
    }
    return q;
  }

  /* ----------------------------- nulls ----------------------------- */

  public void testOfferNull() {
    assertThrows(NullPointerException.class, () -> empty().offer(null));
  }

  public void testAddNull() {
    assertThrows(NullPointerException.class, () -> empty().add(null));
  }

  public void testTimedOfferNull() {
    assertThrows(NullPointerException.class, () -> empty().offer(null, 1, MILLISECONDS));
  }

  public void testPutNull() {
    assertThrows(NullPointerException.class, () -> empty().put(null));
  }

  public void testAddAllNull() {
    assertThrows(NullPointerException.class, () -> empty().addAll(null));
  }

  public void testAddAllNullElements() {
    assertThrows(NullPointerException.class, () -> empty().addAll(Arrays.asList(1, null, 3)));
  }

  public void testToArrayNullArray() {
    BlockingQueue<Integer> q = empty();
    assertThrows(NullPointerException.class, () -> q.toArray((Integer[]) null));
  }

  /* ----------------------------- drainTo ----------------------------- */

  public void testDrainToNull() {
    assertThrows(NullPointerException.class, () -> empty().drainTo(null));
  }

  public void testDrainToSelf() {
    BlockingQueue<Integer> q = empty();
    assertThrows(IllegalArgumentException.class, () -> q.drainTo(q));
  }

  public void testDrainToNullN() {
    assertThrows(NullPointerException.class, () -> empty().drainTo(null, 0));
  }

  public void testDrainToSelfN() {
    BlockingQueue<Integer> q = empty();
    assertThrows(IllegalArgumentException.class, () -> q.drainTo(q, 0));
  }

  public void testDrainToNonPositiveMaxElements() {
    BlockingQueue<Integer> q = empty();
    List<Integer> sink = new ArrayList<>();
    q.add(1);
    for (int n : new int[] {0, -1, Integer.MIN_VALUE}) {
      assertEquals(0, q.drainTo(sink, n));
    }
    assertEquals(List.of(), sink);
    assertEquals(1, q.poll());
  }

  /** The items reach the caller's collection, in order, and leave the queue. */
  public void testDrainToMovesAllInOrder() {
    BlockingQueue<Integer> q = empty();
    q.addAll(List.of(1, 2, 3));
    List<Integer> sink = new ArrayList<>(List.of(0));
    assertEquals(3, q.drainTo(sink));
    assertEquals(List.of(0, 1, 2, 3), sink);
    assertNull(q.poll());
  }

  public void testDrainToMaxMovesAtMostMax() {
    BlockingQueue<Integer> q = empty();
    q.addAll(List.of(1, 2, 3));
    List<Integer> sink = new ArrayList<>();
    assertEquals(2, q.drainTo(sink, 2));
    assertEquals(List.of(1, 2), sink);
    assertEquals(3, q.poll());
  }

  /* ----------------------------- timed waits ----------------------------- */

  public void testTimedPollEmptyTimesOut() throws InterruptedException {
    BlockingQueue<Integer> q = empty();
    long start = System.nanoTime();
    assertNull(q.poll(SHORT.toMillis(), MILLISECONDS));
    assertTrue(millisSince(start) >= SHORT.toMillis(), "returned before its timeout");
  }

  public void testTimedPollZeroAndNegativeReturnAtOnce() throws Exception {
    BlockingQueue<Integer> q = empty();
    assertNull(returnsPromptly("poll(0 ms)", () -> q.poll(0, MILLISECONDS)));
    assertNull(returnsPromptly("poll(-1 ns)", () -> q.poll(-1, NANOSECONDS)));
  }

  public void testTimedPollMinValueReturnsAtOnce() throws Exception {
    BlockingQueue<Integer> q = empty();
    assertNull(returnsPromptly("poll(Long.MIN_VALUE days)", () -> q.poll(Long.MIN_VALUE, DAYS)));
  }

  /** A huge timeout saturates ({@link java.util.concurrent.TimeUnit#toNanos}), never overflows. */
  public void testTimedPollHugeTimeoutWithItem() throws InterruptedException {
    BlockingQueue<Integer> q = empty();
    q.add(7);
    assertEquals(7, q.poll(Long.MAX_VALUE, DAYS));
  }

  public void testTimedOfferHugeTimeout() throws InterruptedException {
    BlockingQueue<Integer> q = empty();
    assertTrue(q.offer(7, Long.MAX_VALUE, DAYS));
    assertTrue(q.offer(8, Long.MIN_VALUE, DAYS));
    assertEquals(7, q.poll());
    assertEquals(8, q.poll());
  }

  /** A timed poll waits for an item that another thread offers later. */
  public void testTimedPollGetsLaterOffer() throws Exception {
    BlockingQueue<Integer> q = empty();
    CountDownLatch polling = new CountDownLatch(1);
    Thread t =
        started(
            () -> {
              polling.countDown();
              assertEquals(5, q.poll(LONG.toMillis(), MILLISECONDS));
            });
    polling.await();
    stillBlocked(t);
    assertTrue(q.offer(5));
    joined(t);
  }

  /* ----------------------------- interrupts ----------------------------- */

  public void testTakeFromEmptyBlocksInterruptibly() throws Exception {
    BlockingQueue<Integer> q = empty();
    Thread t =
        started(
            () -> {
              try {
                q.take();
                shouldThrow("InterruptedException");
              } catch (InterruptedException expected) {
                assertNotInterrupted();
              }
            });
    stillBlocked(t);
    t.interrupt();
    joinedPromptly(t);
  }

  public void testTakeAfterInterrupt() throws Exception {
    BlockingQueue<Integer> q = empty();
    Thread t =
        started(
            () -> {
              Thread.currentThread().interrupt();
              try {
                q.take();
                shouldThrow("InterruptedException");
              } catch (InterruptedException expected) {
                assertNotInterrupted();
              }
            });
    joined(t);
  }

  public void testTimedPollFromEmptyBlocksInterruptibly() throws Exception {
    BlockingQueue<Integer> q = empty();
    Thread t =
        started(
            () -> {
              try {
                q.poll(2 * LONG.toMillis(), MILLISECONDS);
                shouldThrow("InterruptedException");
              } catch (InterruptedException expected) {
                assertNotInterrupted();
              }
            });
    stillBlocked(t);
    t.interrupt();
    joinedPromptly(t);
  }

  public void testTimedPollAfterInterrupt() throws Exception {
    BlockingQueue<Integer> q = empty();
    Thread t =
        started(
            () -> {
              Thread.currentThread().interrupt();
              try {
                q.poll(2 * LONG.toMillis(), MILLISECONDS);
                shouldThrow("InterruptedException");
              } catch (InterruptedException expected) {
                assertNotInterrupted();
              }
            });
    joined(t);
  }

  /** An interrupted take has given up: the next item goes to the next taker, none is lost. */
  public void testInterruptedTakeLosesNoItem() throws Exception {
    BlockingQueue<Integer> q = empty();
    Thread t = started(() -> assertThrows(InterruptedException.class, q::take));
    stillBlocked(t);
    t.interrupt();
    joinedPromptly(t);
    q.put(42);
    assertEquals(
        42, q.poll(PROMPT.toMillis(), MILLISECONDS), "the item went to the interrupted take");
  }

  /* ----------------------------- capacity ----------------------------- */

  public void testRemainingCapacity() throws InterruptedException {
    BlockingQueue<Integer> q = made(queues.apply(CAPACITY));
    for (int i = 0; i < CAPACITY; i++) {
      assertEquals(CAPACITY - i, q.remainingCapacity());
      q.put(i);
    }
    assertEquals(0, q.remainingCapacity());
    assertEquals(Integer.MAX_VALUE, empty().remainingCapacity());
  }

  public void testAddToFullThrowsIllegalState() throws InterruptedException {
    BlockingQueue<Integer> q = full();
    assertThrows(IllegalStateException.class, () -> q.add(9));
  }

  public void testOfferToFullReturnsFalse() throws InterruptedException {
    BlockingQueue<Integer> q = full();
    assertFalse(q.offer(9));
    assertEquals(0, q.poll());
  }

  public void testTimedOfferToFullTimesOut() throws InterruptedException {
    BlockingQueue<Integer> q = full();
    long start = System.nanoTime();
    assertFalse(q.offer(9, SHORT.toMillis(), MILLISECONDS));
    assertTrue(millisSince(start) >= SHORT.toMillis(), "returned before its timeout");
    assertFalse(q.offer(9, Long.MIN_VALUE, DAYS));
  }

  public void testPutToFullBlocksUntilTake() throws Exception {
    BlockingQueue<Integer> q = full();
    Thread t = started(() -> q.put(9));
    stillBlocked(t);
    assertEquals(0, q.take());
    joined(t);
    assertEquals(List.of(1, 2, 9), List.of(q.take(), q.take(), q.take()));
  }

  public void testPutToFullBlocksInterruptibly() throws Exception {
    BlockingQueue<Integer> q = full();
    Thread t =
        started(
            () -> {
              try {
                q.put(9);
                shouldThrow("InterruptedException");
              } catch (InterruptedException expected) {
                assertNotInterrupted();
              }
            });
    stillBlocked(t);
    t.interrupt();
    joinedPromptly(t);
    assertEquals(CAPACITY, q.size());
  }

  public void testTimedOfferToFullBlocksInterruptibly() throws Exception {
    BlockingQueue<Integer> q = full();
    Thread t =
        started(
            () -> {
              try {
                q.offer(9, 2 * LONG.toMillis(), MILLISECONDS);
                shouldThrow("InterruptedException");
              } catch (InterruptedException expected) {
                assertNotInterrupted();
              }
            });
    stillBlocked(t);
    t.interrupt();
    joinedPromptly(t);
  }

  /* ----------------------------- collection ----------------------------- */

  public void testRemoveElement() {
    BlockingQueue<Integer> q = empty();
    assertFalse(q.remove(99));
    q.addAll(List.of(1, 2, 3, 4));
    assertTrue(q.remove(2));
    assertFalse(q.remove(2));
    assertFalse(q.contains(2));
    assertTrue(q.contains(3));
    assertEquals(List.of(1, 3, 4), new ArrayList<>(q));
  }

  public void testPeekAndElement() {
    BlockingQueue<Integer> q = empty();
    assertNull(q.peek());
    assertThrows(java.util.NoSuchElementException.class, q::element);
    q.add(1);
    q.add(2);
    assertEquals(1, q.peek());
    assertEquals(1, q.element());
    assertEquals(2, q.size());
  }

  public void testIteratorSnapshotAndToArray() {
    BlockingQueue<Integer> q = empty();
    q.addAll(List.of(1, 2, 3));
    List<Integer> seen = new ArrayList<>();
    q.iterator().forEachRemaining(seen::add);
    assertEquals(List.of(1, 2, 3), seen);
    assertEquals(List.of(1, 2, 3), Arrays.asList(q.toArray()));
    assertEquals(List.of(1, 2, 3), Arrays.asList(q.toArray(new Integer[0])));
    assertEquals(3, q.size());
  }
}
