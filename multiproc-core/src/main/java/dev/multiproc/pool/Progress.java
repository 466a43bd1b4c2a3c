package dev.multiproc.pool;

import java.io.PrintStream;
import org.jspecify.annotations.Nullable;

/**
 * Whether and where a {@link Pool} shows the progress of {@code map}, {@code imap}, {@code
 * imapUnordered} and {@code starmap}: items done and the total (when the input has a size), the
 * rate in items per second, the time elapsed and, when the total is known, the time left. Python
 * has no built-in progress; this is what {@code tqdm(pool.imap(...), total=n)} gives there.
 *
 * <p>On a terminal one line on standard error is redrawn in place, at most ten times a second;
 * elsewhere (a log file, CI) a plain line is printed every two seconds. Either way a last line
 * with the totals is printed when the map completes, fails or is cancelled:
 *
 * <pre>
 * map [##########----------]   500/1,000  50% | 3,120.4 items/s | 0.2s elapsed | ETA 0.2s
 * multiproc map: 1,000/1,000 items (100%), 3,120.4 items/s, 0.3s elapsed, done
 * </pre>
 *
 * @param enabled whether progress is shown at all
 * @param out where the lines go; null for {@link System#err} as it is when a map starts
 * @param display how the lines are drawn
 */
public record Progress(boolean enabled, @Nullable PrintStream out, Display display) {

  /** How progress lines are drawn. */
  public enum Display {
    /**
     * {@link #TERMINAL} when standard error is a terminal ({@code TERM} is set and not {@code
     * dumb}, there is a console, and file descriptor 2 is a tty), else {@link #PLAIN}; {@link
     * #PLAIN} for any other stream.
     */
    AUTO,
    /** One line redrawn in place with {@code \r}, at most ten times a second. */
    TERMINAL,
    /** A new line every two seconds, and one at the end. */
    PLAIN
  }

  private static final Progress OFF = new Progress(false, null, Display.AUTO);
  private static final Progress ON = new Progress(true, null, Display.AUTO);

  /**
   * Checks the display.
   *
   * @throws NullPointerException if {@code display} is null
   */
  public Progress {
    java.util.Objects.requireNonNull(display, "display");
  }

  /**
   * Returns no progress: the library's default.
   *
   * @return the option
   */
  public static Progress off() {
    return OFF;
  }

  /**
   * Returns progress on standard error, redrawn in place on a terminal and in plain lines
   * elsewhere.
   *
   * @return the option
   */
  public static Progress on() {
    return ON;
  }

  /**
   * Returns progress printed to {@code out}, drawn as {@code display} says.
   *
   * @param out where the lines go
   * @param display how they are drawn; {@link Display#AUTO} means {@link Display#PLAIN} here
   * @return the option
   */
  public static Progress to(PrintStream out, Display display) {
    return new Progress(true, java.util.Objects.requireNonNull(out, "out"), display);
  }
}
