package dev.multiproc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.bench.Figure.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the side-by-side benchmark that run without processes: options, parsing, math. */
class SideBySideTest {

  /* --------------- options --------------- */

  @Test
  void parse_noArgs_runsEverythingFully() {
    var o = SideBySide.Options.parse(new String[0]);
    assertFalse(o.quick());
    assertEquals(EnumSet.allOf(Bench.class), o.only());
    assertNull(o.pythonDir());
    assertNull(o.outFile());
  }

  @Test
  void parse_quickOnlyDirOut_setsEach() {
    var o =
        SideBySide.Options.parse(
            new String[] {"--quick", "--only", "b04, B03", "--python-dir", "py", "--out=x.md"});
    assertTrue(o.quick());
    assertEquals(EnumSet.of(Bench.B03, Bench.B04), o.only());
    assertEquals(Path.of("py"), o.pythonDir());
    assertEquals(Path.of("x.md"), o.outFile());
  }

  @Test
  void parse_onlyB14_runsTheClusterWithPythonsLocalPoolFigures() {
    var o = SideBySide.Options.parse(new String[] {"--only", "b14"});
    assertEquals(EnumSet.of(Bench.B14), o.only());
    assertEquals(List.of(Bench.B03, Bench.B05), Bench.B14.pythonSources());
    assertEquals(List.of(Bench.B05), Bench.B05.pythonSources());
    // every Python metric b14 shows is one that b03 or b05 reports
    List<String> sourceMetrics =
        Bench.B14.pythonSources().stream()
            .flatMap(b -> b.figures().stream())
            .map(Figure::pythonMetric)
            .toList();
    for (Figure f : Bench.B14.figures()) {
      if (f.pythonMetric() != null) {
        assertTrue(sourceMetrics.contains(f.pythonMetric()), f.label());
      }
    }
  }

  @Test
  void b14_showsTheBareHazelcastFloorWithTheRatiosTargets() {
    Map<String, Figure> byJava = new LinkedHashMap<>();
    for (Figure f : Bench.B14.figures()) {
      byJava.put(f.javaMetric(), f);
    }
    // the floor's lines and the cluster's queue and lock lines: no Python figure, no target
    for (String m :
        List.of(
            "bare apply p50",
            "bare apply p99",
            "cluster queue put+get",
            "bare queue put+get",
            "cluster lock+unlock",
            "bare lock+unlock")) {
      Figure f = byJava.get(m);
      assertNotNull(f, m);
      assertNull(f.pythonMetric(), m);
      assertNull(f.target(), m);
    }
    // the library's figure over the floor's: at most 1.3 times the floor's apply round trip,
    // at least the floor's queue and lock rates
    Figure apply = byJava.get("ratio apply p50");
    assertNotNull(apply);
    assertTrue(apply.lowerIsBetter());
    assertEquals(new Target(Target.Kind.JAVA_AT_MOST, 1.3, "<= 1.3x bare"), apply.target());
    for (String m : List.of("ratio queue put+get", "ratio lock+unlock")) {
      Figure f = byJava.get(m);
      assertNotNull(f, m);
      assertFalse(f.lowerIsBetter(), m);
      assertEquals(new Target(Target.Kind.JAVA_AT_LEAST, 1, ">= 1x bare"), f.target(), m);
    }
  }

  @Test
  void b14_ratioTargets_judgeTheRatioOfOneRun() {
    Figure apply =
        Bench.B14.figures().stream()
            .filter(f -> f.javaMetric().equals("ratio apply p50"))
            .findFirst()
            .orElseThrow();
    Target t = java.util.Objects.requireNonNull(apply.target());
    assertEquals(true, t.met(null, Measurement.of("x", List.of(1.2, 1.3)), true));
    assertEquals(false, t.met(null, Measurement.of("x", List.of(1.31, 1.6)), true));
  }

