package dev.multiproc.shared;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.sync.RLock;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Shared values and arrays across real child JVMs. */
@ExtendWith(NoLeaksExtension.class)
class SharedValuesTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int N = 5_000;
  private final Context ctx = Multiprocessing.local();

  /** Python's {@code with v.get_lock(): v.value += 1}, N times. */
  static void addUnderLock(SharedInt v) {
    RLock lock = v.getLock();
    for (int i = 0; i < N; i++) {
      lock.lock();
      try {
        v.set(v.get() + 1);
      } finally {
        lock.unlock();
      }
    }
  }

  static void addAtomically(SharedLong v) {
    for (int i = 0; i < N; i++) {
      v.getAndAdd(2);
    }
  }

  static void squareEach(SharedIntArray a) {
    for (int i = 0; i < a.length(); i++) {
      a.set(i, a.get(i) * a.get(i));
    }
  }

  static void addHalves(SharedDouble d, SharedDoubleArray a) {
    for (int i = 0; i < N; i++) {
      d.addAndGet(0.5);
      a.addAndGet(1, 0.25);
    }
  }

  static void bumpByte(SharedByteArray bytes, Integer index) {
    for (int i = 0; i < 100; i++) {
      bytes.addAndGet(index, (byte) 1);
    }
  }

  private static void runAll(List<ChildProcess> children) throws InterruptedException {
    children.forEach(ChildProcess::start);
    for (ChildProcess c : children) {
      assertTrue(c.join(WAIT), "child did not finish");
      assertEquals(OptionalInt.of(0), c.exitCode());
    }
  }

  @Test
  void lockedReadModifyWrite_acrossThreeProcesses_losesNothing() throws Exception {
    try (SharedInt v = ctx.sharedInt(0)) {
      assertTrue(v.hasLock());
      var children =
          List.of(
              ctx.process(SharedValuesTest::addUnderLock, v),
              ctx.process(SharedValuesTest::addUnderLock, v));
      children.forEach(ChildProcess::start);
      addUnderLock(v);
      for (ChildProcess c : children) {
        assertTrue(c.join(WAIT));
        assertEquals(OptionalInt.of(0), c.exitCode());
      }
      assertEquals(3 * N, v.get());
    }
  }

  @Test
  void rawValue_hasNoLock_butItsAtomicsHoldAcrossProcesses() throws Exception {
    try (SharedLong v = ctx.sharedLong(10, false)) {
      assertFalse(v.hasLock());
      var e = assertThrows(UnsupportedOperationException.class, v::getLock);
      assertTrue(e.getMessage().contains("raw"), e.getMessage());
      runAll(
          List.of(
              ctx.process(SharedValuesTest::addAtomically, v),
              ctx.process(SharedValuesTest::addAtomically, v)));
      assertEquals(10 + 2L * 2 * N, v.get());
      assertTrue(v.compareAndSet(10 + 2L * 2 * N, -1));
      assertEquals(-1, v.get());
    }
  }

  @Test
  void array_editedByAChild_isSeenByTheParent() throws Exception {
    try (SharedIntArray a = ctx.sharedIntArray(1, 2, 3, 4, 5)) {
      runAll(List.of(ctx.process(SharedValuesTest::squareEach, a)));
      assertArrayEquals(new int[] {1, 4, 9, 16, 25}, a.toArray());
      assertEquals(5, a.length());
      var e = assertThrows(IndexOutOfBoundsException.class, () -> a.get(5));
      assertTrue(
          e.getMessage().contains("index 5") && e.getMessage().contains("length 5"),
          e.getMessage());
      assertThrows(IndexOutOfBoundsException.class, () -> a.setAll(new int[6]));
      assertEquals(26, a.addAndGet(4, 1));
    }
  }

  @Test
  void doublesAndBytes_updateAtomicallyAcrossProcesses() throws Exception {
    try (SharedDouble d = ctx.sharedDouble(1.0);
        SharedDoubleArray a = ctx.sharedDoubleArray(new double[] {0, 0}, false);
        SharedByteArray bytes = ctx.sharedByteArray(new byte[5], false)) {
      runAll(
          List.of(
              ctx.process(SharedValuesTest::addHalves, d, a),
              ctx.process(SharedValuesTest::addHalves, d, a),
              ctx.process(SharedValuesTest::bumpByte, bytes, 0),
              ctx.process(SharedValuesTest::bumpByte, bytes, 1),
              ctx.process(SharedValuesTest::bumpByte, bytes, 2)));
      assertEquals(1.0 + 2 * N * 0.5, d.get());
      assertArrayEquals(new double[] {0, 2 * N * 0.25}, a.toArray());
      assertArrayEquals(
          new byte[] {100, 100, 100, 0, 0},
          bytes.toArray(),
          "a byte's CAS must not touch its neighbours in the same word");
    }
  }

  @Test
  void closedValue_refusesUse_withItsName() {
    SharedInt v = ctx.sharedInt(3);
    v.close();
    var e = assertThrows(IllegalStateException.class, v::get);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    v.close(); // idempotent
  }
}
