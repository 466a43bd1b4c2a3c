package dev.multiproc.cli;

import static dev.multiproc.cli.DemoCommand.WAIT;
import static dev.multiproc.cli.DemoCommand.oneLine;

import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.RemoteTraceback;
import java.io.PrintStream;
import java.util.List;

/**
 * The demo's sections that only need a {@link Pool}, on one machine or on a cluster: {@code
 * applyAsync} callbacks, and a task that throws reaching the caller as itself with the worker's
 * stack trace.
 */
final class PoolSections {
  private static final int TRACE_LINES = 3;

  private PoolSections() {}

  /**
   * Runs a task that succeeds and one that fails, each with a callback and an error callback.
   *
   * @param out where to print
   * @param pool the pool
   * @param answerFrom who answers ("worker", "member")
   * @throws Exception if waiting fails
   */
  static void callbacks(PrintStream out, Pool pool, String answerFrom) throws Exception {
    out.println("   Callbacks run in this JVM when the " + answerFrom + "'s answer arrives.");
    // as in Python, a callback has run by the time its result is ready
    AsyncResult<Double> ok =
        pool.applyAsync(
            DemoTasks::riskyTask,
            4,
            value -> out.printf("   callback:       riskyTask(4) = %s%n", value),
            error -> out.printf("   error callback: %s%n", oneLine(error)));
    ok.await();
    AsyncResult<Double> bad =
        pool.applyAsync(
            DemoTasks::riskyTask,
            0,
            value -> out.printf("   callback:       riskyTask(0) = %s%n", value),
            error -> out.printf("   error callback: riskyTask(0) failed: %s%n", oneLine(error)));
    bad.await();
    out.printf(
        "   get() = %s; successful(): %s for riskyTask(4), %s for riskyTask(0)%n",
        ok.get(WAIT), ok.successful(), bad.successful());
  }

  /**
   * Maps over an input with one bad item and prints the exception and its worker's stack trace.
   *
   * @param out where to print
   * @param pool the pool
   * @param whereSuffix said after "worker pid N" ("", " of a member")
   */
  static void taskThatThrows(PrintStream out, Pool pool, String whereSuffix) {
    try {
      List<Double> results = pool.map(DemoTasks::riskyTask, List.of(5, 2, 0, 1));
      throw new IllegalStateException("riskyTask(0) did not throw: " + results);
    } catch (IllegalArgumentException e) {
      out.printf("   pool.map(riskyTask, [5, 2, 0, 1]) threw %s%n", oneLine(e));
      RemoteTraceback trace = remoteTraceback(e);
      out.printf(
          "   Its cause is a RemoteTraceback: the stack trace in worker pid %d%s,"
              + " abbreviated:%n",
          trace.pid(), whereSuffix);
      printTraceback(out, trace);
    }
  }

  /** Prints the first lines of a worker's stack trace, indented. */
  static void printTraceback(PrintStream out, RemoteTraceback trace) {
    List<String> lines = trace.traceback().lines().toList();
    lines.stream()
        .limit(TRACE_LINES)
        .forEach(line -> out.println("     | " + line.replace("\t", "    ")));
    if (lines.size() > TRACE_LINES) {
      out.printf("     | ... %d more lines%n", lines.size() - TRACE_LINES);
    }
  }

  static RemoteTraceback remoteTraceback(Throwable e) {
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof RemoteTraceback r) {
        return r;
      }
    }
    for (Throwable s : e.getSuppressed()) {
      if (s instanceof RemoteTraceback r) {
        return r;
      }
    }
    throw new IllegalStateException("no RemoteTraceback attached to " + e, e);
  }
}
