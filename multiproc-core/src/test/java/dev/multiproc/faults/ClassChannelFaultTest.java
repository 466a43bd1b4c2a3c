package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.internal.classes.RemoteCode;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.TaskTransferException;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults of the class channel: a caller that has a task's class but cannot send its bytes (its
 * loader serves no resources, as a loader of classes generated in memory). The worker must fail
 * the task at once with a message that names the class and the loaders the caller asked, never
 * wait, and run the next task.
 */
@ExtendWith(NoLeaksExtension.class)
class ClassChannelFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void taskClassTheCallerCannotSend_failsNamingItAndTheCallersLoaders() throws Exception {
    try (RemoteCode code = RemoteCode.compile(false);
        Pool pool = Multiprocessing.local().pool(1)) {
      SerializableFunction<Integer, Object> square = code.call("square");
      var e =
          assertThrows(
              ExecutionException.class,
              () -> pool.applyAsync(square, 2).get(WAIT.toSeconds(), TimeUnit.SECONDS));
      TaskTransferException cause = assertInstanceOf(TaskTransferException.class, e.getCause());
      String message = cause.getMessage();
      assertTrue(
          message.contains(
              "class not found: remote.app.Work$Square is not on this" + " process's class path"),
          message);
      assertTrue(
          message.contains("has no remote/app/Work$Square.class in its class loaders"), message);
      assertTrue(message.contains("'remote-app-no-resources'"), message);
      assertTrue(message.contains("(pid " + ProcessHandle.current().pid() + ")"), message);
      // the worker survives it
      assertEquals(List.of(1, 4), pool.map(ClassChannelFaultTest::square, List.of(1, 2)));
    }
  }

  static int square(int x) {
    return x * x;
  }
}
