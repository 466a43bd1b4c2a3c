package dev.multiproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.pool.Pool;
import dev.multiproc.testing.CapturedOutput;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pool or process started by a static initialiser that runs again in a worker (the class of a
 * task's lambda is initialised where the lambda is decoded) is refused there with a message that
 * says why and what to do, as Python refuses to start a process in the bootstrapping phase.
 */
@ExtendWith(NoLeaksExtension.class)
class StaticInitialiserTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** A class with a pool in a static field, and a task written in it. */
  static final class PoolInStaticField {
    static final Pool POOL = Multiprocessing.local().pool(1);
    static final SerializableFunction<Integer, Integer> SQUARE = x -> x * x;
  }

  /** A class whose static block starts a process that runs a method of the class itself. */
  static final class StartInStaticBlock {
    static final ChildProcess STARTED;

    static {
      SerializableRunnable target = StartInStaticBlock::noop;
      STARTED = new ChildProcess(target).start();
    }

    static void noop() {}
  }

  @Test
  void pool_inStaticFieldOfATaskClass_isRefusedInTheWorkerWithWhyAndWhatToDo() throws Exception {
    Pool pool = PoolInStaticField.POOL; // the caller may: it is not a worker
    try {
      var e =
          assertThrows(
              ExecutionException.class,
              () -> pool.applyAsync(PoolInStaticField.SQUARE, 3).get(WAIT));
      String text = describe(e);
      assertTrue(text.contains("cannot create a pool in worker PoolWorker-"), text);
      assertTrue(
          text.contains("while it initialises class " + PoolInStaticField.class.getName()), text);
      assertTrue(text.contains("Create the pool or process in a method"), text);
      long worker = pool.workers().getFirst().pid();
      assertEquals(
          0,
          ProcessHandle.of(worker).orElseThrow().descendants().count(),
          "the worker started no JVM");
    } finally {
      pool.close();
    }
  }

  @Test
  void process_startedInStaticBlock_isRefusedInTheChildInsteadOfRecursing() throws Exception {
    try (var output = new CapturedOutput()) {
      ChildProcess child = StartInStaticBlock.STARTED; // started here, in the caller
      assertTrue(child.join(WAIT));
      assertEquals(OptionalInt.of(1), child.exitCode(), output::err);
      assertTrue(
          output.awaitErr(s -> s.contains("cannot start a process in worker "), WAIT), output::err);
      assertTrue(
          output.err().contains("while it initialises class " + StartInStaticBlock.class.getName()),
          output::err);
      child.close();
    }
  }

  private static String describe(Throwable t) {
    var sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c).append('\n');
    }
    return sb.toString();
  }
}
