package dev.multiproc.bench;

import dev.multiproc.bench.Figure.Target;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The benchmarks of the side-by-side run: the Python script of each, the start methods it is run
 * with, its rounds, and the lines it contributes to the table.
 */
enum Bench {
  B01("b01_process_start.py", List.of("fork", "spawn"), 5),
  B02("b02_pool_startup.py", List.of("fork", "spawn"), 7),
  B03("b03_apply_latency.py", List.of("fork"), 5),
  B04("b04_apply_async.py", List.of("fork"), 5),
  B05("b05_map.py", List.of("fork"), 5),
  B06("b06_ppe.py", List.of("fork"), 3),
  B07("b07_queue.py", List.of(), 5),
  B08("b08_pipe.py", List.of(), 5),
  B09("b09_value.py", List.of(), 5),
  B10("b10_manager.py", List.of("fork", "spawn"), 5),
  B11("b11_lock_event.py", List.of(), 5),
  B12("b12_shm.py", List.of(), 5),
  B13("b13_cpu.py", List.of(), 5),
  /** The cluster: no script of its own (Python has no cluster): b03's and b05's figures. */
  B14(null, List.of(), 5);

  /**
   * The caller's heap budget after {@code map} of a million items, with the results held (a
   * million boxed {@code Long}s and their list are about 20 MB), in MB.
   */
  static final int HEAP_BUDGET_MB = 64;

  /**
   * The resident set budget of a pool worker that has run {@code map} of a million items, in MB:
   * most of it is the young generation the JVM sized from the machine's memory (179 MB on a 24 GiB
   * machine; a 24 MB young generation would make it about 130 MB).
   */
  static final int RSS_BUDGET_MB = 192;

  /** The resident set budget of an idle pool worker kept for the next pool, in MB. */
  static final int KEPT_RSS_BUDGET_MB = 96;

  /** Rounds of every benchmark with {@code --quick}. */
  static final int QUICK_ROUNDS = 3;

  private final @Nullable String script;

  @SuppressWarnings("ImmutableEnumChecker") // always a List.of
  private final List<String> pythonArgs;

  private final int rounds;

  Bench(@Nullable String script, List<String> pythonArgs, int rounds) {
    this.script = script;
    this.pythonArgs = pythonArgs;
    this.rounds = rounds;
  }

  /** Returns the id used by {@code --only}: {@code b01}, {@code b13}, ... */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns the Python script's file name; b14 has none (see {@link #pythonSources()}). */
  String script() {
    if (script == null) {
      throw new IllegalStateException(id() + " has no Python script of its own");
    }
    return script;
  }

  /**
   * Returns the benchmarks whose Python script gives this one's Python figures: itself, or for
   * b14 (Python has no cluster) b03 and b05, whose local {@code Pool(2)} it is compared with.
   */
  List<Bench> pythonSources() {
    return this == B14 ? List.of(B03, B05) : List.of(this);
  }

  /** Returns the arguments of the Python script (its start methods). */
  List<String> pythonArgs() {
    return pythonArgs;
  }

  /** Returns the number of rounds, on both sides. */
  int rounds(boolean quick) {
    return quick ? QUICK_ROUNDS : rounds;
  }

