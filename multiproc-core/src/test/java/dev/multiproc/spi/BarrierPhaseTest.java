package dev.multiproc.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The barrier's rules on generations and breaking, as every backend runs them. */
class BarrierPhaseTest {
  private static final int PARTIES = 2;

  @Test
  void aStateOlderThanTheWaitersGenerationDoesNotEndIt() {
    BarrierPhase aborted = BarrierPhase.START.step(BarrierPhase.ABORT, 0, PARTIES).next();
    BarrierPhase reset = aborted.step(BarrierPhase.RESET, 0, PARTIES).next();
    BarrierPhase arrived = reset.step(BarrierPhase.ARRIVE, 0, PARTIES).next();
    assertEquals(1, arrived.generation());
    // a cluster waiter may be told of the aborted generation 0 after it arrived in generation 1
    assertFalse(aborted.ended(1), "an older, broken generation says nothing of generation 1");
    assertFalse(aborted.released(1));
    BarrierPhase resetAgain = arrived.step(BarrierPhase.RESET, 0, PARTIES).next();
    assertTrue(resetAgain.ended(1));
    assertFalse(resetAgain.released(1), "a reset with a waiter ends its generation broken");
  }

  @Test
  void theLastArrivalReleasesAndTheNextGenerationStartsEmpty() {
    BarrierPhase.Step first = BarrierPhase.START.step(BarrierPhase.ARRIVE, 0, PARTIES);
    assertEquals(BarrierPhase.Step.ARRIVED, first.status());
    assertEquals(0, first.count());
    BarrierPhase.Step last = first.next().step(BarrierPhase.ARRIVE, 0, PARTIES);
    assertEquals(1, last.count());
    BarrierPhase.Step full = last.next().step(BarrierPhase.ARRIVE, 0, PARTIES);
    assertEquals(BarrierPhase.Step.FULL, full.status(), "while the action runs, arrivals wait");
    assertSame(last.next(), full.next());
    BarrierPhase released = last.next().step(BarrierPhase.RELEASE, 0, PARTIES).next();
    assertTrue(released.released(0));
    assertEquals(0, released.waiting(PARTIES));
    assertEquals(
        BarrierPhase.Step.ARRIVED, released.step(BarrierPhase.ARRIVE, 0, PARTIES).status());
  }

  @Test
  void generationsCountedIn31BitsWrapAround() {
    long last = (1L << 31) - 1;
    BarrierPhase before = new BarrierPhase(last, 0, false, 0);
    BarrierPhase wrapped = new BarrierPhase(0, 0, false, 0); // a shared-memory barrier's next
    assertTrue(wrapped.ended(last));
    assertTrue(wrapped.released(last));
    assertFalse(before.ended(last));
  }
}
