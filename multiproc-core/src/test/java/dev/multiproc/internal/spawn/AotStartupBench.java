package dev.multiproc.internal.spawn;

import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.JvmOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Measures what the AOT cache and the worker flags buy: time from launch to a connected worker
 * ({@link WorkerLauncher#launch}) and start+join of a no-op {@link ChildProcess}. Not a test: a
 * main, run on a jar class path since the AOT cache refuses class directories:
 *
 * <pre>
 * jar cf /tmp/bench.jar -C multiproc-core/target/test-classes .
 * java -Dmultiproc.spares=0 -Dmultiproc.cache.dir=/tmp/mp-cache \
 *   -cp multiproc-cli/target/multiproc-cli.jar:/tmp/bench.jar \
 *   dev.multiproc.internal.spawn.AotStartupBench RUNS
 * </pre>
 *
 * <p>It measures SerialGC (the default) or G1, tiered or C1-only JIT, with or without the cache,
 * every variant once per round in a shuffled order, and prints a Markdown table of medians. It
 * first waits for the background trainers of the cached variants. {@code -Dbench.selfTrain=true}
 * instead measures a worker that records and assembles a cache as it exits (the alternative to a
 * separate trainer).
 */
public final class AotStartupBench {
  private AotStartupBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args the number of rounds
   * @throws Exception if a worker fails
   */
  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(args[0]);
    if (Boolean.getBoolean("bench.selfTrain")) {
      selfTrain(runs, JvmOptions.defaults());
      return;
    }
    // Every combination of GC, JIT and cache, interleaved round by round so that the noise of a
    // busy machine spreads evenly over them.
    var variants = new ArrayList<Variant>();
    for (String gc : List.of("", "-XX:+UseG1GC")) {
      for (String jit : List.of("", "-XX:TieredStopAtLevel=1")) {
        String[] flags = Stream.of(gc, jit).filter(f -> !f.isEmpty()).toArray(String[]::new);
        for (boolean aot : List.of(false, true)) {
          variants.add(new Variant(JvmOptions.defaults().withJvmFlags(flags), aot));
        }
      }
    }
    long t0 = System.nanoTime();
    for (Variant v : variants) {
      if (v.aot) {
        while (!String.join(" ", v.command()).contains("-XX:AOTCache=")) {
          if (System.nanoTime() - t0 > 300_000_000_000L) {
            throw new IllegalStateException("no AOT cache after 300 s");
          }
          Thread.sleep(100);
        }
      }
    }
    System.out.printf(Locale.ROOT, "caches trained in %.0f ms%n", (System.nanoTime() - t0) / 1e6);
    var random = new Random(42);
    for (int round = -2; round < runs; round++) {
      var order = new ArrayList<>(variants);
      Collections.shuffle(order, random);
      for (Variant v : order) {
        v.measure(round >= 0);
      }
    }
    System.out.println(
        "| GC | JIT | AOT cache | launch→connected p50 (p25–p75) | worker CPU until"
            + " connected p50 | start+join p50 (p25–p75) |");
    System.out.println("|---|---|---|---|---|---|");
    for (Variant v : variants) {
      List<String> f = v.options.jvmFlags();
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %.1f ms (%.1f–%.1f) | %.0f ms | %.1f ms (%.1f–%.1f) |%n",
          f.contains("-XX:+UseG1GC") ? "G1" : "Serial",
          f.contains("-XX:TieredStopAtLevel=1") ? "C1 only" : "tiered",
          v.aot ? "yes" : "no",
          q(v.launch, 0.5),
          q(v.launch, 0.25),
          q(v.launch, 0.75),
          q(v.launchCpu, 0.5),
          q(v.startJoin, 0.5),
          q(v.startJoin, 0.25),
          q(v.startJoin, 0.75));
    }
  }

  private static final class Variant {
    final JvmOptions options;
    final boolean aot;
    final List<Double> launch = new ArrayList<>();
    final List<Double> launchCpu = new ArrayList<>();
    final List<Double> startJoin = new ArrayList<>();

    Variant(JvmOptions options, boolean aot) {
      this.options = options;
      this.aot = aot;
    }

    List<String> command() {
      System.setProperty(AotCache.ENABLED_PROPERTY, Boolean.toString(aot));
      return AotStartupBench.command(options);
    }

    void measure(boolean record) throws Exception {
      System.setProperty(AotCache.ENABLED_PROPERTY, Boolean.toString(aot));
      long t0 = System.nanoTime();
      Worker w = WorkerLauncher.launch(options);
      double ms = (System.nanoTime() - t0) / 1e6;
      double cpu = w.process().info().totalCpuDuration().orElseThrow().toNanos() / 1e6;
      if (aot
          != AotStartupBench.command(options).stream()
              .anyMatch(a -> a.startsWith("-XX:AOTCache="))) {
        throw new IllegalStateException("cache flag is not as expected for " + options);
      }
      w.release();
      w.onExit().get();
      t0 = System.nanoTime();
      ChildProcess p = new ChildProcess(AotStartupBench::noop).jvm(options).start();
      p.join();
      double sj = (System.nanoTime() - t0) / 1e6;
      if (p.exitCode().orElse(-1) != 0) {
        throw new IllegalStateException("child failed: " + p.exitCode());
      }
      if (record) {
        launch.add(ms);
        launchCpu.add(cpu);
        startJoin.add(sj);
      }
    }
  }

  private static void selfTrain(int runs, JvmOptions options) throws Exception {
    System.setProperty(AotCache.ENABLED_PROPERTY, "false");
    List<String> jvmArgs = jvmArgs(command(options));
    System.setProperty(AotCache.ENABLED_PROPERTY, "true");
    Path file =
        AotCache.cacheFile(
            options, jvmArgs, LibraryPath.workerClassPath(System.getProperty("java.class.path")));
    var startJoin = new ArrayList<Double>();
    for (int i = 0; i < runs; i++) {
      Path tmp = file.resolveSibling(file.getFileName() + ".bench" + i + ".tmp");
      System.setProperty(AotCache.TRAIN_PROPERTY, tmp.toString());
      long t0 = System.nanoTime();
      ChildProcess p = new ChildProcess(AotStartupBench::noop).jvm(options).start();
      p.join();
      startJoin.add((System.nanoTime() - t0) / 1e6);
      System.out.printf(
          Locale.ROOT,
          "self-training worker start+join %.0f ms, cache %s%n",
          startJoin.getLast(),
          AotCache.isCache(tmp) ? "written" : "MISSING");
      Files.deleteIfExists(tmp);
    }
    System.out.printf(Locale.ROOT, "self-train start+join p50=%.0f ms%n", q(startJoin, 0.5));
  }

  /** What a worker's argument file holds. */
  static List<String> command(JvmOptions options) {
    return JvmCommand.jvmArgs(options);
  }

  static List<String> jvmArgs(List<String> command) {
    return command.subList(0, command.indexOf("-cp")).stream()
        .filter(a -> !a.startsWith("-D" + dev.multiproc.internal.shm.ResourceTracker.PROPERTY))
        .toList();
  }

  private static double q(List<Double> values, double quantile) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v[(int) Math.round(quantile * (v.length - 1))];
  }

  private static void noop() {}
}
