package dev.multiproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules that the shared-memory and the threads primitives once each wrote for themselves, and
 * that differed: each runs against both, which now share one implementation of the rule.
 */
@ExtendWith(NoLeaksExtension.class)
class SameSemanticsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** A timeout too long to count in nanoseconds: it must saturate, as the JDK's do. */
  private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

  static Stream<Context> contexts() {
    return Stream.of(Multiprocessing.local(), Multiprocessing.threads());
  }

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @ParameterizedTest
  @MethodSource("contexts")
  void semaphoreAcquire_enteredInterrupted_throwsAndTakesNothing(Context ctx) {
    try (MpSemaphore sem = ctx.semaphore(1)) {
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, sem::acquire);
      assertFalse(Thread.currentThread().isInterrupted(), "the status is cleared");
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, () -> sem.acquire(WAIT));
      assertEquals(1, sem.getValue(), "an interrupted caller takes no permit");
    }
  }

  @ParameterizedTest
  @MethodSource("contexts")
  void eventAwait_enteredInterrupted_throwsEvenWhenSet(Context ctx) {
    try (Event event = ctx.event()) {
      event.set();
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, () -> event.await(WAIT));
      assertFalse(Thread.currentThread().isInterrupted(), "the status is cleared");
    }
  }

  @ParameterizedTest
  @MethodSource("contexts")
  void eventAwait_timeoutTooLongToCount_saturates(Context ctx) throws Exception {
    try (Event event = ctx.event()) {
      event.set();
      assertTrue(event.await(FOREVER));
    }
  }

  @ParameterizedTest
  @MethodSource("contexts")
  void barrierAwait_timeoutTooLongToCount_saturates(Context ctx) throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (Barrier barrier = ctx.barrier(2)) {
      Future<Integer> first = other.submit(() -> barrier.await(FOREVER));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (barrier.nWaiting() == 0 && !first.isDone() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertFalse(first.isDone(), () -> "the first party did not wait: " + result(first));
      assertEquals(1, barrier.await(WAIT));
      assertEquals(0, first.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    } finally {
      other.shutdownNow();
      assertTrue(other.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
  }

  private static String result(Future<Integer> f) {
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return String.valueOf(f.get());
              } catch (Exception e) {
                return String.valueOf(e.getCause());
              }
            })
        .join();
  }

  @ParameterizedTest
  @MethodSource("contexts")
  void barrierAwait_enteredInterruptedWhenBroken_saysBrokenAndKeepsTheInterrupt(Context ctx) {
    try (Barrier barrier = ctx.barrier(2)) {
      barrier.abort();
      Thread.currentThread().interrupt();
      assertThrows(BrokenBarrierException.class, barrier::await);
      assertTrue(Thread.interrupted(), "the interrupt is kept, as CyclicBarrier keeps it");
    }
  }

  @ParameterizedTest
  @MethodSource("contexts")
  void barrierAwait_enteredInterrupted_breaksIt(Context ctx) {
    try (Barrier barrier = ctx.barrier(2)) {
      Thread.currentThread().interrupt();
      var e = assertThrows(InterruptedException.class, barrier::await);
      assertEquals("interrupted while waiting at a barrier", e.getMessage());
      assertFalse(Thread.currentThread().isInterrupted(), "the status is cleared");
      assertTrue(barrier.isBroken());
    }
  }
}