  /** Returns the lines of the table for this benchmark. */
  List<Figure> figures() {
    String id = id();
    return switch (this) {
      case B01 ->
          List.of(
              time(
                  id,
                  "Process start+join no-op, back to back [py fork]",
                  "Process start+join no-op [fork]",
                  "start+join back-to-back",
                  null),
              time(
                  id,
                  "Process start+join no-op, back to back [py spawn]",
                  "Process start+join no-op [spawn]",
                  "start+join back-to-back",
                  null),
              time(
                  id,
                  "Process start+join no-op, Java: warm spare ready [py fork]",
                  "Process start+join no-op [fork]",
                  "start+join warm",
                  Target.javaAtMost(5, "<= 5 ms")),
              time(
                  id,
                  "Process start() only, Java: warm spare ready [py fork]",
                  "Process start() only [fork]",
                  "start only warm",
                  null));
      case B02 ->
          List.of(
              time(
                  id,
                  "Pool(2) create->1st result, cold [py fork]",
                  "Pool(2) create->1st result, cold [fork]",
                  "cold first",
                  null),
              time(
                  id,
                  "Pool(2) create->1st result, cold [py spawn]",
                  "Pool(2) create->1st result, cold [spawn]",
                  "cold first",
                  null),
              time(
                  id,
                  "Pool(2) create->1st result, warm [py fork]",
                  "Pool(2) create->1st result, warm [fork]",
                  "warm first",
                  null),
              time(
                  id,
                  "Pool(2) create->1st result, warm [py spawn]",
                  "Pool(2) create->1st result, warm [spawn]",
                  "warm first",
                  null),
              time(
                  id,
                  "Pool(2) create->1st result->close, warm [py fork]",
                  "Pool(2) create->1st result->close/join, warm [fork]",
                  "warm total",
                  null),
              time(
                  id,
                  "Pool(2) create->1st result->close, warm [py spawn]",
                  "Pool(2) create->1st result->close/join, warm [spawn]",
                  "warm total",
                  null),
              time(
                  id,
                  "kept pool worker RSS at rest, largest of 2 (budget)",
                  null,
                  "kept worker RSS",
                  Target.javaAtMost(KEPT_RSS_BUDGET_MB, "<= " + KEPT_RSS_BUDGET_MB + " MB")));
      case B03 ->
          List.of(
              time(
                  id,
                  "Pool.apply round trip p50 [py fork]",
                  "Pool.apply round-trip median [fork]",
                  "median",
                  Target.advantage(2, "p50 <= 0.5x Py")),
              time(
                  id,
                  "Pool.apply round trip p99 [py fork]",
                  "Pool.apply round-trip p99 [fork]",
                  "p99",
                  Target.advantage(5, "p99 <= 0.2x Py")),
              time(
                  id,
                  "Pool.apply round trip p99.9 [py fork]",
                  "Pool.apply round-trip p99.9 [fork]",
                  "p99.9",
                  null),
              time(
                  id,
                  "Pool.apply round trip mean [py fork]",
                  "Pool.apply round-trip mean [fork]",
                  "mean",
                  null));
      case B04 ->
          List.of(
              rate(
                  id,
                  "applyAsync 100k submit+collect [py fork]",
                  "Pool.apply_async submit+collect 100k [fork]",
                  "submit+collect",
                  Target.advantage(3, ">= 3x Py")),
              rate(
                  id,
                  "applyAsync submit phase only [py fork]",
                  "Pool.apply_async submit phase only [fork]",
                  "submit only",
                  null));
      case B05 ->
          List.of(
              rate(
                  id,
                  "map 1M, default chunksize [py fork]",
                  "Pool.map 1M default chunksize [fork]",
                  "map 1M default chunksize",
                  Target.advantage(3, ">= 3x Py")),
              rate(
                  id,
                  "map 100k, chunksize=1 [py fork]",
                  "Pool.map 100k chunksize=1 [fork]",
                  "map 100k chunksize=1",
                  Target.advantage(3, ">= 3x Py")),
              rate(
                  id,
                  "imap 1M, chunksize=1000 [py fork]",
                  "Pool.imap 1M chunksize=1000 [fork]",
                  "imap 1M chunksize=1000",
                  Target.advantage(3, ">= 3x Py")),
              rate(
                  id,
                  "imapUnordered 1M, chunksize=1000 [py fork]",
                  "Pool.imap_unordered 1M chunksize=1000 [fork]",
                  "imapUnordered 1M chunksize=1000",
                  Target.advantage(3, ">= 3x Py")),
              time(
                  id,
                  "caller heap after map 1M, results held (budget)",
                  null,
                  "caller heap after map 1M",
                  Target.javaAtMost(HEAP_BUDGET_MB, "<= " + HEAP_BUDGET_MB + " MB")),
              time(
                  id,
                  "worker RSS after map 1M, largest of 2 (budget)",
                  null,
                  "worker RSS after map 1M",
                  Target.javaAtMost(RSS_BUDGET_MB, "<= " + RSS_BUDGET_MB + " MB")));
      case B06 ->
          List.of(
              time(
                  id,
                  "PPE submit().result() round trip p50 [py fork]",
                  "PPE submit().result() round-trip median [fork]",
                  "round trip median",
                  null),
              time(
                  id,
                  "PPE submit().result() round trip p99 [py fork]",
                  "PPE submit().result() round-trip p99 [fork]",
                  "round trip p99",
                  null),
              rate(
                  id,
                  "PPE submit 50k + collect [py fork]",
                  "PPE submit 50k + collect [fork]",
                  "submit 50k + collect",
                  null),
              rate(
                  id,
                  "PPE map 1M, chunksize=1000 [py fork]",
                  "PPE map 1M chunksize=1000 [fork]",
                  "map 1M chunksize=1000",
                  null));
      case B07 -> queueFigures(id);
      case B08 -> pipeFigures(id);
      case B09 ->
          List.of(
              rate(
                  id,
                  "Value locked += 1, 2 processes x 200k",
                  "Value('i') locked += 1, 2 proc x 200k (count ok)",
                  "2 proc",
                  Target.advantage(5, ">= 5x Py")),
              rate(
                  id,
                  "Value locked += 1, 1 process x 200k",
                  "Value('i') locked += 1, 1 proc x 200k (count ok)",
                  "1 proc",
                  null));
      case B10 ->
          List.of(
              time(
                  id, "Manager() start [py fork]", "Manager() start [fork]", "manager start", null),
              time(
                  id,
                  "Manager() start [py spawn]",
                  "Manager() start [spawn]",
                  "manager start",
                  null),
              rate(
                  id,
                  "Manager dict set (1 child)",
                  "Manager.dict set (1 child) [fork]",
                  "dict set",
                  null),
              rate(
                  id,
                  "Manager dict get (1 child)",
                  "Manager.dict get (1 child) [fork]",
                  "dict get",
                  null),
              rate(
                  id,
                  "Manager dict set+get (1 child)",
                  "Manager.dict set+get combined (1 child) [fork]",
                  "dict set+get",
                  Target.advantage(2, ">= 2x Py")),
              rate(
                  id,
                  "Manager queue put+get (1 child)",
                  "Manager.Queue put+get combined (1 child) [fork]",
                  "queue put+get",
                  Target.advantage(2, ">= 2x Py")),
              rate(
                  id,
                  "Manager queue child put -> parent get",
                  "Manager.Queue child put -> parent get [fork]",
                  "queue child->parent",
                  Target.advantage(2, ">= 2x Py")));
      case B11 ->
          List.of(
              rate(
                  id,
                  "Lock acquire/release uncontended",
                  "mp.Lock acquire/release uncontended",
                  "lock acquire/release",
                  null),
              rate(
                  id,
                  "Lock `with` / try-with-resources hold()",
                  "mp.Lock `with lock:` uncontended",
                  "lock hold()",
                  null),
              rate(
                  id,
                  "threading.Lock / ReentrantLock (reference)",
                  "threading.Lock acquire/release (reference)",
                  "ReentrantLock",
                  null),
              rate(
                  id,
                  "Event set/wait ping-pong, 2 processes",
                  "mp.Event set/wait ping-pong, 2 processes",
                  "event ping-pong",
                  Target.advantage(3, ">= 3x Py")),
              time(
                  id,
                  "Event ping-pong round trip",
                  "mp.Event ping-pong round trip (1e6/rate)",
                  "event round trip",
                  null));
      case B12 ->
          List.of(
              time(
                  id,
                  "SharedMemory 1MiB create+attach+close x2+unlink",
                  "SharedMemory create+attach+close+unlink 1MiB (total)",
                  "lifecycle total",
                  Target.advantage(1, "<= 1x Py time")),
              time(id, "  create(size=1MiB)", "SharedMemory   create(size=1MiB)", "create", null),
              time(id, "  attach by name", "SharedMemory   attach by name", "attach", null),
              time(id, "  close() x2", "SharedMemory   close() x2", "close x2", null),
              time(id, "  unlink()", "SharedMemory   unlink()", "unlink", null),
              rate(
                  id,
                  "100MiB child write, fresh pages",
                  "SharedMemory 100MiB child memoryview write, fresh pages",
                  "write fresh",
                  null),
              rate(
                  id,
                  "100MiB child write, 2nd pass",
                  "SharedMemory 100MiB child memoryview write, 2nd pass",
                  "write second",
                  null),
              rate(
                  id,
                  "100MiB parent read (copy out)",
                  "SharedMemory 100MiB parent read (bytes() copy)",
                  "read copy",
                  null));
      case B13 ->
          List.of(
              time(
                  id,
                  "work(n) one task (Java: timed in a worker)",
                  "work(2e6) single task, in-process",
                  "single",
                  null),
              time(
                  id,
                  "8 x work(n) sequential (Java: in a worker)",
                  "8 x work(2e6) sequential",
                  "sequential",
                  null),
              time(
                  id,
                  "8 x work(n) warm Pool(2).map",
                  "8 x work(2e6) warm Pool(2).map",
                  "warm pool",
                  null),
              new Figure(
                  id,
                  "speedup sequential / warm Pool(2).map",
                  "speedup sequential / warm Pool(2).map (paired)",
                  "speedup",
                  false,
                  Target.javaAtLeast(1.9, "Java >= 1.9x")),
              time(
                  id,
                  "8 x work(n) Pool(2) create+map+close [py fork]",
                  "8 x work(2e6) Pool(2) create+map+close [fork]",
                  "cold pool",
                  null),
              time(
                  id,
                  "8 x work(n) Pool(2) create+map+close [py spawn]",
                  "8 x work(2e6) Pool(2) create+map+close [spawn]",
                  "cold pool",
                  null));
      case B14 -> clusterFigures(id);
    };
  }

