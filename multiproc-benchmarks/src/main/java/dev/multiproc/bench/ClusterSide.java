package dev.multiproc.bench;

import dev.multiproc.Multiprocessing;
import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.cluster.internal.LocalMembers;
import dev.multiproc.pool.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * b14: what the network hop of the cluster backend costs. A {@link Pool} over a cluster of
 * {@value #MEMBERS} member JVMs started on 127.0.0.1 with {@value #WORKERS} workers each, this JVM
 * a client, and a local {@code Pool(2)} of this JVM, timed in the same rounds the same way: the
 * {@code apply} round trip (as b03), {@code map} with {@code chunksize=1} and {@code map} of 1M
 * items with the default chunksize (as b05). Python has no cluster; its column is its local pool.
 *
 * <p>The cluster's counts are smaller than Python's (its round trip is ~25 times the local one),
 * so that a round takes seconds: {@value #CALLS} calls per round (Python: 20,000) and {@value
 * #CS1_ITEMS} items with {@code chunksize=1} (Python: 100,000). The local pool runs the same
 * counts, so that the two Java lines differ only by the hop.
 */
final class ClusterSide {
  /** Member JVMs of the cluster. */
  static final int MEMBERS = 2;

  /** Worker JVMs per member. */
  static final int WORKERS = 2;

  /** {@code apply} calls per round. */
  static final int CALLS = 2_000;

  /** Items of the {@code chunksize=1} map per round. */
  static final int CS1_ITEMS = 2_000;

  /** Items of the default-chunksize map. */
  static final int MAP_ITEMS = 1_000_000;

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final Consumer<String> log;

  ClusterSide(Consumer<String> log) {
    this.log = log;
  }

  /** b14: the cluster's figures and the local pool's, per round, each under its own metric. */
  Map<String, Measurement> b14(int rounds) throws InterruptedException {
    Map<String, List<Double>> perRound = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    String name = "multiproc-bench-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    try (LocalMembers members =
            LocalMembers.start(name, MEMBERS, WORKERS, List.of("-Xmx512m"), log);
        ClusterContext cluster = Cluster.context(members.clientConfig());
        Pool remote = cluster.pool();
        Pool local = Multiprocessing.local().pool(2)) {
      awaitWorkers(cluster, remote);
      log.accept(
          String.format(
              Locale.ROOT,
              "b14: %d members x %d workers on 127.0.0.1 ready in" + " %.1f s",
              MEMBERS,
              WORKERS,
              (System.nanoTime() - t0) / 1e9));
      // round -1 is an untimed warm-up of the JIT in this JVM, the members and the workers
      for (int r = -1; r < rounds; r++) {
        for (String where : List.of("local", "cluster")) {
          Pool pool = where.equals("cluster") ? remote : local;
          Map<String, Double> figures = round(pool);
          if (r >= 0) {
            figures.forEach(
                (k, v) -> perRound.computeIfAbsent(where + " " + k, x -> new ArrayList<>()).add(v));
          }
        }
      }
      t0 = System.nanoTime();
    }
    log.accept(
        String.format(
            Locale.ROOT, "b14: cluster stopped in %.1f s", (System.nanoTime() - t0) / 1e9));
    Map<String, Measurement> out = new LinkedHashMap<>();
    perRound.forEach(
        (k, v) -> out.put(k, Measurement.of(k.contains("apply") ? "us" : "items/s", v)));
    return out;
  }

  /** One round on one pool: apply p50 and p99, and the two maps' rates. */
  private static Map<String, Double> round(Pool pool) {
    Map<String, Double> figures = new LinkedHashMap<>();
    long[] lat = new long[CALLS];
    for (int i = 0; i < CALLS; i++) {
      long t0 = System.nanoTime();
      Integer v = pool.apply(BenchTasks::inc, i);
      lat[i] = System.nanoTime() - t0;
      JavaSide.check(v == i + 1, "inc(" + i + ") returned " + v);
    }
    Arrays.sort(lat);
    figures.put("apply p50", Stats.medianSorted(lat) / 1e3);
    figures.put("apply p99", Stats.percentileSorted(lat, 99) / 1e3);

    long t0 = System.nanoTime();
    List<Long> out = pool.map(BenchTasks::square, Range.of(CS1_ITEMS), 1);
    figures.put("map chunksize=1", JavaSide.rate(CS1_ITEMS, t0, out.size()));

    t0 = System.nanoTime();
    out = pool.map(BenchTasks::square, Range.of(MAP_ITEMS));
    figures.put("map 1M default chunksize", JavaSide.rate(MAP_ITEMS, t0, out.size()));
    JavaSide.check(
        out.get(MAP_ITEMS - 1) == (MAP_ITEMS - 1L) * (MAP_ITEMS - 1L), "map: wrong square");
    return figures;
  }

  private static void awaitWorkers(ClusterContext cluster, Pool pool) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (cluster.memberCount() < MEMBERS || pool.processes() < MEMBERS * WORKERS) {
      JavaSide.check(
          System.nanoTime() < deadline,
          "the cluster did not form within "
              + WAIT
              + ": "
              + cluster.memberCount()
              + " members, "
              + pool.processes()
              + " workers");
      Thread.sleep(20);
    }
  }
}
