package dev.multiproc.faults;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Tasks of the lifecycle fault tests, run in worker JVMs: static methods for method references. */
final class LifecycleTasks {
  private LifecycleTasks() {}

  /** Starts {@code sleep 120}, an ordinary child process of the task, and returns its pid. */
  static long startSleep(Object ignored) {
    try {
      Process sleep =
          new ProcessBuilder("sleep", "120")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      return sleep.pid();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts {@code sleep 120}, prints {@code <label>=<pid>}, then waits for it. */
  static long startSleepAndWait(String label) {
    long pid = startSleep(null);
    System.out.println(label + "=" + pid);
    System.out.flush();
    try {
      ProcessHandle.of(pid).orElseThrow().onExit().get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return pid;
  }

  /** A child process's target: starts {@code sleep 120}, prints its pid, then sleeps. */
  static void childStartsSleep(String label) {
    startSleepAndWait(label);
  }

  /** Returns the pid of the process it runs in. */
  static long pid(Object ignored) {
    return ProcessHandle.current().pid();
  }

  /** Sleeps for {@code millis}. */
  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes {@code megabytes} MB to stdout without a newline, then the line {@code after-flood}. */
  static void flood(int megabytes) {
    byte[] chunk = new byte[1 << 20];
    java.util.Arrays.fill(chunk, (byte) 'x');
    for (int i = 0; i < megabytes; i++) {
      System.out.write(chunk, 0, chunk.length);
    }
    System.out.flush();
    System.out.println();
    System.out.println("after-flood");
    System.out.flush();
  }
}