  /**
   * b14: the cluster's lines, each followed by the local pool's, both timed in the same rounds;
   * the Python column is Python's local {@code Pool(2)} [fork] of b03 and b05.
   */
  private static List<Figure> clusterFigures(String id) {
    /* one pair of lines: what is measured, Python's metric, Java's metric after "cluster " or
    "local ", and whether it is a time */
    record Pair(String label, String python, String java, boolean time) {}
    List<Pair> pairs =
        List.of(
            new Pair(
                "apply round trip p50", "Pool.apply round-trip median [fork]", "apply p50", true),
            new Pair("apply round trip p99", "Pool.apply round-trip p99 [fork]", "apply p99", true),
            new Pair(
                "map chunksize=1", "Pool.map 100k chunksize=1 [fork]", "map chunksize=1", false),
            new Pair(
                "map 1M default chunksize",
                "Pool.map 1M default chunksize [fork]",
                "map 1M default chunksize",
                false));
    List<Figure> figures = new java.util.ArrayList<>();
    for (Pair p : pairs) {
      figures.add(
          new Figure(
              id,
              p.label() + ", cluster 2x2 workers",
              p.python(),
              "cluster " + p.java(),
              p.time(),
              null));
      figures.add(
          new Figure(
              id, p.label() + ", local Pool(2)", p.python(), "local " + p.java(), p.time(), null));
    }
    // the bare Hazelcast floor (Python has none): a plain client of the same members
    String floor = "bare Hazelcast IExecutorService";
    figures.add(time(id, "apply round trip p50, " + floor, null, "bare apply p50", null));
    figures.add(time(id, "apply round trip p99, " + floor, null, "bare apply p99", null));
    figures.add(
        time(
            id,
            "apply p50 cluster / " + floor,
            null,
            "ratio apply p50",
            Target.javaAtMost(1.3, "<= 1.3x bare")));
    figures.add(rate(id, "queue put+get, cluster", null, "cluster queue put+get", null));
    figures.add(rate(id, "queue put+get, bare IQueue", null, "bare queue put+get", null));
    figures.add(
        rate(
            id,
            "queue put+get cluster / bare IQueue",
            null,
            "ratio queue put+get",
            Target.javaAtLeast(1, ">= 1x bare")));
    figures.add(rate(id, "lock+unlock, cluster", null, "cluster lock+unlock", null));
    figures.add(rate(id, "lock+unlock, bare IMap.lock", null, "bare lock+unlock", null));
    figures.add(
        rate(
            id,
            "lock+unlock cluster / bare IMap.lock",
            null,
            "ratio lock+unlock",
            Target.javaAtLeast(1, ">= 1x bare")));
    return figures;
  }

