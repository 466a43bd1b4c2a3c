package dev.multiproc.internal.classes;

import static dev.multiproc.internal.classes.RemoteCode.component;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableConsumer;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The class channel with real worker JVMs: tasks whose classes exist only in a class loader of the
 * caller's ({@link RemoteCode}, compiled at test time outside the class path) run in a pool, in a
 * child process and through the executor; the worker loads them from its caller, and defines them
 * in its loader of the caller's classes (each result says which loader defined its class there).
 */
@ExtendWith(NoLeaksExtension.class)
class ClassChannelTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String CALLER_LOADER = "multiproc-caller";
  private static final long SELF = ProcessHandle.current().pid();

  private static RemoteCode code;

  @BeforeAll
  static void compile() throws Exception {
    code = RemoteCode.compile();
  }

  @AfterAll
  static void remove() {
    code.close();
  }

  private static Context mp() {
    return Multiprocessing.local();
  }

  @Test
  void pool_mapsATaskObjectAndALambdaOfTheCallersLoader() throws Exception {
    SerializableFunction<Integer, Object> square = code.call("square");
    SerializableFunction<Integer, Object> scaled = code.scaled(10);
    try (Pool pool = mp().pool(2)) {
      List<Object> squares = pool.map(square, List.of(1, 2, 3));
      List<Object> lambda = pool.map(scaled, List.of(1, 2, 3));
      assertEquals(List.of(1, 4, 9), squares.stream().map(m -> component(m, "value")).toList());
      assertEquals(List.of(11, 21, 31), lambda.stream().map(m -> component(m, "value")).toList());
      for (Object made : concat(squares, lambda)) {
        assertNotEquals(SELF, component(made, "pid"), made.toString());
        assertEquals(CALLER_LOADER, component(made, "loader"), made.toString());
        // the caller decoded the result with the class of its own loader
        assertEquals(code.loader(), made.getClass().getClassLoader());
      }
    }
  }

  @Test
  void childProcess_targetOfTheCallersLoader_sendsItsRecordsThroughAQueue() throws Exception {
    SerializableConsumer<MpQueue<Object>> producer = code.call("producer");
    try (MpQueue<Object> queue = mp().queue()) {
      ChildProcess child = mp().process(producer, queue).start();
      Object made = queue.get(WAIT);
      assertEquals(7, component(made, "value"));
      assertEquals(child.pid().orElseThrow(), component(made, "pid"));
      assertEquals(CALLER_LOADER, component(made, "loader"));
      assertEquals(true, child.join(WAIT));
      assertEquals(0, child.exitCode().orElse(-1));
      child.close();
    }
  }

  @Test
  void executor_submitsACallableOfTheCallersLoader() throws Exception {
    SerializableCallable<Object> callable = code.call("callable");
    try (ProcessPoolExecutor executor = mp().executor(1)) {
      Object made = executor.submit(callable).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(7, component(made, "value"));
      assertEquals(CALLER_LOADER, component(made, "loader"));
      ExecutorService plain = executor;
      List<Object> all =
          plain.invokeAll(List.of(callable, callable)).stream()
              .map(
                  f -> {
                    try {
                      return f.get();
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .toList();
      assertEquals(List.of(7, 7), all.stream().map(m -> component(m, "value")).toList());
    }
  }

  @Test
  void resourceOfTheCallersLoader_isReadInTheWorker() throws Exception {
    SerializableCallable<Object> resource = code.call("resource");
    try (Pool pool = mp().pool(1)) {
      assertEquals("data of the application", pool.apply(resource));
    }
  }

  @Test
  void theSameClassOnTheWorkersClassPath_isLoadedFromThere() throws Exception {
    // a lambda of this test class: the worker has it on its class path, and never asks
    try (Pool pool = mp().pool(1)) {
      assertEquals("app", pool.apply(ClassChannelTest::loaderName));
    }
  }

  static String loaderName() {
    return ClassChannelTest.class.getClassLoader().getName();
  }

  private static List<Object> concat(List<Object> a, List<Object> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  @Test
  void taskNamingAClassNoOneHas_failsNamingItAndTheCallersLoaders() throws Exception {
    SerializableFunction<Integer, Object> gone = code.call("gone");
    try (Pool pool = mp().pool(1)) {
      var e =
          assertThrows(
              Exception.class,
              () -> pool.applyAsync(gone, 1).get(WAIT.toSeconds(), TimeUnit.SECONDS));
      String text = describe(e);
      assertContains(text, "remote.app.Gone");
      assertContains(text, "'remote-app'");
      // the worker survives it and runs the next task
      SerializableFunction<Integer, Object> scaled = code.scaled(2);
      assertEquals(5, component(pool.apply(scaled, 2), "value"));
    }
  }

  static String describe(Throwable t) {
    var text = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      text.append(c).append(" / ");
    }
    return text.toString();
  }

  static void assertContains(String text, String part) {
    if (!text.contains(part)) {
      throw new AssertionError("expected \"" + part + "\" in: " + text);
    }
  }
}
