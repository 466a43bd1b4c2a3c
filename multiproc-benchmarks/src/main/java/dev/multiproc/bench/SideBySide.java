package dev.multiproc.bench;

import dev.multiproc.Multiprocessing;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * The side-by-side benchmark: runs the Python baselines ({@code shared/bench/python}) and their
 * Java twins ({@link JavaSide}) in one run on the same machine, and prints one table of figure,
 * Python, Java, how many times better Java is, the target, and whether it is met.
 *
 * <p>Order: benchmark by benchmark, the Python script first, then the Java twin, so that both
 * sides of a line are measured minutes apart under the same machine conditions. Python runs with
 * {@code fork} (its default on Linux), and also {@code spawn} for process and pool start-up,
 * where a JVM-like start is the fair comparison.
 *
 * <pre>
 *   ./mp bench                     full run (about 5 minutes on 2 cores)
 *   ./mp bench --quick             3 rounds everywhere (about 3-4 minutes)
 *   ./mp bench --only b03,b04      some benchmarks only
 *   ./mp bench --only b14          the cluster next to the local pool (about 25 s + Python's)
 *   ./mp bench --python-dir DIR --out FILE
 * </pre>
 */
public final class SideBySide {
  /** The hidden option with which b02 starts a fresh JVM to time its first pool. */
  static final String B02_CHILD_FLAG = "--b02-child";

  /** Python's single-task time of b13 in PYTHON-BASELINES.md, used when Python is not run. */
  private static final double B13_REFERENCE_MS = 93.9;

  private final PrintStream out;
  private final PrintStream err;

  private SideBySide(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /**
   * The options of a run.
   *
   * @param quick whether to run fewer rounds
   * @param only the benchmarks to run
   * @param pythonDir the Python scripts, or null to look for them
   * @param outFile where to write the Markdown table, or null for the default
   */
  record Options(boolean quick, Set<Bench> only, @Nullable Path pythonDir, @Nullable Path outFile) {

    /**
     * Reads the options from a command line, as {@code bench} takes them.
     *
     * @param args the command line
     * @return the options
     * @throws IllegalArgumentException if an option or its value is wrong, with picocli's message
     */
    static Options parse(String[] args) {
      var command = new SideBySideCommand();
      try {
        new CommandLine(command).parseArgs(args);
      } catch (CommandLine.ParameterException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      return command.options();
    }
  }

  /**
   * Runs the benchmark from the command line.
   *
   * @param args the options; see {@link #run(String[])}
   */
  public static void main(String[] args) {
    int code = run(args);
    System.out.flush();
    System.exit(code);
  }

  /**
   * Runs the side-by-side benchmark and prints its table on {@code System.out}; progress goes to
   * {@code System.err}.
   *
   * @param args {@code [--quick] [--only b01,b03] [--python-dir DIR] [--out FILE]}, or {@code
   *     --help}
   * @return 0 when every benchmark ran (whether or not it met its target), 1 when one failed, 2
   *     for a usage error
   */
  public static int run(String[] args) {
    return new CommandLine(new SideBySideCommand()).execute(args);
  }

  /**
   * Runs the side-by-side benchmark with these options.
   *
   * @param options the options
   * @return 0 when every benchmark ran, 1 when one failed
   */
  static int runWith(Options options) {
    try {
      return new SideBySide(System.out, System.err).run(options);
    } catch (IOException e) {
      System.err.println("bench: " + e.getMessage());
      return 1;
    }
  }

  private int run(Options options) throws IOException {
    long start = System.nanoTime();
    Path results = Files.createTempDirectory("multiproc-bench-");
    try {
      return run(options, results, start);
    } finally {
      deleteTree(results);
    }
  }

  private int run(Options options, Path results, long start) throws IOException {
    String loadBefore = loadAverage();
    OtherProcesses othersBefore = OtherProcesses.now();
    Path dir =
        options.pythonDir() != null
            ? options.pythonDir()
            : PythonSide.locate(Path.of("").toAbsolutePath());
    var why = new StringBuilder();
    Optional<PythonSide> python = PythonSide.open(dir, results, why);
    String pythonMissing = python.isPresent() ? "failed" : "no python";
    if (python.isEmpty()) {
      err.println("[bench] Python side skipped: " + why + ". Showing the Java side alone.");
    } else {
      err.println("[bench] " + python.get().version() + ", scripts in " + python.get().scripts());
    }
    err.println(
        "[bench] order: per benchmark, Python first, then Java; "
            + (options.quick() ? "quick (3 rounds each)" : "full rounds"));

    var java = new JavaSide(line -> err.println("[bench] " + line));
    var ipc = new IpcSide(line -> err.println("[bench] " + line));
    var cluster = new ClusterSide(line -> err.println("[bench] " + line));
    // each Python script's figures, so that b14 shows b03's and b05's without running them again
    Map<Bench, Map<String, Measurement>> pythonRuns = new EnumMap<>(Bench.class);
    var table = new Table();
    List<String> problems = new ArrayList<>();
    List<Others> others = new ArrayList<>();
    boolean javaFailed = false;
    for (Bench bench : options.only()) {
      int rounds = bench.rounds(options.quick());
      Map<String, Measurement> py = new LinkedHashMap<>();
      String pyMissing = pythonMissing;
      CpuMeter beforePython = CpuMeter.now();
      boolean pythonRan = false;
      for (Bench source : python.isPresent() ? bench.pythonSources() : List.<Bench>of()) {
        Map<String, Measurement> earlier = pythonRuns.get(source);
        if (earlier != null) {
          err.printf(
              Locale.ROOT,
              "[bench] %s python: %s's figures, from earlier in this run%n",
              bench.id(),
              source.id());
          py.putAll(earlier);
          continue;
        }
        err.printf(
            Locale.ROOT,
            "[bench] %s python3 %s %s (ROUNDS=%d) ...%n",
            bench.id(),
            source.script(),
            String.join(" ", source.pythonArgs()),
            rounds);
        PythonSide.ScriptRun run =
            python
                .get()
                .run(
                    source.script(),
                    source.pythonArgs(),
                    rounds,
                    "sbs-" + bench.id() + (source == bench ? "" : "-" + source.id()));
        pythonRan = true;
        pythonRuns.put(source, run.metrics());
        py.putAll(run.metrics());
        err.printf(Locale.ROOT, "[bench] %s python done in %.1f s%n", bench.id(), run.seconds());
        if (run.error() != null) {
          problems.add(bench.id() + " Python: " + run.error());
          err.println("[bench] " + bench.id() + " Python FAILED: " + run.error());
        }
      }
      CpuMeter beforeJava = CpuMeter.now();
      err.printf(Locale.ROOT, "[bench] %s java (rounds=%d) ...%n", bench.id(), rounds);
      long t0 = System.nanoTime();
      Map<String, Measurement> jv = Map.of();
      String javaMissing = "error";
      try {
        jv = runJava(java, ipc, cluster, bench, rounds, py);
      } catch (Exception | Error e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        javaFailed = true;
        problems.add(bench.id() + " Java: " + e);
        err.println("[bench] " + bench.id() + " Java FAILED: " + e);
        e.printStackTrace(err);
        if (e instanceof InterruptedException) {
          break;
        }
      }
      double javaOthers = CpuMeter.now().otherCoresSince(beforeJava);
      double pythonOthers = pythonRan ? beforeJava.otherCoresSince(beforePython) : Double.NaN;
      others.add(new Others(bench, pythonOthers, javaOthers));
      err.printf(
          Locale.ROOT,
          "[bench] %s java done in %.1f s (other processes: %s cores)%n",
          bench.id(),
          (System.nanoTime() - t0) / 1e9,
          cores(javaOthers));
      for (Figure f : bench.figures()) {
        Measurement p = f.pythonMetric() == null ? null : py.get(f.pythonMetric());
        table.add(
            new Table.Row(
                f,
                p,
                f.pythonMetric() == null ? "-" : p == null ? pyMissing : "",
                jv.get(f.javaMetric()),
                javaMissing));
      }
    }
    double minutes = (System.nanoTime() - start) / 60e9;

    String header =
        header(options, python, why.toString(), java, minutes)
            + "load average (1/5/15 min) at start "
            + loadBefore
            + ", at end "
            + loadAverage()
            + "\n"
            + busiest(OtherProcesses.now().busiestSince(othersBefore, 6));
    out.println();
    out.print(header);
    out.println();
    out.print(table.text());
    out.println();
    out.println(
        "Java vs Py: how many times better Java is (Python/Java for times, Java/Python for"
            + " rates and speedups); > 1 means Java is better.");
    out.println(othersLine(others));
    for (String p : problems) {
      out.println("problem: " + p);
    }
    Path md = writeMarkdown(options, header, table, problems, others);
    out.println("table written to " + md);
    return javaFailed ? 1 : 0;
  }

  private static Map<String, Measurement> runJava(
      JavaSide java,
      IpcSide ipc,
      ClusterSide cluster,
      Bench bench,
      int rounds,
      Map<String, Measurement> py)
      throws Exception {
    return switch (bench) {
      case B01 -> java.b01(rounds);
      case B02 -> java.b02(rounds);
      case B03 -> java.b03(rounds);
      case B04 -> java.b04(rounds);
      case B05 -> java.b05(rounds);
      case B06 -> java.b06(rounds);
      case B07 -> ipc.b07(rounds);
      case B08 -> ipc.b08(rounds);
      case B09 -> ipc.b09(rounds);
      case B10 -> ipc.b10(rounds);
      case B11 -> ipc.b11(rounds);
      case B12 -> ipc.b12(rounds);
      case B13 -> {
        Measurement single = py.get("work(2e6) single task, in-process");
        yield java.b13(rounds, single == null ? B13_REFERENCE_MS : single.median());
      }
      case B14 -> cluster.b14(rounds);
    };
  }

  private static String header(
      Options options, Optional<PythonSide> python, String why, JavaSide java, double minutes) {
    var sb = new StringBuilder();
    sb.append("multiproc side-by-side benchmark: Python multiprocessing vs multiproc (Java)\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "date %s, %d CPUs, %s %s, Java %s (%s)%n",
            LocalDateTime.now(ZoneId.systemDefault()).withNano(0),
            Multiprocessing.cpuCount(),
            System.getProperty("os.name"),
            System.getProperty("os.version"),
            Runtime.version(),
            System.getProperty("java.vm.name")));
    sb.append(
            python
                .map(p -> p.version() + ", scripts " + p.scripts())
                .orElse("Python not run: " + why))
        .append('\n');
    sb.append(
        String.format(
            Locale.ROOT,
            "%s run, %.1f min; per benchmark Python first, then Java; rounds: %s%n",
            options.quick() ? "quick" : "full",
            minutes,
            String.join(
                ", ",
                options.only().stream()
                    .map(b -> b.id() + "=" + b.rounds(options.quick()))
                    .toList())));
    if (options.only().contains(Bench.B13) && java.b13n() > 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              "b13: Java n = %,d, calibrated in a worker so that one task takes about as long as"
                  + " Python's work(2e6); the figure compared is the speedup%n",
              java.b13n()));
    }
    if (options.only().contains(Bench.B01)) {
      sb.append(
          "b01 Java: back to back = each start takes the warm spare JVM if one is ready, else"
              + " starts a JVM; warm = SpareWorkers.awaitReady before each start\n");
    }
    if (options.only().contains(Bench.B09)) {
      sb.append(
          "b09 Java: the workers are a warm Pool's; 4 uncounted rounds first let their JIT"
              + " compile the loop, as Python needs no warm-up\n");
    }
    if (options.only().contains(Bench.B10)) {
      sb.append(
          "b10 Java: Manager() start = from a warm spare JVM (SpareWorkers.awaitReady"
              + " before each); the child is a warm Pool's worker; 3 uncounted rounds first warm up"
              + " the JIT of the worker, the manager and this JVM\n");
    }
    if (options.only().contains(Bench.B14)) {
      sb.append(
          String.format(
              Locale.ROOT,
              "b14 Java: 'cluster' = Pool over %d member JVMs x %d"
                  + " workers on 127.0.0.1, this JVM a client; 'local' = Pool(2) of this JVM, timed in"
                  + " the same rounds with the same counts (%,d applies, map of %,d items with"
                  + " chunksize=1); Python has no cluster: its column is its local Pool(2) of b03/b05"
                  + " (20,000 applies, 100,000 items); 'bare' = a plain Hazelcast client of the"
                  + " same members in the same rounds: a trivial Callable on an IExecutorService"
                  + " (%,d calls), %,d put+get on an IQueue and %,d lock+unlock on IMap.lock, next to"
                  + " the same counts on the cluster's queue and lock; 'cluster / bare' = the"
                  + " library's figure over the floor's of the same round%n",
              ClusterSide.MEMBERS,
              ClusterSide.WORKERS,
              ClusterSide.CALLS,
              ClusterSide.CS1_ITEMS,
              ClusterSide.CALLS,
              ClusterSide.OPS,
              ClusterSide.OPS));
    }
    if (options.only().contains(Bench.B02)) {
      sb.append(
          "b02 Java: cold = the first pool of a fresh JVM (one JVM per round); warm = a spare"
              + " ready before each pool, and the previous pool's workers kept for reuse\n");
    }
    return sb.toString();
  }

  private static String busiest(String list) {
    return list.isEmpty()
        ? ""
        : "what else ran (cores, averaged over the run, processes alive at its end): "
            + list
            + "\n";
  }

  /** The 1, 5 and 15 minute load averages, which say whether something else used the CPUs. */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /**
   * The CPU other processes used while one benchmark ran.
   *
   * @param bench the benchmark
   * @param python cores used by others during its Python script, NaN if not known
   * @param java cores used by others during its Java twin, NaN if not known
   */
  private record Others(Bench bench, double python, double java) {}

  private static String cores(double c) {
    return Double.isNaN(c) ? "?" : String.format(Locale.ROOT, "%.2f", c);
  }

  private static String othersLine(List<Others> others) {
    var sb =
        new StringBuilder(
            "CPU used by other processes meanwhile (cores of "
                + Multiprocessing.cpuCount()
                + "; above ~0.3 the parallel figures suffer), Python/Java:");
    for (Others o : others) {
      sb.append(' ')
          .append(o.bench().id())
          .append(' ')
          .append(cores(o.python()))
          .append('/')
          .append(cores(o.java()));
    }
    return sb.toString();
  }

  private Path writeMarkdown(
      Options options, String header, Table table, List<String> problems, List<Others> others)
      throws IOException {
    Path file = options.outFile();
    if (file == null) {
      String stamp =
          LocalDateTime.now(ZoneId.systemDefault())
              .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      file = Path.of("bench-results", "side-by-side-" + stamp + ".md");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    var sb = new StringBuilder("# Side-by-side: Python multiprocessing vs multiproc (Java)\n\n");
    for (String line : header.lines().skip(1).toList()) {
      sb.append("- ").append(line).append('\n');
    }
    sb.append('\n').append(table.markdown()).append('\n');
    sb.append(Table.RATIO_HEADER)
        .append(
            ": how many times better Java is (Python/Java for times, Java/Python for rates and"
                + " speedups); above 1 means Java is better.\n");
    sb.append("\nCPU used by other processes on the machine while each side ran (in cores of ")
        .append(Multiprocessing.cpuCount())
        .append("; above about 0.3 the parallel figures suffer):\n\n")
        .append("| bench | during Python | during Java |\n|---|---:|---:|\n");
    for (Others o : others) {
      sb.append("| ")
          .append(o.bench().id())
          .append(" | ")
          .append(cores(o.python()))
          .append(" | ")
          .append(cores(o.java()))
          .append(" |\n");
    }
    for (String p : problems) {
      sb.append("\n**problem:** ").append(p.replace("\n", "\n    ")).append('\n');
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    return file;
  }

  private void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      err.println("[bench] could not delete " + root + ": " + e.getMessage());
    }
  }
}
