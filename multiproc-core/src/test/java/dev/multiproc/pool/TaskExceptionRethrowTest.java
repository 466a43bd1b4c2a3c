package dev.multiproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.testing.NoLeaksExtension;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a caller gets for a task that threw is the same from a synchronous call ({@link
 * Pool#apply}) and from the lazy iterator of {@link Pool#imap}, on worker JVMs and on threads: an
 * unchecked exception as itself, an {@link Error} as itself, a checked exception inside a {@link
 * RemoteException} named after its class.
 */
@ExtendWith(NoLeaksExtension.class)
class TaskExceptionRethrowTest {

  static int throwUnchecked(int x) {
    throw new IllegalStateException("unchecked " + x);
  }

  static int throwError(int x) {
    throw new AssertionError("error " + x);
  }

  static int throwChecked(int x) throws IOException {
    throw new IOException("checked " + x);
  }

  private static Context ctx(String backend) {
    return backend.equals("local") ? Multiprocessing.local() : Multiprocessing.threads();
  }

  @Test
  void rethrowable_returnsUncheckedAsItself_throwsErrors_wrapsChecked() {
    var unchecked = new IllegalStateException("u");
    assertSame(unchecked, RemoteException.rethrowable(unchecked));
    var error = new AssertionError("e");
    assertSame(error, assertThrows(AssertionError.class, () -> RemoteException.rethrowable(error)));
    var checked = new IOException("c");
    RemoteException wrapped =
        assertInstanceOf(RemoteException.class, RemoteException.rethrowable(checked));
    assertSame(checked, wrapped.getCause());
    assertEquals("java.io.IOException", wrapped.remoteClass());
    assertEquals("java.io.IOException: c", wrapped.getMessage());
    var noMessage = new IOException();
    assertEquals("java.io.IOException: null", RemoteException.rethrowable(noMessage).getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "threads"})
  void applyAndImap_taskThrows_throwTheSame(String backend) {
    try (Pool pool = ctx(backend).pool(1)) {
      assertThrowsAlike(
          pool, TaskExceptionRethrowTest::throwUnchecked, IllegalStateException.class, null);
      assertThrowsAlike(pool, TaskExceptionRethrowTest::throwError, AssertionError.class, null);
      RemoteException checked =
          assertThrowsAlike(
              pool,
              TaskExceptionRethrowTest::throwChecked,
              RemoteException.class,
              IOException.class);
      assertEquals("java.io.IOException", checked.remoteClass());
      assertEquals("java.io.IOException: checked 1", checked.getMessage());
    }
  }

  /**
   * Runs {@code task} on 1 with {@code apply} and with {@code imap}, and checks that both throw
   * {@code expected} with the same message and, when given, a cause of {@code cause}.
   */
  private static <T extends Throwable> T assertThrowsAlike(
      Pool pool,
      SerializableFunction<Integer, Integer> task,
      Class<T> expected,
      Class<? extends Throwable> cause) {
    Throwable sync = assertThrows(Throwable.class, () -> pool.apply(task, 1));
    Throwable lazy;
    try (ResultIterator<Integer> results = pool.imap(task, List.of(1))) {
      lazy = assertThrows(Throwable.class, results::next);
    }
    T fromApply = assertInstanceOf(expected, sync, () -> "apply threw " + sync);
    T fromImap = assertInstanceOf(expected, lazy, () -> "imap's next threw " + lazy);
    assertEquals(fromApply.getMessage(), fromImap.getMessage());
    assertNotNull(fromApply.getMessage());
    if (cause != null) {
      assertInstanceOf(cause, fromApply.getCause(), () -> "apply threw " + sync);
      assertInstanceOf(cause, fromImap.getCause(), () -> "imap's next threw " + lazy);
      assertEquals(fromApply.getCause().getMessage(), fromImap.getCause().getMessage());
    }
    return fromApply;
  }
}
