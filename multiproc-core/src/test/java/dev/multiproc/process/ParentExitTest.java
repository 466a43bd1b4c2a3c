package dev.multiproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.testing.CapturedOutput;
import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.ProcessStates;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What happens to children when their parent exits or dies: a child here is the parent. */
@ExtendWith(NoLeaksExtension.class)
class ParentExitTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs in the middle process: starts a grandchild that sleeps, says its pid, then sleeps. */
  static void startSleepingGrandchild() {
    ChildProcess grandchild = new ChildProcess(() -> sleepMillis(60_000)).start();
    System.out.println("grandchild=" + grandchild.pid().orElseThrow());
    sleepMillis(60_000);
  }

  /** Runs in the middle process: one daemon and one non-daemon child, then returns. */
  static void startDaemonAndNonDaemon() {
    ChildProcess daemon = new ChildProcess(() -> sleepMillis(60_000)).daemon(true).start();
    ChildProcess worker =
        new ChildProcess(
                () -> {
                  sleepMillis(500);
                  System.out.println("non-daemon done");
                })
            .start();
    System.out.println(
        "daemon=" + daemon.pid().orElseThrow() + " worker=" + worker.pid().orElseThrow());
  }

  private static long find(String text, String key) {
    Matcher m = Pattern.compile(key + "=(\\d+)").matcher(text);
    assertTrue(m.find(), () -> "no " + key + " in: " + text);
    return Long.parseLong(m.group(1));
  }

  private static boolean gone(long pid, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!ProcessStates.running(pid)) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  @Test
  void parentKilled_childExitsWithinOneSecond() throws Exception {
    try (var output = new CapturedOutput()) {
      ChildProcess middle = new ChildProcess(ParentExitTest::startSleepingGrandchild).start();
      assertTrue(output.awaitOut(s -> s.contains("grandchild="), WAIT), output::out);
      long grandchild = find(output.out(), "grandchild");
      assertTrue(ProcessHandle.of(grandchild).isPresent());
      middle.kill();
      middle.join();
      long killedAt = System.nanoTime();
      assertTrue(
          gone(grandchild, Duration.ofSeconds(1)),
          "grandchild " + grandchild + " still alive 1 s after its parent was killed");
      System.err.println(
          "orphan exited after " + (System.nanoTime() - killedAt) / 1_000_000 + " ms");
    }
  }

  @Test
  void parentExits_daemonTerminatedAndNonDaemonJoined() throws Exception {
    try (var output = new CapturedOutput()) {
      ChildProcess middle = new ChildProcess(ParentExitTest::startDaemonAndNonDaemon).start();
      middle.join();
      assertEquals(OptionalInt.of(0), middle.exitCode());
      // the middle process waited for its non-daemon child before exiting
      assertTrue(output.out().contains("non-daemon done"), output::out);
      long daemon = find(output.out(), "daemon");
      long worker = find(output.out(), "worker");
      assertTrue(gone(daemon, Duration.ofSeconds(2)), "daemon child still alive");
      assertTrue(gone(worker, Duration.ofSeconds(2)), "non-daemon child still alive");
    }
  }
}
