package dev.multiproc.conformance.jsr166;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.sync.Barrier;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The JSR-166 TCK's CyclicBarrier cases that apply to {@link Barrier} (Python's barrier: a
 * timeout breaks it and is reported as {@link BrokenBarrierException}): arrival indices, reuse
 * across generations, and the ways a barrier breaks (timeout, interrupt, reset, abort), each
 * reaching every waiter and every later {@code await} until a reset.
 */
public final class BarrierCases extends ContractCase {
  private final IntFunction<? extends Barrier> barriers;

  private BarrierCases(IntFunction<? extends Barrier> barriers) {
    this.barriers = barriers;
  }

  /**
   * The cases.
   *
   * @param barriers makes a barrier for the given number of parties
   * @return the suite
   */
  public static junit.framework.TestSuite suite(IntFunction<? extends Barrier> barriers) {
    return suite(BarrierCases.class, () -> new BarrierCases(barriers));
  }

  private Barrier barrier(int parties) {
    return made(barriers.apply(parties));
  }

  /** Waits until {@code n} parties wait, within {@link #LONG}. */
  private static void awaitWaiting(Barrier b, int n) throws InterruptedException {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (b.nWaiting() < n) {
      assertTrue(System.nanoTime() < deadline, "waiting parties: " + b.nWaiting() + " of " + n);
      Thread.sleep(5); // polls a real condition, nWaiting, with a deadline
    }
  }

  public void testParties() {
    assertEquals(3, barrier(3).parties());
    assertThrows(IllegalArgumentException.class, () -> barriers.apply(0));
  }

  public void testSinglePartyTripsAtOnceAndRepeatedly() throws Exception {
    Barrier b = barrier(1);
    for (int i = 0; i < 3; i++) {
      assertEquals(0, b.await(LONG));
    }
    assertFalse(b.isBroken());
  }

  public void testArrivalIndicesAreDistinct() throws Exception {
    Barrier b = barrier(3);
    Set<Integer> indices = ConcurrentHashMap.newKeySet();
    Thread t1 = started(() -> indices.add(b.await(LONG)));
    Thread t2 = started(() -> indices.add(b.await(LONG)));
    indices.add(b.await(LONG));
    joined(t1);
    joined(t2);
    assertEquals(Set.of(0, 1, 2), indices);
  }

  public void testReusedAcrossGenerations() throws Exception {
    Barrier b = barrier(2);
    Thread t =
        started(
            () -> {
              for (int i = 0; i < 3; i++) {
                b.await(LONG);
              }
            });
    for (int i = 0; i < 3; i++) {
      b.await(LONG);
    }
    joined(t);
    assertFalse(b.isBroken());
  }

  public void testNWaiting() throws Exception {
    Barrier b = barrier(2);
    assertEquals(0, b.nWaiting());
    Thread t = started(() -> b.await(LONG));
    awaitWaiting(b, 1);
    b.await(LONG);
    joined(t);
    assertEquals(0, b.nWaiting());
  }

  /** A timeout breaks the barrier for the waiter that timed out and for the others. */
  public void testTimeoutBreaksForAll() throws Exception {
    Barrier b = barrier(3);
    Thread other =
        started(
            () -> assertThrows(BrokenBarrierException.class, () -> b.await(LONG.multipliedBy(2))));
    awaitWaiting(b, 1);
    long start = System.nanoTime();
    assertThrows(BrokenBarrierException.class, () -> b.await(SHORT));
    assertTrue(millisSince(start) >= SHORT.toMillis(), "broke before its timeout");
    joined(other);
    assertTrue(b.isBroken());
    assertThrows(BrokenBarrierException.class, () -> b.await(LONG));
  }

  /** An interrupted waiter gets InterruptedException; the others BrokenBarrierException. */
  public void testInterruptBreaksForOthers() throws Exception {
    Barrier b = barrier(3);
    Thread interrupted =
        started(
            () -> {
              try {
                b.await(LONG.multipliedBy(2));
                shouldThrow("InterruptedException");
              } catch (InterruptedException expected) {
                assertNotInterrupted();
              }
            });
    Thread other =
        started(
            () -> assertThrows(BrokenBarrierException.class, () -> b.await(LONG.multipliedBy(2))));
    awaitWaiting(b, 2);
    interrupted.interrupt();
    joinedPromptly(interrupted);
    joinedPromptly(other);
    assertTrue(b.isBroken());
  }

  public void testResetBreaksWaitersThenWorks() throws Exception {
    Barrier b = barrier(2);
    Thread t =
        started(
            () -> assertThrows(BrokenBarrierException.class, () -> b.await(LONG.multipliedBy(2))));
    awaitWaiting(b, 1);
    b.reset();
    joined(t);
    assertFalse(b.isBroken());
    Thread again = started(() -> b.await(LONG));
    b.await(LONG);
    joined(again);
  }

  public void testAbortBreaksUntilReset() throws Exception {
    Barrier b = barrier(2);
    b.abort();
    assertTrue(b.isBroken());
    assertThrows(BrokenBarrierException.class, () -> b.await(LONG));
    b.reset();
    assertFalse(b.isBroken());
    Thread t = started(() -> b.await(LONG));
    b.await(LONG);
    joined(t);
  }

  public void testAwaitOnBrokenThrowsAtOnce() throws Exception {
    Barrier b = barrier(2);
    b.abort();
    long start = System.nanoTime();
    for (Duration d : List.of(LONG, Duration.ZERO)) {
      assertThrows(BrokenBarrierException.class, () -> b.await(d));
    }
    assertThrows(BrokenBarrierException.class, b::await);
    assertTrue(millisSince(start) < LONG.toMillis(), "await on a broken barrier waited");
  }
}
