package dev.multiproc.conformance.jsr166;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.sync.BoundedSemaphore;
import dev.multiproc.sync.MpSemaphore;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * The JSR-166 TCK's Semaphore cases that apply to {@link MpSemaphore} (one permit at a time, no
 * fairness, no queue introspection): counting, try and timed acquisition, blocking until a
 * release by another thread, interrupts answered with {@link InterruptedException}, a cleared
 * status and no permit taken, and the bound of a {@link BoundedSemaphore}.
 */
public final class SemaphoreCases extends ContractCase {
  private final IntFunction<? extends MpSemaphore> semaphores;
  private final IntFunction<? extends BoundedSemaphore> bounded;

  private SemaphoreCases(
      IntFunction<? extends MpSemaphore> semaphores,
      IntFunction<? extends BoundedSemaphore> bounded) {
    this.semaphores = semaphores;
    this.bounded = bounded;
  }

  /**
   * The cases.
   *
   * @param semaphores makes a semaphore with the given value
   * @param bounded makes a bounded semaphore with the given value
   * @return the suite
   */
  public static junit.framework.TestSuite suite(
      IntFunction<? extends MpSemaphore> semaphores,
      IntFunction<? extends BoundedSemaphore> bounded) {
    return suite(SemaphoreCases.class, () -> new SemaphoreCases(semaphores, bounded));
  }

  private MpSemaphore semaphore(int value) {
    return made(semaphores.apply(value));
  }

  public void testAcquireReleaseCount() throws Exception {
    MpSemaphore s = semaphore(2);
    assertEquals(2, s.getValue());
    s.acquire();
    assertEquals(1, s.getValue());
    assertTrue(s.tryAcquire());
    assertEquals(0, s.getValue());
    assertFalse(s.tryAcquire());
    s.release();
    s.release();
    assertEquals(2, s.getValue());
  }

  /** A counting semaphore: a release by a thread that took nothing adds a permit. */
  public void testReleaseAboveInitialValue() {
    MpSemaphore s = semaphore(0);
    s.release();
    s.release();
    assertEquals(2, s.getValue());
    assertTrue(s.tryAcquire());
    assertTrue(s.tryAcquire());
    assertFalse(s.tryAcquire());
  }

  public void testTimedAcquireTimesOut() throws Exception {
    MpSemaphore s = semaphore(0);
    long start = System.nanoTime();
    assertFalse(s.acquire(SHORT));
    assertTrue(millisSince(start) >= SHORT.toMillis(), "returned before its timeout");
    assertFalse(s.acquire(Duration.ZERO));
    assertFalse(s.acquire(Duration.ofMillis(-1)));
    assertEquals(0, s.getValue());
  }

  public void testTimedAcquireHugeTimeoutWithPermit() throws Exception {
    MpSemaphore s = semaphore(1);
    assertTrue(s.acquire(Duration.ofSeconds(Long.MAX_VALUE)));
    assertEquals(0, s.getValue());
  }

  public void testAcquireWaitsForRelease() throws Exception {
    MpSemaphore s = semaphore(0);
    Thread t = started(s::acquire);
    stillBlocked(t);
    s.release();
    joined(t);
    assertEquals(0, s.getValue());
  }

  public void testTimedAcquireGetsLaterRelease() throws Exception {
    MpSemaphore s = semaphore(0);
    Thread t = started(() -> assertTrue(s.acquire(LONG.multipliedBy(2))));
    stillBlocked(t);
    s.release();
    joined(t);
  }

  public void testAcquireInterruptedWhileWaiting() throws Exception {
    MpSemaphore s = semaphore(0);
    Thread t =
        started(
            () -> {
              try {
                s.acquire();
                shouldThrow("InterruptedException");
              } catch (InterruptedException expected) {
                assertNotInterrupted();
              }
            });
    stillBlocked(t);
    t.interrupt();
    joinedPromptly(t);
    s.release();
    assertEquals(1, s.getValue(), "the interrupted acquire took the permit released later");
  }

  public void testTimedAcquireInterruptedWhileWaiting() throws Exception {
    MpSemaphore s = semaphore(0);
    Thread t =
        started(
            () -> {
              try {
                s.acquire(LONG.multipliedBy(2));
                shouldThrow("InterruptedException");
              } catch (InterruptedException expected) {
                assertNotInterrupted();
              }
            });
    stillBlocked(t);
    t.interrupt();
    joinedPromptly(t);
  }

  public void testAcquireAfterInterruptWithoutPermit() throws Exception {
    MpSemaphore s = semaphore(0);
    Thread t =
        started(
            () -> {
              Thread.currentThread().interrupt();
              try {
                s.acquire();
                shouldThrow("InterruptedException");
              } catch (InterruptedException expected) {
                assertNotInterrupted();
              }
            });
    joined(t);
  }

  /** Permits go to the waiters, each release to one of them. */
  public void testReleasesWakeEachWaiter() throws Exception {
    MpSemaphore s = semaphore(0);
    CountDownLatch acquired = new CountDownLatch(3);
    for (int i = 0; i < 3; i++) {
      started(
          () -> {
            s.acquire();
            acquired.countDown();
          });
    }
    for (int i = 0; i < 3; i++) {
      s.release();
    }
    assertTrue(acquired.await(LONG.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(0, s.getValue());
  }

  public void testBoundedRefusesReleaseAboveBound() throws Exception {
    BoundedSemaphore s = made(bounded.apply(1));
    assertEquals(1, s.initialValue());
    assertThrows(IllegalStateException.class, s::release);
    assertEquals(1, s.getValue());
    s.acquire();
    s.release();
    assertEquals(1, s.getValue());
  }
}
