package dev.multiproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.testing.Blocked;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Event} across real child processes. */
@ExtendWith(NoLeaksExtension.class)
class EventTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  private final Context ctx = Multiprocessing.local();

  @Test
  void await_setByChild_returnsTrue() throws Exception {
    try (Event event = ctx.event()) {
      assertFalse(event.isSet());
      ChildProcess child = ctx.process(SyncTasks::setLater, event).start();
      assertTrue(event.await(WAIT));
      assertTrue(event.isSet());
      assertTrue(event.await(Duration.ZERO), "a set event does not block");
      assertTrue(child.join(WAIT));
      assertEquals(OptionalInt.of(0), child.exitCode());
    }
  }

  @Test
  void setAndAwait_pingPongWithChild_everyRoundArrives() throws Exception {
    try (Event ping = ctx.event();
        Event pong = ctx.event()) {
      ChildProcess child = ctx.process(SyncTasks::pong, ping, pong).start();
      for (int i = 0; i < SyncTasks.ROUNDS; i++) {
        ping.set();
        assertTrue(pong.await(WAIT), "round " + i);
        pong.clear();
      }
      assertTrue(child.join(WAIT));
      assertEquals(OptionalInt.of(0), child.exitCode());
      assertFalse(ping.isSet());
    }
  }

  @Test
  void await_neverSet_timesOutAfterClear() throws Exception {
    try (Event event = ctx.event()) {
      event.set();
      event.clear();
      assertFalse(event.isSet());
      long start = System.nanoTime();
      assertFalse(event.await(Duration.ofMillis(150)));
      assertTrue(System.nanoTime() - start >= Duration.ofMillis(140).toNanos());
    }
  }

  @Test
  void await_interrupted_throws() throws Exception {
    try (Event event = ctx.event()) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread t =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      event.await();
                    } catch (Throwable e) {
                      thrown.set(e);
                    }
                  });
      // interrupted while parked in the kernel, not before it got there
      Blocked.untilInside(t, "Futex", "kernelAwait", WAIT);
      t.interrupt();
      t.join(WAIT);
      assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
    }
  }

  @Test
  void close_thenUse_throws() {
    Event event = ctx.event();
    event.close();
    assertThrows(IllegalStateException.class, event::set);
  }
}