  @Test
  void parse_unknownBenchmark_throwsNamingIt() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SideBySide.Options.parse(new String[] {"--only", "b03,b99"}));
    assertTrue(
        e.getMessage()
            .contains(
                "unknown benchmark: b99 (known: b01, b02, b03, b04, b05, b06, b07, b08, b09, b10, b11,"
                    + " b12, b13, b14)"),
        e.getMessage());
  }

  @Test
  void parse_missingValue_throws() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> SideBySide.Options.parse(new String[] {"--out"}));
    assertEquals("Missing required parameter for option '--out' (FILE)", e.getMessage());
  }

  /* --------------- Python results --------------- */

  @Test
  void parse_pythonJsonLine_readsFields() {
    String line =
        "{\"bench\": \"b03\", \"metric\": \"Pool.apply round-trip p99 [fork]\", \"unit\": \"us\","
            + " \"median\": 3056.1, \"min\": 2955, \"max\": 3166.5, \"n\": 6, \"values\": [1.5,"
            + " 2e3], \"calls\": 20000, \"python\": \"3.11.7\", \"ok\": true, \"x\": null}";
    var rec = (Map<?, ?>) Json.parse(line);
    assertEquals("Pool.apply round-trip p99 [fork]", rec.get("metric"));
    assertEquals(3056.1, rec.get("median"));
    assertEquals(List.of(1.5, 2000.0), rec.get("values"));
    assertEquals(Json.NULL, rec.get("x"));
  }

  @Test
  void parse_escapedString_unescapes() {
    assertEquals("a\"b\\c\u00b5", Json.parse("\"a\\\"b\\\\c\\u00b5\""));
  }

  @Test
  void locate_scriptsInParentsSharedDir_findsThem(@TempDir Path tmp) throws IOException {
    Path scripts = Files.createDirectories(tmp.resolve("shared/bench/python"));
    Files.writeString(scripts.resolve("common.py"), "");
    Path repo = Files.createDirectories(tmp.resolve("wt/multiproc-cli"));
    assertEquals(scripts.toAbsolutePath(), PythonSide.locate(repo));
  }

  /* --------------- statistics and targets --------------- */

  @Test
  void percentile_matchesPythonNearestRank() {
    long[] v = new long[200];
    for (int i = 0; i < v.length; i++) {
      v[i] = i + 1L;
    }
    // Python: pct(list(range(1, 201)), 99) == 198; pct(..., 50) == 100
    assertEquals(198, Stats.percentileSorted(v, 99));
    assertEquals(100, Stats.percentileSorted(v, 50));
    assertEquals(100.5, Stats.medianSorted(v));
  }

  @Test
  void advantage_timeAndRate_orientedSoAboveOneIsJavaBetter() {
    var py = new Measurement("us", 200, 0, 0, 3);
    var java = new Measurement("us", 50, 0, 0, 3);
    assertEquals(4.0, Figure.advantage(py, java, true));
    assertEquals(0.25, Figure.advantage(py, java, false));
    assertTrue(Target.advantage(2, "").met(py, java, true));
    assertFalse(Target.advantage(5, "").met(py, java, true));
    assertNull(Target.advantage(2, "").met(null, java, true));
    assertTrue(Target.javaAtMost(50, "").met(null, java, true));
  }

  @Test
  void format_units_readAsThePythonSummary() {
    assertEquals("175 us", Table.format(175.2, "us"));
    assertEquals("1.66 ms", Table.format(1.661, "ms"));
    assertEquals("19.0 k/s", Table.format(19_012, "tasks/s"));
    assertEquals("5.73 M/s", Table.format(5_730_000, "items/s"));
    assertEquals("1.68x", Table.format(1.68, "x"));
  }

  @Test
  void withRange_showsTheLowestAndHighestRoundNextToTheMedian() {
    assertEquals(
        "12.6 ms [10.5-20.7]", Table.withRange(new Measurement("ms", 12.6, 10.5, 20.7, 7)));
    assertEquals(
        "1.20 M/s [1.10 M-1.30 M]",
        Table.withRange(new Measurement("items/s", 1.2e6, 1.1e6, 1.3e6, 5)));
  }

  @Test
  void figures_everyBench_hasLinesWithDistinctLabels() {
    for (Bench b : Bench.values()) {
      List<Figure> f = b.figures();
      assertFalse(f.isEmpty(), b.id());
      assertEquals(f.size(), f.stream().map(Figure::label).distinct().count(), b.id());
    }
  }
}
