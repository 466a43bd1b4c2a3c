package dev.multiproc.function;

import static dev.multiproc.function.Args2.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.pool.RemoteException;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.testing.NoLeaksExtension;
import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tasks that throw checked exceptions: a lambda that blocks or does I/O needs no try/catch where
 * a task is taken, and the checked exception reaches the caller as the cause of the usual
 * {@link ExecutionException}, on worker JVMs and on threads.
 */
@ExtendWith(NoLeaksExtension.class)
class CheckedExceptionsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static Context ctx(String backend) {
    return backend.equals("local") ? Multiprocessing.local() : Multiprocessing.threads();
  }

  static int failIo(int x) throws IOException {
    if (x == 3) {
      throw new IOException("no disk for " + x);
    }
    return x * 10;
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "threads"})
  void pool_tasksThatThrowCheckedExceptions_failWithThemAsCause(String backend) throws Exception {
    try (Pool pool = ctx(backend).pool(2)) {
      // a lambda that blocks, with no try/catch
      SerializableFunction<Integer, Integer> sleepThenAdd =
          x -> {
            Thread.sleep(1);
            return x + 1;
          };
      assertEquals(7, pool.apply(sleepThenAdd, 6));
      var e =
          assertThrows(
              ExecutionException.class,
              () -> pool.applyAsync(CheckedExceptionsTest::failIo, 3).get(WAIT));
      assertInstanceOf(IOException.class, e.getCause());
      assertEquals("no disk for 3", e.getCause().getMessage());
      var m =
          assertThrows(
              ExecutionException.class,
              () -> pool.mapAsync(CheckedExceptionsTest::failIo, List.of(1, 2, 3)).get(WAIT));
      assertInstanceOf(IOException.class, m.getCause());
      assertEquals(List.of(10, 20), pool.map(CheckedExceptionsTest::failIo, List.of(1, 2)));
      var s =
          assertThrows(
              ExecutionException.class,
              () ->
                  pool.starmapAsync((Integer a, Integer b) -> failIo(a + b), List.of(args(1, 2)))
                      .get(WAIT));
      assertInstanceOf(IOException.class, s.getCause());
      var t =
          assertThrows(
              ExecutionException.class,
              () ->
                  pool.applyAsync(
                          () -> {
                            throw new InterruptedException("stop");
                          })
                      .get(WAIT));
      assertInstanceOf(InterruptedException.class, t.getCause());
      // the synchronous form throws it inside a RemoteException, as it did for every checked one
      var sync =
          assertThrows(RuntimeException.class, () -> pool.apply(CheckedExceptionsTest::failIo, 3));
      Throwable cause =
          backend.equals("local")
              ? assertInstanceOf(RemoteException.class, sync).getCause()
              : sync.getCause();
      assertInstanceOf(IOException.class, cause, () -> String.valueOf(sync));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "threads"})
  void executor_functionThatThrowsChecked_failsWithItAsCause(String backend) throws Exception {
    try (ProcessPoolExecutor ex = ctx(backend).executor(1)) {
      var e =
          assertThrows(
              ExecutionException.class,
              () -> ex.submit(CheckedExceptionsTest::failIo, 3).get(60, TimeUnit.SECONDS));
      assertInstanceOf(IOException.class, e.getCause());
      var r =
          assertThrows(
              ExecutionException.class,
              () ->
                  ex.submit(
                          () -> {
                            Thread.sleep(1);
                            throw new IOException("runnable");
                          })
                      .get(60, TimeUnit.SECONDS));
      assertInstanceOf(IOException.class, r.getCause());
    }
  }

  /** Child: waits for an item with no try/catch, puts it back doubled. */
  static void doubleOne(MpQueue<Integer> in, MpQueue<Integer> out) throws InterruptedException {
    out.put(2 * in.get());
  }

  static void throwIo() throws IOException {
    throw new IOException("child failed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "threads"})
  void process_targetThatThrowsChecked_runsAndExitsWithOneWhenItThrows(String backend)
      throws Exception {
    Context ctx = ctx(backend);
    try (MpQueue<Integer> in = ctx.queue();
        MpQueue<Integer> out = ctx.queue()) {
      ChildProcess p = ctx.process(CheckedExceptionsTest::doubleOne, in, out).start();
      in.put(21);
      assertEquals(42, out.get(WAIT));
      assertTrue(p.join(WAIT));
      assertEquals(OptionalInt.of(0), p.exitCode());
      p.close();
    }
    ChildProcess failing = ctx.process(CheckedExceptionsTest::throwIo).start();
    assertTrue(failing.join(WAIT));
    assertEquals(OptionalInt.of(1), failing.exitCode());
    failing.close();
  }

  @Test
  void functionView_ofATaskThatThrowsChecked_wrapsItAndKeepsTheInterrupt() {
    SerializableFunction<Integer, Integer> f = CheckedExceptionsTest::failIo;
    var e = assertThrows(UndeclaredThrowableException.class, () -> f.apply(3));
    assertInstanceOf(IOException.class, e.getCause());
    SerializableRunnable r =
        () -> {
          throw new InterruptedException("view");
        };
    assertThrows(UndeclaredThrowableException.class, r::run);
    assertTrue(Thread.interrupted(), "the interrupt is set again");
  }
}
