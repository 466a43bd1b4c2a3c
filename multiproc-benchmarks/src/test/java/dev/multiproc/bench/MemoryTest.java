package dev.multiproc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryTest {
  private static long self() {
    return ProcessHandle.current().pid();
  }

  @Test
  void largestRss_isTheLargestResidentSetOfTheProcesses() throws IOException {
    double rss = Memory.largestRssMb(List.of(self()));
    long kb =
        Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(l -> l.startsWith("VmRSS:"))
            .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
            .findFirst()
            .orElseThrow();
    // the same line read twice: this JVM may grow a little in between
    assertEquals(kb / 1024.0, rss, kb / 1024.0 * 0.2, "VmRSS " + kb + " kB, read as " + rss);
    long bigger = 1;
    assertEquals(
        Math.max(rss, Memory.largestRssMb(List.of(bigger))),
        Memory.largestRssMb(List.of(self(), bigger)),
        rss * 0.2);
  }

  @Test
  void largestRss_ofAProcessThatEnded_saysWhich() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    long gone = p.pid();
    var e = assertThrows(IllegalStateException.class, () -> Memory.largestRssMb(List.of(gone)));
    assertTrue(e.getMessage().contains(Long.toString(p.pid())), e.getMessage());
    assertThrows(IllegalStateException.class, () -> Memory.largestRssMb(List.of()));
  }

  @Test
  void heapUsed_countsWhatIsHeld() {
    double before = Memory.heapUsedMb();
    long[] held = new long[8 << 20]; // 64 MB
    double after = Memory.heapUsedMb();
    assertTrue(after - before > 50, "before " + before + " MB, after " + after + " MB");
    assertEquals(8 << 20, held.length);
  }
}
