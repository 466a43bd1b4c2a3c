package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.multiproc.internal.footprint.Footprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the fault tests do to other processes, with real signals, and how they wait: always on a
 * condition with a deadline, never a bare sleep.
 */
final class Faults {
  /** How long a test waits for something that must happen. */
  static final Duration WAIT = Duration.ofSeconds(30);

  private Faults() {}

  /** Sends SIGKILL to {@code pid}. */
  static void kill(long pid) {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
  }

  /** Sends SIGSTOP to {@code pid} and waits until the kernel reports it stopped. */
  static void freeze(long pid) throws Exception {
    signal("STOP", pid);
    await(() -> state(pid) == 'T', WAIT, () -> "pid " + pid + " did not stop: " + state(pid));
  }

  /** Sends SIGCONT to {@code pid} if it still exists (a frozen process may have been killed). */
  static void thaw(long pid) throws Exception {
    if (state(pid) != '-') {
      new ProcessBuilder("kill", "-CONT", Long.toString(pid))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** Sends a signal with {@code kill(1)}. */
  static void signal(String name, long pid) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(pid))
            .redirectErrorStream(true)
            .start();
    String said =
        new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
            .trim();
    assertTrue(kill.waitFor(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(0, kill.exitValue(), () -> "kill -" + name + " " + pid + " failed: " + said);
  }

  /**
   * The state letter of {@code pid} in {@code /proc/<pid>/stat} ({@code R}, {@code S}, {@code T}
   * stopped, {@code Z} zombie …), or {@code '-'} if there is no such process.
   */
  static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (IOException e) {
      return '-';
    }
  }

  /** Bytes this JVM has read with read(2) and its kin so far ({@code /proc/self/io}). */
  static long bytesRead() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", "self", "io"))) {
        if (line.startsWith("rchar:")) {
          return Long.parseLong(line.substring(6).trim());
        }
      }
    } catch (IOException e) {
      // gone
    }
    return -1;
  }

  /** Waits until {@code pid} no longer runs; fails after {@code bound}. Returns the ms it took. */
  static long awaitGone(long pid, Duration bound) throws InterruptedException {
    long start = System.nanoTime();
    await(
        () -> !Footprint.running(pid),
        bound,
        () -> "pid " + pid + " still runs after " + bound + ": state " + state(pid));
    return millisSince(start);
  }

  /** Waits until {@code condition} holds, checking every few ms; fails after {@code bound}. */
  static void await(BooleanSupplier condition, Duration bound, Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail(what.get());
      }
      Thread.sleep(5);
    }
  }

  /** Milliseconds since {@code startNanos} ({@link System#nanoTime()}). */
  static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Prints a measured figure for the report: {@code [fault] what: n ms}. */
  static void report(String what, long millis) {
    System.err.println("[fault] " + what + ": " + millis + " ms");
  }

  /** Sleeps in a child or task that waits to be killed; returns only if it was not. */
  static void sleepUntilKilled() {
    try {
      Thread.sleep(WAIT.toMillis() * 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
