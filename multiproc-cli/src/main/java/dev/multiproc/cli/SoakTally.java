package dev.multiproc.cli;

import dev.multiproc.cli.SoakTasks.Kind;
import dev.multiproc.pool.TaskTimeoutException;
import dev.multiproc.pool.WorkerDiedException;
import dev.multiproc.process.ExitStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's accounting: what was submitted, how each task ended, and whether each ending is one
 * the faults the soak injected can explain. Thread-safe: outcomes arrive on the pool's threads.
 */
final class SoakTally {
  /** How many unexplained outcomes are kept as examples. */
  private static final int EXAMPLES = 5;

  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong wrong = new AtomicLong();
  private final AtomicLong kills = new AtomicLong();
  private final AtomicLong freezes = new AtomicLong();
  private final AtomicLong exitTasks = new AtomicLong();
  private final AtomicLong hangTasks = new AtomicLong();
  private final Map<String, Long> failed = new TreeMap<>();
  private final List<String> unexpected = new ArrayList<>();
  private long unexpectedCount;
  private long lost;

  /** Counts a submitted task. */
  void submitted(Kind kind) {
    submitted.incrementAndGet();
    switch (kind) {
      case EXIT -> exitTasks.incrementAndGet();
      case HANG -> hangTasks.incrementAndGet();
      case WORK -> {}
    }
  }

  /** Counts a SIGKILL the soak sent. */
  void killed() {
    kills.incrementAndGet();
  }

  /** Counts a SIGSTOP the soak sent. */
  void froze() {
    freezes.incrementAndGet();
  }

  long submittedCount() {
    return submitted.get();
  }

  long completedCount() {
    return completed.get();
  }

  long killCount() {
    return kills.get();
  }

  long freezeCount() {
    return freezes.get();
  }

  /** Counts the tasks that never ended. */
  synchronized void lost(long n) {
    lost = n;
  }

  synchronized long lostCount() {
    return lost;
  }

  synchronized long unexpectedCount() {
    return unexpectedCount;
  }

  long wrongCount() {
    return wrong.get();
  }

  /** Records how a task ended: its value, or its error. */
  void record(Kind kind, long x, Object value, Throwable error) {
    if (error == null) {
      if (kind == Kind.WORK && value instanceof Long v && v == SoakTasks.answer(x)) {
        completed.incrementAndGet();
      } else if (kind == Kind.WORK) {
        wrong.incrementAndGet();
        unexpected("wrong result for x=" + x + ": " + value + ", expected " + SoakTasks.answer(x));
      } else {
        unexpected("a " + kind + " task completed with " + value);
      }
      return;
    }
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    String reason = reason(kind, e);
    if (reason == null) {
      unexpected(kind + " task failed with " + e);
    } else {
      synchronized (this) {
        failed.merge(reason, 1L, Long::sum);
      }
    }
  }

  /** The reason a fault of the soak explains, or null if none does. */
  private String reason(Kind kind, Throwable e) {
    if (e instanceof WorkerDiedException died) {
      if (died.status() instanceof ExitStatus.Killed k && k.signal() == 9) {
        return "worker SIGKILLed";
      }
      if (kind == Kind.EXIT
          && died.status() instanceof ExitStatus.Exited x
          && x.code() == SoakTasks.EXIT_CODE) {
        return "task called System.exit";
      }
      return null;
    }
    if (e instanceof TaskTimeoutException) {
      if (kind == Kind.HANG) {
        return "task timed out (hang task)";
      }
      return freezes.get() > 0 ? "task timed out (worker frozen)" : null;
    }
    return null;
  }

  private synchronized void unexpected(String what) {
    unexpectedCount++;
    if (unexpected.size() < EXAMPLES) {
      unexpected.add(what);
    }
  }

  /** Checks what can only be checked at the end: no more kill failures than kills. */
  synchronized void checkTotals() {
    long killedTasks = failed.getOrDefault("worker SIGKILLed", 0L);
    if (killedTasks > kills.get()) {
      unexpected(
          killedTasks
              + " tasks failed with a SIGKILLed worker, but the soak sent only "
              + kills.get()
              + " SIGKILLs");
    }
  }

  /** Prints the figures. */
  synchronized void print(PrintWriter out) {
    long failedTotal = failed.values().stream().mapToLong(Long::longValue).sum();
    out.printf(
        "  submitted   %d (%d exit tasks, %d hang tasks)%n",
        submitted.get(), exitTasks.get(), hangTasks.get());
    out.printf("  completed   %d, every result checked%n", completed.get());
    out.printf("  failed      %d%s%n", failedTotal, failed.isEmpty() ? "" : ": " + failed);
    out.printf("  wrong       %d%n", wrong.get());
    out.printf("  lost        %d%n", lost);
    out.printf("  unexplained %d%n", unexpectedCount);
    unexpected.forEach(u -> out.println("    " + u));
    out.printf("  faults      %d SIGKILLs, %d SIGSTOPs%n", kills.get(), freezes.get());
  }
}