  private static List<Figure> queueFigures(String id) {
    List<Figure> figures = new java.util.ArrayList<>();
    for (String kind : List.of("Queue", "SimpleQueue")) {
      for (String label : List.of("int", "1KiB bytes", "1MiB bytes")) {
        String py = kind + " " + label + " producer->consumer";
        Target target =
            kind.equals("Queue") && label.equals("int") ? Target.advantage(2, ">= 2x Py") : null;
        figures.add(
            rate(id, kind + " " + label + " producer->consumer", py, kind + " " + label, target));
        if (!label.equals("int")) {
          figures.add(
              rate(
                  id,
                  kind + " " + label + " MB/s",
                  py + " [MB/s]",
                  kind + " " + label + " MB/s",
                  null));
        }
      }
    }
    return figures;
  }

  private static List<Figure> pipeFigures(String id) {
    List<Figure> figures = new java.util.ArrayList<>();
    for (String kind : List.of("Pipe()", "Pipe(duplex=False)")) {
      for (String label :
          List.of("int send/recv", "1KiB send_bytes/recv_bytes", "1MiB send_bytes/recv_bytes")) {
        String name = kind + " " + label;
        figures.add(rate(id, name, name, name, null));
        if (!label.startsWith("int")) {
          Target target =
              kind.equals("Pipe()") && label.startsWith("1MiB")
                  ? Target.advantage(1, ">= 1x Py")
                  : null;
          figures.add(rate(id, name + " MB/s", name + " [MB/s]", name + " MB/s", target));
        }
      }
    }
    figures.add(
        time(
            id,
            "Pipe() ping-pong round trip median",
            "Pipe() ping-pong round trip median",
            "ping-pong median",
            null));
    figures.add(
        time(
            id,
            "Pipe() ping-pong round trip p99",
            "Pipe() ping-pong round trip p99",
            "ping-pong p99",
            null));
    figures.add(rate(id, "Pipe() ping-pong", "Pipe() ping-pong", "ping-pong rate", null));
    return figures;
  }

  private static Figure time(
      String id, String label, @Nullable String py, String java, @Nullable Target t) {
    return new Figure(id, label, py, java, true, t);
  }

  private static Figure rate(
      String id, String label, @Nullable String py, String java, @Nullable Target t) {
    return new Figure(id, label, py, java, false, t);
  }
}
