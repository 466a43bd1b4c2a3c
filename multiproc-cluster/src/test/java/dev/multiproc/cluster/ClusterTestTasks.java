package dev.multiproc.cluster;

import java.util.concurrent.TimeUnit;

/** Tasks the cluster tests send; static methods, so the member JVMs find them on their class path. */
final class ClusterTestTasks {
  private ClusterTestTasks() {}

  /** The pid of the JVM that started this worker: the member that ran the task. */
  static long memberPid(Object ignored) {
    sleep(30);
    return ProcessHandle.current().parent().orElseThrow().pid();
  }

  /** Sleeps {@code millis}, then returns the member's pid. */
  static long sleepThenMemberPid(Integer millis) {
    sleep(millis);
    return ProcessHandle.current().parent().orElseThrow().pid();
  }

  static int square(Integer x) {
    return x * x;
  }

  static int fail(String message) {
    throw new IllegalStateException(message);
  }

  static int exit(Integer code) {
    System.exit(code);
    return code;
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
