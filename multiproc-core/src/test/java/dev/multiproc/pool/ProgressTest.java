package dev.multiproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.TestTasks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Progress lines of real maps on real workers, written to a test's stream. */
@ExtendWith(NoLeaksExtension.class)
class ProgressTest {
  private static final String PLAIN_LAST =
      "multiproc %s: %s items \\(100%%\\), [0-9,]+\\.\\d items/s, \\d+\\.\\ds elapsed, done";

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream sink = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  @Test
  void map_plain_endsWithOneLineOfTotals() {
    try (Pool pool =
        Multiprocessing.local()
            .pool(PoolOptions.of(2).withProgress(Progress.to(sink, Progress.Display.PLAIN)))) {
      assertEquals(
          1000 * 1000, (int) pool.map(TestTasks::square, range(1000)).get(1000 - 1) + 2 * 1000 - 1);
      // the last line is out by the time map returns
      List<String> lines = printed().lines().toList();
      assertEquals(1, lines.size(), printed());
      assertTrue(
          lines.getFirst().matches(String.format(PLAIN_LAST, "map", "1,000/1,000")), printed());
      // a second map gets its own line
      pool.starmap(Math::max, List.of(dev.multiproc.function.Args2.args(1, 2)));
      assertTrue(
          printed().lines().toList().getLast().matches(String.format(PLAIN_LAST, "starmap", "1/1")),
          printed());
    }
  }

  @Test
  void map_terminal_redrawsOneLineWhileItRunsThenEndsIt() {
    try (Pool pool =
        Multiprocessing.local()
            .pool(PoolOptions.of(2).withProgress(Progress.to(sink, Progress.Display.TERMINAL)))) {
      // 16 tasks of 100 ms on 2 workers: about 0.8 s, several redraws at 10 a second
      pool.map(TestTasks::sleep, Collections.nCopies(16, 100L), 1);
    }
    String text = printed();
    String[] frames = text.split("\r");
    assertTrue(frames.length >= 4, () -> "expected redraws, got: " + text.replace("\r", "\\r\n"));
    assertTrue(text.endsWith(System.lineSeparator()), text);
    assertEquals(1, text.chars().filter(c -> c == '\n').count(), "one line, redrawn: " + text);
    String last = frames[frames.length - 1].strip();
    assertTrue(last.matches("map \\[#{20}\\] 16/16 100% \\| .* \\| done"), last);
    // a frame while it ran shows fewer than all items, and an ETA
    assertTrue(List.of(frames).stream().anyMatch(f -> f.contains("ETA")), text);
  }

  @Test
  void imap_withoutSize_countsItemsAsTheyAreConsumed() {
    Iterable<Integer> noSize = () -> range(50).iterator();
    List<Integer> got = new ArrayList<>();
    try (Pool pool =
        Multiprocessing.local()
            .pool(PoolOptions.of(2).withProgress(Progress.to(sink, Progress.Display.PLAIN)))) {
      pool.imap(TestTasks::inc, noSize, 7).forEachRemaining(got::add);
      assertEquals(50, got.size());
      // the last line (a slow machine may print one on the way)
      assertTrue(
          printed()
              .strip()
              .lines()
              .toList()
              .getLast()
              .matches(
                  "multiproc imap: 50 items, [0-9,]+\\.\\d items/s, \\d+\\.\\ds elapsed, done"),
          printed());
      // with a size: N/N, unordered too
      pool.imapUnordered(TestTasks::inc, range(20), 3).forEachRemaining(x -> {});
      assertTrue(
          printed()
              .lines()
              .toList()
              .getLast()
              .matches(String.format(PLAIN_LAST, "imapUnordered", "20/20")),
          printed());
    }
  }

  @Test
  void imapClosedHalfway_endsItsLineAsCancelled() {
    try (Pool pool =
        Multiprocessing.local()
            .pool(PoolOptions.of(2).withProgress(Progress.to(sink, Progress.Display.PLAIN)))) {
      try (ResultIterator<Integer> it = pool.imap(TestTasks::inc, range(100))) {
        for (int i = 0; i < 3; i++) {
          assertEquals(i + 1, it.next());
        }
      }
      assertTrue(
          printed().strip().matches("multiproc imap: 3/100 items \\(3%\\), .* elapsed, cancelled"),
          printed());
    }
  }

  @Test
  void failedMap_stillEndsItsLine() {
    try (Pool pool =
        Multiprocessing.local()
            .pool(PoolOptions.of(2).withProgress(Progress.to(sink, Progress.Display.PLAIN)))) {
      assertThrows(
          IllegalStateException.class, () -> pool.map(TestTasks::throwIllegalState, range(4), 1));
      assertTrue(
          printed().strip().matches("multiproc map: \\d/4 items \\(\\d+%\\), .* elapsed, failed"),
          printed());
    }
  }

  @Test
  void cancelledMap_endsItsLine() throws Exception {
    try (Pool pool =
        Multiprocessing.local()
            .pool(PoolOptions.of(1).withProgress(Progress.to(sink, Progress.Display.PLAIN)))) {
      AsyncResult<List<Long>> r = pool.mapAsync(TestTasks::sleep, Collections.nCopies(4, 2000L), 1);
      assertTrue(r.cancel(true));
      assertTrue(
          printed().strip().matches("multiproc map: 0/4 items \\(0%\\), .* elapsed, cancelled"),
          printed());
    }
  }

  @Test
  void off_printsNothing() {
    var err = System.err;
    var captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (Pool pool = Multiprocessing.local().pool(2)) {
      pool.map(TestTasks::square, range(100));
    } finally {
      System.setErr(err);
    }
    assertEquals("", captured.toString(StandardCharsets.UTF_8));
    assertEquals(Progress.off(), PoolOptions.of(2).progress());
    assertEquals(Progress.on(), PoolOptions.of(2).withProgress(true).progress());
  }
}
