package dev.multiproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.testing.CapturedOutput;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ChildProcess} across real child JVMs. */
@ExtendWith(NoLeaksExtension.class)
class ChildProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  static void greet(String who) {
    var me = Multiprocessing.currentProcess();
    System.out.println(
        "hello "
            + who
            + " from "
            + me.name()
            + " pid="
            + me.pid()
            + " parent="
            + Multiprocessing.parentProcess().map(ProcessInfo::name).orElse("none"));
  }

  static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A subclass that overrides run(), with a field that travels to the child. */
  static final class Counter extends ChildProcess {
    private final int upTo;

    Counter(int upTo) {
      this.upTo = upTo;
    }

    @Override
    public void run() {
      int sum = 0;
      for (int i = 1; i <= upTo; i++) {
        sum += i;
      }
      System.out.println("sum=" + sum + " in " + Multiprocessing.currentProcess().name());
    }
  }

  /** Child: reports its own daemon flag. */
  static void reportDaemon(dev.multiproc.ipc.MpQueue<Boolean> flags) throws InterruptedException {
    flags.put(Multiprocessing.currentProcess().daemon());
  }

  /* --------------- start / join / exit codes --------------- */

  @Test
  void currentProcess_inChild_reportsItsDaemonFlag() throws Exception {
    assertFalse(Multiprocessing.currentProcess().daemon(), "the main process is not a daemon");
    try (dev.multiproc.ipc.MpQueue<Boolean> flags = Multiprocessing.local().queue()) {
      for (boolean daemon : new boolean[] {true, false}) {
        ChildProcess p =
            Multiprocessing.local()
                .process(ChildProcessTest::reportDaemon, flags)
                .daemon(daemon)
                .start();
        assertEquals(daemon, flags.get(WAIT), "daemon(" + daemon + ")");
        assertTrue(p.join(WAIT));
        p.close();
      }
    }
  }

  @Test
  void start_targetWithArgument_runsInChildWithItsNameAndOutputReachesParent() throws Exception {
    try (var output = new CapturedOutput()) {
      ChildProcess p =
          Multiprocessing.local()
              .process(ChildProcessTest::greet, "alpha")
              .name("Worker-A")
              .start();
      long pid = p.pid().orElseThrow();
      p.join();
      assertEquals(OptionalInt.of(0), p.exitCode());
      assertTrue(output.awaitOut(s -> s.contains("hello alpha"), WAIT), output::out);
      assertTrue(
          output.out().contains("hello alpha from Worker-A pid=" + pid + " parent=MainProcess"),
          output::out);
      assertTrue(pid != ProcessHandle.current().pid());
    }
  }

  @Test
  void start_subclassOverridingRun_runsItWithItsFields() throws Exception {
    try (var output = new CapturedOutput()) {
      ChildProcess p = new Counter(10).name("Counter").start();
      p.join();
      assertEquals(OptionalInt.of(0), p.exitCode());
      assertTrue(output.awaitOut(s -> s.contains("sum=55 in Counter"), WAIT), output::out);
    }
  }

  @Test
  void exitCode_targetThrows_isOneAndTraceGoesToStderr() throws Exception {
    try (var output = new CapturedOutput()) {
      ChildProcess p =
          new ChildProcess(
                  () -> {
                    throw new IllegalStateException("broken target");
                  })
              .name("Thrower")
              .start();
      p.join();
      assertEquals(OptionalInt.of(1), p.exitCode());
      assertTrue(output.awaitErr(s -> s.contains("broken target"), WAIT), output::err);
      assertTrue(output.err().contains("Process Thrower:"), output::err);
    }
  }

  @Test
  void exitCode_systemExit3_isThree() throws Exception {
    ChildProcess p = new ChildProcess(() -> System.exit(3)).start();
    p.join();
    assertEquals(OptionalInt.of(3), p.exitCode());
    assertEquals(new ExitStatus.Exited(3), p.exitStatus());
  }

  @Test
  void terminate_runningChild_exitCodeIsMinus15() throws Exception {
    ChildProcess p = new ChildProcess(() -> sleepMillis(60_000)).start();
    assertTrue(p.isAlive());
    assertEquals(OptionalInt.empty(), p.exitCode());
    p.terminate();
    assertTrue(p.join(WAIT));
    assertFalse(p.isAlive());
    assertEquals(OptionalInt.of(-15), p.exitCode());
  }

  @Test
  void kill_runningChild_exitCodeIsMinus9() throws Exception {
    ChildProcess p = new ChildProcess(() -> sleepMillis(60_000)).start();
    p.kill();
    assertTrue(p.join(WAIT));
    assertEquals(new ExitStatus.Killed(9), p.exitStatus());
    assertEquals(OptionalInt.of(-9), p.exitCode());
  }

  @Test
  void join_withTimeout_returnsFalseWhileRunning() throws Exception {
    ChildProcess p = new ChildProcess(() -> sleepMillis(60_000)).start();
    try {
      assertFalse(p.join(Duration.ofMillis(100)));
      assertTrue(p.isAlive());
      assertTrue(Multiprocessing.activeChildren().contains(p));
    } finally {
      p.kill();
      p.join();
    }
    assertFalse(Multiprocessing.activeChildren().contains(p));
  }

  /* --------------- misuse --------------- */

  @Test
  void start_twice_throwsWithName() throws Exception {
    ChildProcess p = new ChildProcess(() -> {}).name("Once").start();
    var e = assertThrows(IllegalStateException.class, p::start);
    assertEquals("cannot start a process twice: name=Once", e.getMessage());
    p.join();
  }

  @Test
  void join_beforeStart_throws() {
    ChildProcess p = new ChildProcess(() -> {}).name("Never");
    var e = assertThrows(IllegalStateException.class, p::join);
    assertEquals("can only join a started process: name=Never", e.getMessage());
    assertEquals(OptionalInt.empty(), p.exitCode());
    assertTrue(p.pid().isEmpty());
  }

  @Test
  void close_whileRunning_throwsThenWorksAfterJoin() throws Exception {
    ChildProcess p = new ChildProcess(() -> sleepMillis(60_000)).name("Busy").start();
    var e = assertThrows(IllegalStateException.class, p::close);
    assertEquals(
        "cannot close a process while it is still running: name=Busy;"
            + " call join() or terminate() first",
        e.getMessage());
    p.kill();
    p.join();
    p.close();
    var closed = assertThrows(IllegalStateException.class, p::isAlive);
    assertEquals("process object is closed: name=Busy", closed.getMessage());
  }

  @Test
  void daemon_afterStart_throws() throws Exception {
    ChildProcess p = new ChildProcess(() -> {}).start();
    assertThrows(IllegalStateException.class, () -> p.daemon(true));
    p.join();
  }

  @Test
  void start_targetCapturingUnserializableValue_throwsNamingTheClass() {
    Thread notSerializable = new Thread(() -> {});
    ChildProcess p = new ChildProcess(() -> System.out.println(notSerializable.getName()));
    var e = assertThrows(IllegalArgumentException.class, p::start);
    assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
    assertTrue(e.getMessage().contains("captured arg 0"), e.getMessage());
  }

  /* --------------- JVM options --------------- */

  @Test
  void jvm_systemPropertyEnvironmentAndHeap_reachTheChild() throws Exception {
    try (var output = new CapturedOutput()) {
      ChildProcess p =
          new ChildProcess(
                  () ->
                      System.out.println(
                          "prop="
                              + System.getProperty("mp.test")
                              + " env="
                              + System.getenv("MP_TEST_ENV")
                              + " maxHeapMb="
                              + Runtime.getRuntime().maxMemory() / (1024 * 1024)))
              .jvm(
                  JvmOptions.defaults()
                      .withSystemProperty("mp.test", "42")
                      .withMaxHeap("64m")
                      .withEnvironment("MP_TEST_ENV", "yes"))
              .start();
      p.join();
      assertTrue(output.awaitOut(s -> s.contains("prop=42 env=yes"), WAIT), output::out);
      int mb = Integer.parseInt(output.out().replaceAll("(?s).*maxHeapMb=(\\d+).*", "$1"));
      assertTrue(mb <= 64, "max heap " + mb);
    }
  }
}
