package dev.multiproc.spi;

import dev.multiproc.pool.Progress;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Shows the progress of one map: counts the items whose results arrived ({@link #advance}, from
 * the pool's reader threads), and a shared ticker thread prints a line every {@link
 * #TERMINAL_INTERVAL_NANOS} (redrawn in place on a terminal) or {@link #PLAIN_INTERVAL_NANOS}
 * (a new line elsewhere); {@link #finish} prints the last line, once, whatever ends the map.
 *
 * <p>Concurrency: {@code done} is an atomic counter, so the result path pays one atomic add per
 * chunk; printing and {@code finished} are guarded by {@code this}.
 */
public final class ProgressReporter {
  /** How often a terminal line is redrawn: ten times a second. */
  static final long TERMINAL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** How often a plain line is printed. */
  static final long PLAIN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);

  private static final int BAR = 20;

  /** How a map ended. */
  public enum End {
    /** Every item has its result. */
    DONE("done"),
    /** A task failed. */
    FAILED("failed"),
    /** It was cancelled. */
    CANCELLED("cancelled");

    final String word;

    End(String word) {
      this.word = word;
    }
  }

  /** Shows nothing. */
  static final ProgressReporter NONE = new ProgressReporter("", -1, null, false, System::nanoTime);

  private static final class Ticker {
    static final ScheduledExecutorService INSTANCE =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("multiproc-progress").unstarted(r));
  }

  private final String label;
  private final long total;
  private final @Nullable PrintStream out;
  private final boolean terminal;
  private final LongSupplier clock;
  private final long startNanos;
  private final AtomicLong done = new AtomicLong();
  private @Nullable ScheduledFuture<?> ticks;
  private boolean finished;
  private int lastWidth;

  ProgressReporter(
      String label, long total, @Nullable PrintStream out, boolean terminal, LongSupplier clock) {
    this.label = label;
    this.total = total;
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
    this.startNanos = clock.getAsLong();
  }

  /**
   * Starts showing the progress of a map, or returns {@link #NONE} when {@code progress} is off.
   *
   * @param progress the pool's option
   * @param label what runs: {@code map}, {@code imap}...
   * @param total the number of items, or -1 when unknown
   */
  public static ProgressReporter start(Progress progress, String label, long total) {
    if (!progress.enabled()) {
      return NONE;
    }
    PrintStream sink = progress.out();
    boolean terminal =
        switch (progress.display()) {
          case TERMINAL -> true;
          case PLAIN -> false;
          case AUTO -> sink == null && stderrIsTerminal();
        };
    var reporter =
        new ProgressReporter(
            label, total, sink == null ? System.err : sink, terminal, System::nanoTime);
    long every = terminal ? TERMINAL_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS;
    var tick = new Tick(reporter);
    synchronized (reporter) {
      reporter.ticks =
          tick.future =
              Ticker.INSTANCE.scheduleAtFixedRate(tick, every, every, TimeUnit.NANOSECONDS);
    }
    return reporter;
  }

  /**
   * The ticker's task. It holds its reporter weakly: an {@code imap} iterator dropped half-read
   * is never finished, and must not be printed for ever; once it is collected, ticking stops.
   */
  private static final class Tick implements Runnable {
    private final WeakReference<ProgressReporter> reporter;
    volatile @Nullable ScheduledFuture<?> future;

    Tick(ProgressReporter reporter) {
      this.reporter = new WeakReference<>(reporter);
    }

    @Override
    public void run() {
      ProgressReporter r = reporter.get();
      ScheduledFuture<?> f = future;
      if (r != null) {
        r.tick();
      } else if (f != null) {
        f.cancel(false);
      }
    }
  }

  /**
   * Returns whether standard error is a terminal worth redrawing: {@code TERM} set and not {@code
   * dumb}, and (on Linux) file descriptor 2 a tty, since {@link Console#isTerminal()}
   * looks at standard input and output only.
   */
  static boolean stderrIsTerminal() {
    String term = System.getenv("TERM");
    if (term == null || term.isEmpty() || term.equals("dumb")) {
      return false;
    }
    Path fd2 = Path.of("/proc/self/fd/2");
    try {
      if (Files.isSymbolicLink(fd2)) {
        String target = Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // not Linux: trust the console
    }
    return java.util.Optional.ofNullable(System.console()).map(Console::isTerminal).orElse(false);
  }

  /**
   * Counts {@code items} more results. Thread-safe; prints nothing.
   *
   * @param items how many arrived
   */
  public void advance(long items) {
    if (out != null) {
      done.addAndGet(items);
    }
  }

  /** Returns the items counted so far. */
  long done() {
    return done.get();
  }

  /** Prints a line now, unless finished. */
  synchronized void tick() {
    PrintStream o = out;
    if (o == null || finished) {
      return;
    }
    String line = line(label, done.get(), total, clock.getAsLong() - startNanos, terminal, null);
    if (terminal) {
      o.print("\r" + line + pad(line));
    } else {
      o.println(line);
    }
    o.flush();
  }

  /**
   * Prints the last line, once: later calls do nothing. A map closed after its last result says
   * done, not cancelled.
   *
   * @param end how the map ended
   */
  public synchronized void finish(End end) {
    PrintStream o = out;
    if (o == null || finished) {
      return;
    }
    finished = true;
    if (ticks != null) {
      ticks.cancel(false);
    }
    long n = done.get();
    End how = end == End.CANCELLED && total >= 0 && n >= total ? End.DONE : end;
    String line = line(label, n, total, clock.getAsLong() - startNanos, terminal, how);
    if (terminal) {
      o.print("\r" + line + pad(line) + System.lineSeparator());
    } else {
      o.println(line);
    }
    o.flush();
  }

  /** Spaces that blank what is left of a longer line drawn before. */
  private String pad(String line) {
    int extra = Math.max(0, lastWidth - line.length());
    lastWidth = line.length();
    return " ".repeat(extra);
  }

  /**
   * Formats one line: on a terminal, then plain.
   *
   * <pre>
   * map [##########----------]   500/1,000  50% | 3,120.4 items/s | 0.2s elapsed | ETA 0.2s
   * multiproc map: 500/1,000 items (50%), 3,120.4 items/s, 0.2s elapsed, ETA 0.2s
   * </pre>
   *
   * @param label what runs
   * @param done items done
   * @param total items in all, or -1 when unknown (then no percentage, bar or ETA)
   * @param elapsedNanos time since the map started
   * @param terminal which of the two forms
   * @param end how the map ended, for the last line; null while it runs
   */
  static String line(
      String label, long done, long total, long elapsedNanos, boolean terminal, @Nullable End end) {
    double seconds = Math.max(elapsedNanos, 0) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    String rateText = String.format(Locale.ROOT, "%,.1f items/s", rate);
    String elapsed = duration(seconds) + " elapsed";
    String tail;
    if (end != null) {
      tail = end.word;
    } else if (total >= 0 && rate > 0) {
      tail = "ETA " + duration(Math.max(0, total - done) / rate);
    } else if (total >= 0) {
      tail = "ETA ?";
    } else {
      tail = null;
    }
    var b = new StringBuilder(96);
    if (terminal) {
      b.append(label).append(' ');
      if (total >= 0) {
        int filled = total == 0 ? BAR : (int) Math.min(BAR, done * BAR / total);
        b.append('[').append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ");
        String totalText = String.format(Locale.ROOT, "%,d", total);
        b.append(String.format(Locale.ROOT, "%," + totalText.length() + "d", done))
            .append('/')
            .append(totalText)
            .append(String.format(Locale.ROOT, " %3d%%", percent(done, total)));
      } else {
        b.append(String.format(Locale.ROOT, "%,d items", done));
      }
      b.append(" | ").append(rateText).append(" | ").append(elapsed);
      if (tail != null) {
        b.append(" | ").append(tail);
      }
    } else {
      b.append("multiproc ").append(label).append(": ");
      if (total >= 0) {
        b.append(
            String.format(Locale.ROOT, "%,d/%,d items (%d%%)", done, total, percent(done, total)));
      } else {
        b.append(String.format(Locale.ROOT, "%,d items", done));
      }
      b.append(", ").append(rateText).append(", ").append(elapsed);
      if (tail != null) {
        b.append(", ").append(tail);
      }
    }
    return b.toString();
  }

  private static long percent(long done, long total) {
    return total == 0 ? 100 : Math.min(100, done * 100 / total);
  }

  /** {@code 4.2s} under a minute, {@code 3:07} under an hour, {@code 1:03:07} beyond. */
  static String duration(double seconds) {
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1fs", seconds);
    }
    long s = (long) seconds;
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }
}
