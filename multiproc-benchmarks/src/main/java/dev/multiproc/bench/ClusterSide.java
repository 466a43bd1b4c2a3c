package dev.multiproc.bench;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import dev.multiproc.Multiprocessing;
import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.cluster.internal.HzLock;
import dev.multiproc.cluster.internal.HzQueue;
import dev.multiproc.cluster.internal.LocalMembers;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.pool.Pool;
import dev.multiproc.sync.MpLock;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
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
 *
 * <p>The floor: a plain Hazelcast client of the same members (not the library's), in the same
 * rounds, times what Hazelcast alone costs: a trivial {@link Callable} on an {@link
 * IExecutorService} ({@value #CALLS} calls, as the library's {@code apply}), and {@value #OPS}
 * put+get pairs on an {@link IQueue} and lock+unlock pairs on {@link IMap#lock}, next to the same
 * counts on the library's cluster queue and lock, in blocks that take turns with the library's.
 * Each round also gives the library's figure divided by the floor's of the same round.
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

  /** Queue put+get pairs and lock+unlock pairs per round, the library's and the floor's. */
  static final int OPS = 1_000;

  /** Blocks of {@link #OPS}, in which the library's and the floor's pairs take turns. */
  static final int BLOCKS = 10;

  /** Items of the default-chunksize map. */
  static final int MAP_ITEMS = 1_000_000;

  private static final Duration WAIT = Duration.ofSeconds(60);

  /** How long the cluster's JIT is warmed before the rounds. */
  static final Duration WARM_UP = Duration.ofSeconds(12);

  private final Consumer<String> log;

  ClusterSide(Consumer<String> log) {
    this.log = log;
  }

  /**
   * b14: the cluster's figures, the local pool's and the bare Hazelcast floor's, per round, each
   * under its own metric.
   */
  Map<String, Measurement> b14(int rounds) throws InterruptedException {
    Map<String, List<Double>> perRound = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    String name = "multiproc-bench-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    try (LocalMembers members =
            LocalMembers.start(name, MEMBERS, WORKERS, List.of("-Xmx512m"), log);
        ClusterContext cluster = Cluster.context(members.clientConfig());
        Pool remote = cluster.pool();
        Pool local = Multiprocessing.local().pool(2);
        MpQueue<Integer> queue = cluster.queue(0);
        MpLock lock = cluster.lock();
        Bare bare = new Bare(members, ((HzQueue<?>) queue).name())) {
      awaitWorkers(cluster, remote);
      log.accept(
          String.format(
              Locale.ROOT,
              "b14: %d members x %d workers on 127.0.0.1 ready in" + " %.1f s",
              MEMBERS,
              WORKERS,
              (System.nanoTime() - t0) / 1e9));
      warmUp(remote);
      // round -1 is an untimed warm-up of the JIT in this JVM, the members and the workers
      for (int r = -1; r < rounds; r++) {
        Map<String, Double> all = new LinkedHashMap<>();
        for (String where : List.of("local", "cluster")) {
          Pool pool = where.equals("cluster") ? remote : local;
          round(pool).forEach((k, v) -> all.put(where + " " + k, v));
        }
        all.putAll(bare.applyRound());
        double[] queues =
            alternating(
                queueBlock(queue::put, queue::get), queueBlock(bare.queue::put, bare.queue::take));
        all.put("cluster queue put+get", queues[0]);
        all.put("bare queue put+get", queues[1]);
        double[] locks =
            alternating(
                lockBlock(lock::acquire, lock::release),
                lockBlock(() -> bare.map.lock(HzLock.KEY), () -> bare.map.unlock(HzLock.KEY)));
        all.put("cluster lock+unlock", locks[0]);
        all.put("bare lock+unlock", locks[1]);
        // the library's figure over the floor's of the same round
        all.put("ratio apply p50", of(all, "cluster apply p50") / of(all, "bare apply p50"));
        all.put(
            "ratio queue put+get",
            of(all, "cluster queue put+get") / of(all, "bare queue put+get"));
        all.put("ratio lock+unlock", of(all, "cluster lock+unlock") / of(all, "bare lock+unlock"));
        if (r >= 0) {
          all.forEach((k, v) -> perRound.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
      }
      t0 = System.nanoTime();
    }
    log.accept(
        String.format(
            Locale.ROOT, "b14: cluster stopped in %.1f s", (System.nanoTime() - t0) / 1e9));
    Map<String, Measurement> out = new LinkedHashMap<>();
    perRound.forEach(
        (k, v) ->
            out.put(
                k,
                Measurement.of(
                    k.startsWith("ratio")
                        ? "x"
                        : k.contains("apply")
                            ? "us"
                            : k.contains("queue") || k.contains("lock") ? "ops/s" : "items/s",
                    v)));
    return out;
  }

  /**
   * Runs {@code chunksize=1} maps on the cluster for {@link #WARM_UP}: a steady-state figure
   * wants the members' JIT done, and with 7 JVMs compiling on 2 cores that takes seconds (the
   * first maps of a fresh cluster ran at 2-4 k tasks/s, the rate settled at ~25 k after ~8 s).
   * Logs the rates it went through.
   */
  private void warmUp(Pool remote) {
    List<Long> rates = new ArrayList<>();
    long end = System.nanoTime() + WARM_UP.toNanos();
    while (System.nanoTime() - end < 0) {
      long t0 = System.nanoTime();
      List<Long> out = remote.map(BenchTasks::square, Range.of(CS1_ITEMS), 1);
      rates.add(Math.round(JavaSide.rate(CS1_ITEMS, t0, out.size()) / 1e3));
    }
    log.accept(
        "b14: warm-up, "
            + WARM_UP.toSeconds()
            + " s of chunksize=1 maps on the cluster, k tasks/s: first "
            + rates.subList(0, Math.min(5, rates.size()))
            + ", last "
            + rates.subList(Math.max(0, rates.size() - 5), rates.size()));
  }

  private static double of(Map<String, Double> figures, String key) {
    return java.util.Objects.requireNonNull(figures.get(key), key);
  }

  /** One blocking operation of a round, as the library's and Hazelcast's both throw. */
  @FunctionalInterface
  private interface Step {
    void run() throws InterruptedException;
  }

  /** A put that blocks, as {@code MpQueue.put} and {@code IQueue.put}. */
  @FunctionalInterface
  private interface Put {
    void put(Integer item) throws InterruptedException;
  }

  /** A get that blocks, as {@code MpQueue.get} and {@code IQueue.take}. */
  @FunctionalInterface
  private interface Get {
    Integer get() throws InterruptedException;
  }

  /** {@code n} pairs of one side, its items numbered from {@code from}. */
  @FunctionalInterface
  private interface Block {
    void run(int from, int n) throws InterruptedException;
  }

  /** Put+get pairs on one queue. */
  private static Block queueBlock(Put put, Get get) {
    return (from, n) -> {
      for (int i = from; i < from + n; i++) {
        put.put(i);
        Integer v = get.get();
        JavaSide.check(v == i, "queue: put " + i + ", got " + v);
      }
    };
  }

  /** Lock+unlock pairs on one lock. */
  private static Block lockBlock(Step lock, Step unlock) {
    return (from, n) -> {
      for (int i = from; i < from + n; i++) {
        lock.run();
        unlock.run();
      }
    };
  }

  /**
   * {@value #OPS} pairs of the library's and {@value #OPS} of the floor's, in {@value #BLOCKS}
   * blocks each, taking turns (the library first, then the floor first, ...), so that both see
   * the same load of the machine and neither always comes first after the pools' rounds.
   *
   * @return the library's and the floor's pairs per second
   */
  private static double[] alternating(Block library, Block floor) throws InterruptedException {
    int per = OPS / BLOCKS;
    long[] nanos = new long[2];
    for (int b = 0; b < BLOCKS; b++) {
      for (int turn = 0; turn < 2; turn++) {
        int side = (b + turn) % 2; // 0: the library
        long t0 = System.nanoTime();
        (side == 0 ? library : floor).run(b * per, per);
        nanos[side] += System.nanoTime() - t0;
      }
    }
    return new double[] {OPS / (nanos[0] / 1e9), OPS / (nanos[1] / 1e9)};
  }

  /**
   * The floor: a plain Hazelcast client of the members, with nothing of the library between this
   * JVM and them, and its executor, queue and map.
   */
  private static final class Bare implements AutoCloseable {
    private final HazelcastInstance client;
    private final IExecutorService executor;
    final IQueue<Integer> queue;
    final IMap<String, Integer> map;

    /**
     * Connects the floor's client; its queue and its lock's entry are in the same partition as
     * the library's queue and lock (so on the same member, with the same backup), that neither
     * gains from where its partition happened to land.
     *
     * @param sameAs the name of the library's queue
     */
    Bare(LocalMembers members, String sameAs) {
      ClientConfig config = new ClientConfig();
      // the members have no cluster key: their name on the wire is the cluster's name
      config.setClusterName(members.clusterName());
      config.setProperty("hazelcast.phone.home.enabled", "false");
      config.setProperty("hazelcast.logging.type", "none");
      config
          .getNetworkConfig()
          .setAddresses(members.members().stream().map(LocalMembers.Member::address).toList());
      config.getNetworkConfig().getAutoDetectionConfig().setEnabled(false);
      config
          .getConnectionStrategyConfig()
          .getConnectionRetryConfig()
          .setClusterConnectTimeoutMillis(WAIT.toMillis());
      client = HazelcastClient.newHazelcastClient(config);
      String prefix = "multiproc-bench-bare-";
      executor = client.getExecutorService(prefix + "executor");
      queue = client.getQueue(prefix + "queue@" + sameAs); // the partition of sameAs
      map = client.getMap(prefix + "lock"); // locked at HzLock.KEY, the library lock's key
    }

    /** {@value #CALLS} trivial tasks on the members, each waited for: p50 and p99 in us. */
    Map<String, Double> applyRound() throws InterruptedException {
      long[] lat = new long[CALLS];
      for (int i = 0; i < CALLS; i++) {
        long t0 = System.nanoTime();
        Integer v;
        try {
          v = executor.submit(new Inc(i)).get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("bare executor: inc(" + i + ") failed: " + e, e);
        }
        lat[i] = System.nanoTime() - t0;
        JavaSide.check(v == i + 1, "bare inc(" + i + ") returned " + v);
      }
      Arrays.sort(lat);
      Map<String, Double> figures = new LinkedHashMap<>();
      figures.put("bare apply p50", Stats.medianSorted(lat) / 1e3);
      figures.put("bare apply p99", Stats.percentileSorted(lat, 99) / 1e3);
      return figures;
    }

    @Override
    public void close() {
      client.shutdown();
    }
  }

  /** The trivial task of the floor, as {@link BenchTasks#inc}: on the members' class path. */
  private record Inc(int x) implements Callable<Integer>, Serializable {
    @Override
    public Integer call() {
      return x + 1;
    }
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
