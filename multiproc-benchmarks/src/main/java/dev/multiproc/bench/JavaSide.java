package dev.multiproc.bench;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.internal.spawn.SpareWorkers;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.pool.ResultIterator;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.ProcessInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Java twins of the Python baselines b01–b06 and b13: the same operations through multiproc's
 * {@link Pool}, {@link ProcessPoolExecutor} and {@link ChildProcess}, timed the way each Python
 * script times them (plain {@link System#nanoTime()} around the same calls, the same counts per
 * round, the same per-round statistic, the median over rounds). Each method returns its figures
 * by a metric name of its own.
 *
 * <p>JIT warm-up: every benchmark does the warm-up calls its Python script does and no more, so the
 * first rounds include some JIT compilation in the parent and in the workers; the median over
 * rounds is what absorbs it, as it does in Python.
 */
final class JavaSide {
  /** Processes started and joined per round in b01 (Python: 100 with fork, 15 with spawn). */
  static final int B01_PER_ROUND = 10;

  /** Pools per round in b02's warm figure (Python: pools #2..#4 of each interpreter). */
  static final int B02_WARM_POOLS = 3;

  /** How long to wait for a warm spare JVM before giving up. */
  private static final long SPARE_WAIT_MS = 60_000;

  private final Context ctx = Multiprocessing.local();
  private final Consumer<String> log;

  /** The per-task size of b13, once calibrated. */
  private long b13n;

  JavaSide(Consumer<String> log) {
    this.log = log;
  }

  /** Returns the {@code n} that b13 calibrated, or 0 before it ran. */
  long b13n() {
    return b13n;
  }

  /* --------------- b01: process start+join --------------- */

  /** b01: {@code ChildProcess} start+join of a no-op target, back to back and from a warm spare. */
  Map<String, Measurement> b01(int rounds) throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      startJoin();
    }
    List<Double> total = new ArrayList<>();
    List<Double> start = new ArrayList<>();
    List<Double> warmTotal = new ArrayList<>();
    List<Double> warmStart = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      double[] tt = new double[B01_PER_ROUND];
      double[] ts = new double[B01_PER_ROUND];
      for (int k = 0; k < B01_PER_ROUND; k++) {
        long[] t = startJoin();
        ts[k] = t[0] / 1e6;
        tt[k] = t[1] / 1e6;
      }
      total.add(Stats.median(tt));
      start.add(Stats.median(ts));
    }
    for (int r = 0; r < rounds; r++) {
      double[] tt = new double[B01_PER_ROUND];
      double[] ts = new double[B01_PER_ROUND];
      for (int k = 0; k < B01_PER_ROUND; k++) {
        awaitSpare();
        long[] t = startJoin();
        ts[k] = t[0] / 1e6;
        tt[k] = t[1] / 1e6;
      }
      warmTotal.add(Stats.median(tt));
      warmStart.add(Stats.median(ts));
    }
    Map<String, Measurement> out = new LinkedHashMap<>();
    out.put("start+join back-to-back", Measurement.of("ms", total));
    out.put("start only back-to-back", Measurement.of("ms", start));
    out.put("start+join warm", Measurement.of("ms", warmTotal));
    out.put("start only warm", Measurement.of("ms", warmStart));
    return out;
  }

  /** Starts and joins one no-op child; returns {start, start+join} in ns. */
  private long[] startJoin() throws InterruptedException {
    ChildProcess p = ctx.process(BenchTasks::noop);
    long t0 = System.nanoTime();
    p.start();
    long t1 = System.nanoTime();
    p.join();
    long t2 = System.nanoTime();
    int code = p.exitCode().orElse(Integer.MIN_VALUE);
    if (code != 0) {
      throw new IllegalStateException("no-op child ended with exit code " + code);
    }
    p.close();
    return new long[] {t1 - t0, t2 - t0};
  }

  private static void awaitSpare() throws InterruptedException {
    if (!SpareWorkers.get().awaitReady(SPARE_WAIT_MS)) {
      throw new IllegalStateException(
          "no warm spare worker JVM within " + SPARE_WAIT_MS + " ms (is -Dmultiproc.spares=0?)");
    }
  }

  /* --------------- b02: pool start-up --------------- */

  /**
   * b02: {@code Pool(2)} creation until the first result of {@code apply(inc, 1)}, then close. Warm:
   * in this JVM, a spare ready before each pool and the previous pool's workers kept (an untimed
   * pool runs first, so that the first timed one has a previous pool too). Cold: the first pool of
   * a fresh JVM (see {@link #b02Child()}), one JVM per round.
   */
  Map<String, Measurement> b02(int rounds) throws InterruptedException, IOException {
    List<Double> coldFirst = new ArrayList<>();
    List<Double> coldTotal = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      double[] t = coldPoolInFreshJvm();
      coldFirst.add(t[0]);
      coldTotal.add(t[1]);
    }
    List<Double> warmFirst = new ArrayList<>();
    List<Double> warmTotal = new ArrayList<>();
    // warm means the previous pool's workers are kept: the first timed pool has one too
    awaitSpare();
    timePool(ctx);
    if (!SpareWorkers.get().awaitPlacements(SPARE_WAIT_MS)) {
      throw new IllegalStateException("the untimed pool's workers were not kept within 60 s");
    }
    for (int r = 0; r < rounds; r++) {
      double[] first = new double[B02_WARM_POOLS];
      double[] total = new double[B02_WARM_POOLS];
      for (int k = 0; k < B02_WARM_POOLS; k++) {
        awaitSpare();
        double[] t = timePool(ctx);
        first[k] = t[0];
        total[k] = t[1];
      }
      warmFirst.add(Stats.median(first));
      warmTotal.add(Stats.median(total));
    }
    // the last pool's workers, kept and idle
    if (!SpareWorkers.get().awaitPlacements(SPARE_WAIT_MS)) {
      throw new IllegalStateException("the last pool's workers were not kept within 60 s");
    }
    double keptRss = Memory.largestRssMb(SpareWorkers.get().keptPids());
    Map<String, Measurement> out = new LinkedHashMap<>();
    out.put("kept worker RSS", Measurement.of("MB", List.of(keptRss)));
    out.put("cold first", Measurement.of("ms", coldFirst));
    out.put("cold total", Measurement.of("ms", coldTotal));
    out.put("warm first", Measurement.of("ms", warmFirst));
    out.put("warm total", Measurement.of("ms", warmTotal));
    return out;
  }

  /** Times one pool: {create→first result, create→first result→close} in ms. */
  private static double[] timePool(Context ctx) {
    long t0 = System.nanoTime();
    Pool pool = ctx.pool(2);
    Integer r = pool.apply(BenchTasks::inc, 1);
    long t1 = System.nanoTime();
    pool.close();
    long t2 = System.nanoTime();
    if (r != 2) {
      throw new IllegalStateException("inc(1) returned " + r);
    }
    return new double[] {(t1 - t0) / 1e6, (t2 - t0) / 1e6};
  }

  /** The body of the fresh JVM b02 starts: times its first pool and prints the figures. */
  static void b02Child() {
    long t0 = System.nanoTime();
    Context ctx = Multiprocessing.local();
    Pool pool = ctx.pool(2);
    Integer r = pool.apply(BenchTasks::inc, 1);
    long t1 = System.nanoTime();
    pool.close();
    long t2 = System.nanoTime();
    if (r != 2) {
      throw new IllegalStateException("inc(1) returned " + r);
    }
    System.out.println("B02 " + (t1 - t0) / 1e6 + " " + (t2 - t0) / 1e6);
  }

  private double[] coldPoolInFreshJvm() throws IOException, InterruptedException {
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            SideBySide.class.getName(),
            SideBySide.B02_CHILD_FLAG);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("the b02 child JVM did not finish in 2 min");
    }
    for (String line : output.lines().toList().reversed()) {
      if (line.startsWith("B02 ")) {
        String[] f = line.split(" ");
        return new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])};
      }
    }
    throw new IllegalStateException(
        "the b02 child JVM (exit code " + p.exitValue() + ") printed no figures: " + output);
  }

  /* --------------- b03: apply round trip --------------- */

  /** b03: {@code Pool(2).apply(inc, i)} round trip: 2,000 warm-up calls, 20,000 timed per round. */
  Map<String, Measurement> b03(int rounds) {
    final int calls = 20_000;
    List<Double> med = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> p999 = new ArrayList<>();
    List<Double> mean = new ArrayList<>();
    try (Pool pool = ctx.pool(2)) {
      for (int i = 0; i < 2_000; i++) {
        pool.apply(BenchTasks::inc, i);
      }
      for (int r = 0; r < rounds; r++) {
        long[] lat = new long[calls];
        for (int i = 0; i < calls; i++) {
          long t0 = System.nanoTime();
          Integer v = pool.apply(BenchTasks::inc, i);
          lat[i] = System.nanoTime() - t0;
          if (v != i + 1) {
            throw new IllegalStateException("inc(" + i + ") returned " + v);
          }
        }
        Arrays.sort(lat);
        med.add(Stats.medianSorted(lat) / 1e3);
        p99.add(Stats.percentileSorted(lat, 99) / 1e3);
        p999.add(Stats.percentileSorted(lat, 99.9) / 1e3);
        mean.add(Stats.mean(lat) / 1e3);
      }
    }
    Map<String, Measurement> out = new LinkedHashMap<>();
    out.put("median", Measurement.of("us", med));
    out.put("p99", Measurement.of("us", p99));
    out.put("p99.9", Measurement.of("us", p999));
    out.put("mean", Measurement.of("us", mean));
    return out;
  }

  /* --------------- b04: applyAsync throughput --------------- */

  /** b04: submit 100,000 {@code applyAsync(inc, i)}, then get all; tasks/s over both. */
  Map<String, Measurement> b04(int rounds) throws InterruptedException, ExecutionException {
    final int n = 100_000;
    List<Double> rates = new ArrayList<>();
    List<Double> submitRates = new ArrayList<>();
    try (Pool pool = ctx.pool(2)) {
      List<AsyncResult<Integer>> warm = new ArrayList<>();
      for (int i = 0; i < 5_000; i++) {
        warm.add(pool.applyAsync(BenchTasks::inc, i));
      }
      for (AsyncResult<Integer> r : warm) {
        r.get();
      }
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        List<AsyncResult<Integer>> rs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          rs.add(pool.applyAsync(BenchTasks::inc, i));
        }
        long t1 = System.nanoTime();
        List<Integer> out = new ArrayList<>(n);
        for (AsyncResult<Integer> x : rs) {
          out.add(x.get());
        }
        long t2 = System.nanoTime();
        if (out.size() != n || out.get(n - 1) != n) {
          throw new IllegalStateException("applyAsync results are wrong");
        }
        rates.add(n / ((t2 - t0) / 1e9));
        submitRates.add(n / ((t1 - t0) / 1e9));
      }
    }
    Map<String, Measurement> out = new LinkedHashMap<>();
    out.put("submit+collect", Measurement.of("tasks/s", rates));
    out.put("submit only", Measurement.of("tasks/s", submitRates));
    return out;
  }

  /* --------------- b05: map, imap, imapUnordered --------------- */

  /** b05: {@code map}, {@code imap} and {@code imapUnordered} of {@code square}, as b05_map.py. */
  Map<String, Measurement> b05(int rounds) {
    final int million = 1_000_000;
    List<Double> mapDefault = new ArrayList<>();
    List<Double> mapCs1 = new ArrayList<>();
    List<Double> imap = new ArrayList<>();
    List<Double> imapu = new ArrayList<>();
    List<Double> heapAfterMap = new ArrayList<>();
    List<Double> workerRss = new ArrayList<>();
    try (Pool pool = ctx.pool(2)) {
      pool.map(BenchTasks::square, Range.of(10_000));
      // round -1 is an untimed warm-up, as JMH's warm-up iterations: it lets the JIT compile
      // the codec and chunk loops in the workers (Python has no JIT to warm)
      for (int r = -1; r < rounds; r++) {
        if (r == 0) {
          mapDefault.clear();
          mapCs1.clear();
          imap.clear();
          imapu.clear();
        }
        long t0 = System.nanoTime();
        List<Long> out = pool.map(BenchTasks::square, Range.of(million));
        mapDefault.add(rate(million, t0, out.size()));
        check(out.get(999_999) == 999_999L * 999_999L, "map: wrong square");

        t0 = System.nanoTime();
        out = pool.map(BenchTasks::square, Range.of(100_000), 1);
        mapCs1.add(rate(100_000, t0, out.size()));

        t0 = System.nanoTime();
        out = drain(pool.imap(BenchTasks::square, Range.of(million), 1000));
        imap.add(rate(million, t0, out.size()));
        check(out.get(12345) == 12345L * 12345L, "imap: wrong square");

        t0 = System.nanoTime();
        out = drain(pool.imapUnordered(BenchTasks::square, Range.of(million), 1000));
        imapu.add(rate(million, t0, out.size()));
      }
      // memory, untimed after the timed rounds (a full GC would change the next timed figure)
      for (int r = 0; r < rounds; r++) {
        List<Long> held = pool.map(BenchTasks::square, Range.of(million));
        heapAfterMap.add(Memory.heapUsedMb());
        check(held.size() == million, "map: lost results");
        workerRss.add(Memory.largestRssMb(pool.workers().stream().map(ProcessInfo::pid).toList()));
      }
    }
    Map<String, Measurement> out = new LinkedHashMap<>();
    out.put("map 1M default chunksize", Measurement.of("items/s", mapDefault));
    out.put("map 100k chunksize=1", Measurement.of("items/s", mapCs1));
    out.put("imap 1M chunksize=1000", Measurement.of("items/s", imap));
    out.put("imapUnordered 1M chunksize=1000", Measurement.of("items/s", imapu));
    out.put("caller heap after map 1M", Measurement.of("MB", heapAfterMap));
    out.put("worker RSS after map 1M", Measurement.of("MB", workerRss));
    return out;
  }

  /** {@code list(iterator)}. */
  private static <R> List<R> drain(ResultIterator<R> it) {
    try (it) {
      List<R> out = new ArrayList<>();
      it.forEachRemaining(out::add);
      return out;
    }
  }

  /** Items per second since {@code t0}, after checking that all {@code n} came back. */
  static double rate(int n, long t0, int got) {
    double seconds = (System.nanoTime() - t0) / 1e9;
    check(got == n, "expected " + n + " results, got " + got);
    return n / seconds;
  }

  static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what);
    }
  }

  /* --------------- b06: ProcessPoolExecutor --------------- */

  /** b06: {@code ProcessPoolExecutor(2)}: submit().join() round trip, 50k submits, map 1M. */
  Map<String, Measurement> b06(int rounds) {
    final int calls = 10_000;
    final int submits = 50_000;
    final int million = 1_000_000;
    List<Double> med = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> thr = new ArrayList<>();
    List<Double> maps = new ArrayList<>();
    try (ProcessPoolExecutor ex = ctx.executor(2)) {
      for (int i = 0; i < 2_000; i++) {
        ex.submit(BenchTasks::inc, i).join();
      }
      for (int r = 0; r < rounds; r++) {
        long[] lat = new long[calls];
        for (int i = 0; i < calls; i++) {
          long t0 = System.nanoTime();
          Integer v = ex.submit(BenchTasks::inc, i).join();
          lat[i] = System.nanoTime() - t0;
          check(v == i + 1, "inc(" + i + ") returned " + v);
        }
        Arrays.sort(lat);
        med.add(Stats.medianSorted(lat) / 1e3);
        p99.add(Stats.percentileSorted(lat, 99) / 1e3);

        long t0 = System.nanoTime();
        List<CompletableFuture<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < submits; i++) {
          fs.add(ex.submit(BenchTasks::inc, i));
        }
        List<Integer> out = new ArrayList<>(submits);
        for (CompletableFuture<Integer> f : fs) {
          out.add(f.join());
        }
        thr.add(rate(submits, t0, out.size()));
        check(out.get(submits - 1) == submits, "executor results are wrong");

        t0 = System.nanoTime();
        List<Long> squares =
            drain(ex.map(BenchTasks::square, Range.of(million), Duration.ZERO, 1000));
        maps.add(rate(million, t0, squares.size()));
        check(squares.get(999_999) == 999_999L * 999_999L, "executor map: wrong square");
      }
    }
    Map<String, Measurement> out = new LinkedHashMap<>();
    out.put("round trip median", Measurement.of("us", med));
    out.put("round trip p99", Measurement.of("us", p99));
    out.put("submit 50k + collect", Measurement.of("tasks/s", thr));
    out.put("map 1M chunksize=1000", Measurement.of("items/s", maps));
    return out;
  }

  /* --------------- b13: CPU-bound speedup --------------- */

  /**
   * b13: {@code work(n)} with {@code n} calibrated so that one task takes about {@code targetMs} in
   * a worker; one task and 8 in sequence timed inside a worker, 8 on a warm {@code Pool(2).map}
   * timed here, and 8 on a pool created inside the timed region.
   *
   * <p>Python runs its sequential baseline in the parent, which is the same interpreter as its
   * workers. Here the parent JVM and the worker JVMs run with different flags (workers use
   * SerialGC, under which C2 does no loop strip mining, so this loop runs about 25% faster there
   * than in a G1 parent), so the sequential baseline runs in a worker, and the speedup compares
   * the same compiled code on the same kind of JVM.
   */
  Map<String, Measurement> b13(int rounds, double targetMs) throws InterruptedException {
    final int tasks = 8;
    List<Double> single = new ArrayList<>();
    List<Double> seq = new ArrayList<>();
    List<Double> par = new ArrayList<>();
    List<Double> speedup = new ArrayList<>();
    List<Double> cold = new ArrayList<>();
    long n;
    long expected;
    List<Long> items;
    try (Pool pool = ctx.pool(2)) {
      awaitWorkers(pool);
      pool.map(BenchTasks::warmUpWork, Range.of(2 * pool.processes()), 1);
      n = calibrate(pool, targetMs);
      b13n = n;
      items = Collections.nCopies(tasks, n);
      expected = BenchTasks.work(n);
      for (int r = 0; r < rounds; r++) {
        single.add(pool.apply(BenchTasks::timedWork, n) / 1e6);
        double s = pool.apply(BenchTasks::timedRepeat, new long[] {n, tasks}) / 1e6;
        long t0 = System.nanoTime();
        List<Long> out = pool.map(BenchTasks::work, items);
        double p = (System.nanoTime() - t0) / 1e6;
        check(out.equals(Collections.nCopies(tasks, expected)), "pool results are wrong");
        seq.add(s);
        par.add(p);
        speedup.add(s / p);
      }
    }
    for (int r = 0; r < rounds; r++) {
      awaitSpare();
      long t0 = System.nanoTime();
      List<Long> out3;
      try (Pool pool = ctx.pool(2)) {
        out3 = pool.map(BenchTasks::work, items);
      }
      cold.add((System.nanoTime() - t0) / 1e6);
      check(out3.equals(Collections.nCopies(tasks, expected)), "cold pool results are wrong");
    }
    Map<String, Measurement> out = new LinkedHashMap<>();
    out.put("single", Measurement.of("ms", single));
    out.put("sequential", Measurement.of("ms", seq));
    out.put("warm pool", Measurement.of("ms", par));
    out.put("speedup", Measurement.of("x", speedup));
    out.put("cold pool", Measurement.of("ms", cold));
    return out;
  }

  /** Returns {@code n} such that {@code work(n)} takes about {@code targetMs} in a worker. */
  private long calibrate(Pool pool, double targetMs) {
    long n = 20_000_000L;
    for (int pass = 0; pass < 3; pass++) {
      for (int i = 0; i < 3; i++) {
        pool.apply(BenchTasks::timedWork, n); // lets a background JIT compilation finish
      }
      double[] ms = new double[3];
      for (int i = 0; i < ms.length; i++) {
        ms[i] = pool.apply(BenchTasks::timedWork, n) / 1e6;
      }
      n = Math.max(1_000_000L, Math.round(n * targetMs / Stats.median(ms) / 1e6) * 1_000_000L);
    }
    log.accept(
        String.format(
            Locale.ROOT, "b13: n = %,d makes work(n) take about %.0f ms in a worker", n, targetMs));
    return n;
  }

  private static void awaitWorkers(Pool pool) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SPARE_WAIT_MS);
    while (pool.workers().size() < pool.processes()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("pool workers did not start in " + SPARE_WAIT_MS + " ms");
      }
      Thread.sleep(5);
    }
  }
}
