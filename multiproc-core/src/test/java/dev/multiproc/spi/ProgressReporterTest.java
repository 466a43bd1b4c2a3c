package dev.multiproc.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.spi.ProgressReporter.End;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress lines, formatted against a fake clock. */
class ProgressReporterTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void plainLine_withTotal_showsCountPercentRateElapsedAndEta() {
    assertEquals(
        "multiproc map: 500/1,000 items (50%), 250.0 items/s, 2.0s elapsed, ETA 2.0s",
        ProgressReporter.line("map", 500, 1000, 2 * SECOND, false, null));
  }

  @Test
  void plainLine_withoutTotal_showsCountAndRateOnly() {
    assertEquals(
        "multiproc imap: 1,500 items, 750.0 items/s, 2.0s elapsed",
        ProgressReporter.line("imap", 1500, -1, 2 * SECOND, false, null));
  }

  @Test
  void plainLine_last_saysHowItEnded() {
    assertEquals(
        "multiproc map: 3/4 items (75%), 1.5 items/s, 2.0s elapsed, failed",
        ProgressReporter.line("map", 3, 4, 2 * SECOND, false, End.FAILED));
  }

  @Test
  void terminalLine_drawsBarAlignedCountsAndEta() {
    assertEquals(
        "map [#####---------------]   250/1,000  25% | 125.0 items/s | 2.0s elapsed | ETA 6.0s",
        ProgressReporter.line("map", 250, 1000, 2 * SECOND, true, null));
    assertEquals(
        "imap 7 items | 3.5 items/s | 2.0s elapsed",
        ProgressReporter.line("imap", 7, -1, 2 * SECOND, true, null));
  }

  @Test
  void beforeAnyResult_etaIsUnknown() {
    assertEquals(
        "multiproc map: 0/10 items (0%), 0.0 items/s, 0.0s elapsed, ETA ?",
        ProgressReporter.line("map", 0, 10, 0, false, null));
  }

  @Test
  void durations_growFromSecondsToHours() {
    assertEquals("59.9s", ProgressReporter.duration(59.94));
    assertEquals("3:07", ProgressReporter.duration(187));
    assertEquals("1:03:07", ProgressReporter.duration(3787));
  }

  @Test
  void terminal_redrawsInPlaceAndEndsWithNewline() {
    var clock = new AtomicLong();
    var bytes = new ByteArrayOutputStream();
    var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    var r = new ProgressReporter("map", 4, out, true, clock::get);
    clock.set(SECOND);
    r.advance(2);
    r.tick();
    clock.set(2 * SECOND);
    r.advance(2);
    r.finish(End.DONE);
    r.finish(End.FAILED); // once only
    r.tick(); // nothing after the end
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(
        "\rmap [##########----------] 2/4  50% | 2.0 items/s | 1.0s elapsed | ETA 1.0s"
            + "\rmap [####################] 4/4 100% | 2.0 items/s | 2.0s elapsed | done"
            + "    "
            + System.lineSeparator(), // blanks the longer "ETA 1.0s"
        text);
  }

  @Test
  void closedAfterTheLastResult_saysDoneNotCancelled() {
    var bytes = new ByteArrayOutputStream();
    var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    var r = new ProgressReporter("imap", 2, out, false, () -> SECOND);
    r.advance(2);
    r.finish(End.CANCELLED);
    assertTrue(
        bytes.toString(StandardCharsets.UTF_8).trim().endsWith("elapsed, done"),
        bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void none_printsNothingAndCountsNothing() {
    ProgressReporter.NONE.advance(5);
    ProgressReporter.NONE.finish(End.DONE);
    assertEquals(0, ProgressReporter.NONE.done());
  }
}
