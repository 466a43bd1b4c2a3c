package dev.multiproc.bench;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.internal.spawn.SpareWorkers;
import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.Pipe;
import dev.multiproc.manager.Manager;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedMemory;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpLock;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The Java twins of the IPC baselines b07–b12: queues, pipes, shared values, locks and events,
 * and shared memory, timed the way each Python script times them (the same counts per round, the
 * same per-round statistic, the median over rounds). Each method returns its figures by a metric
 * name of its own.
 */
final class IpcSide {
  /** b12: lifecycle cycles per round. */
  private static final int B12_CYCLES = 2_000;

  /** b12: the block size of the lifecycle. */
  private static final long B12_SIZE = 1 << 20;

  /** b12: the block written across processes. */
  private static final long B12_BIG = 100L << 20;

  /** b07: the cases (label, payload size, count), as in the Python script. */
  private static final List<Object[]> B07_CASES =
      List.of(
          new Object[] {"int", 0, 200_000},
          new Object[] {"1KiB bytes", 1024, 100_000},
          new Object[] {"1MiB bytes", 1 << 20, 1_000});

  /** b08: the cases (label, payload size, count). */
  private static final List<Object[]> B08_CASES =
      List.of(
          new Object[] {"int send/recv", 0, 200_000},
          new Object[] {"1KiB send_bytes/recv_bytes", 1024, 200_000},
          new Object[] {"1MiB send_bytes/recv_bytes", 1 << 20, 2_000});

  private static final int B08_ROUND_TRIPS = 20_000;

  /** b10: operations per phase. */
  private static final int B10_N = 10_000;

  /** b10: rounds not counted, while the JIT of the three JVMs compiles the proxy path. */
  private static final int B10_WARM_UP_ROUNDS = 3;

  /** b09: increments per worker. */
  private static final int B09_N = 200_000;

  /** b09: rounds not counted, while the workers' JIT compiles the loop. */
  private static final int B09_WARM_UP_ROUNDS = 4;

  /** b11: lock pairs per round. */
  private static final int B11_PAIRS = 1_000_000;

  /** b11: event round trips per round, and the warm-up before them. */
  private static final int B11_ROUND_TRIPS = 10_000;

  private static final int B11_WARM_UP = 500;

  private final Context ctx = Multiprocessing.local();
  private final Consumer<String> log;

  IpcSide(Consumer<String> log) {
    this.log = log;
  }

  /* --------------- b12: shared memory --------------- */

  /**
   * b12: the lifecycle of a 1 MiB block in one process (create, attach by name, close both,
   * unlink; per-step medians), then 100 MiB written by a child and read back by the parent.
   */
  Map<String, Measurement> b12(int rounds) {
    lifecycleRound(); // Python warms its resource tracker up with one cycle; we warm the JIT
    List<List<Double>> steps = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      steps.add(new ArrayList<>());
    }
    for (int r = 0; r < rounds; r++) {
      double[] medians = lifecycleRound();
      for (int i = 0; i < 5; i++) {
        steps.get(i).add(medians[i]);
      }
    }
    Map<String, Measurement> out = new LinkedHashMap<>();
    String[] names = {"lifecycle total", "create", "attach", "close x2", "unlink"};
    for (int i = 0; i < 5; i++) {
      out.put(names[i], Measurement.of("us", steps.get(i)));
    }
    List<Double> first = new ArrayList<>();
    List<Double> second = new ArrayList<>();
    List<Double> read = new ArrayList<>();
    try (Pool pool = ctx.pool(1)) {
      for (int r = 0; r < rounds; r++) {
        try (SharedMemory shm = SharedMemory.create(B12_BIG)) {
          double[] seconds = pool.apply(IpcTasks::writeBlock, shm.name());
          MemorySegment m = shm.segment();
          byte[] copy = new byte[IpcTasks.SLICE];
          long t0 = System.nanoTime();
          long acc = 0;
          for (long off = 0; off < B12_BIG; off += IpcTasks.SLICE) {
            MemorySegment.copy(m, ValueLayout.JAVA_BYTE, off, copy, 0, IpcTasks.SLICE);
            acc += copy[(int) (off / IpcTasks.SLICE % 256)];
          }
          double readSeconds = (System.nanoTime() - t0) / 1e9;
          if (m.get(ValueLayout.JAVA_BYTE, B12_BIG - 1) != (byte) 255
              || m.get(ValueLayout.JAVA_BYTE, IpcTasks.SLICE + 7) != 7
              || acc == Long.MIN_VALUE) {
            throw new IllegalStateException("the child's writes are not what the parent reads");
          }
          shm.unlink();
          first.add(B12_BIG / seconds[0] / 1e6);
          second.add(B12_BIG / seconds[1] / 1e6);
          read.add(B12_BIG / readSeconds / 1e6);
        }
      }
    }
    out.put("write fresh", Measurement.of("MB/s", first));
    out.put("write second", Measurement.of("MB/s", second));
    out.put("read copy", Measurement.of("MB/s", read));
    log.accept(
        String.format("b12 lifecycle %.1f us per cycle", out.get("lifecycle total").median()));
    return out;
  }

  /** One round of b12's lifecycle: medians of {total, create, attach, close x2, unlink} in µs. */
  private static double[] lifecycleRound() {
    double[][] t = new double[5][B12_CYCLES];
    for (int i = 0; i < B12_CYCLES; i++) {
      long t0 = System.nanoTime();
      SharedMemory a = SharedMemory.create(B12_SIZE);
      long t1 = System.nanoTime();
      SharedMemory b = SharedMemory.attach(a.name());
      long t2 = System.nanoTime();
      b.close();
      a.close();
      long t3 = System.nanoTime();
      a.unlink();
      long t4 = System.nanoTime();
      t[0][i] = (t4 - t0) / 1e3;
      t[1][i] = (t1 - t0) / 1e3;
      t[2][i] = (t2 - t1) / 1e3;
      t[3][i] = (t3 - t2) / 1e3;
      t[4][i] = (t4 - t3) / 1e3;
    }
    double[] medians = new double[5];
    for (int k = 0; k < 5; k++) {
      medians[k] = Stats.median(t[k]);
    }
    return medians;
  }

  /* --------------- b09: Value with lock --------------- */

  /** b09: P workers each do 200k {@code with v.get_lock(): v.value += 1}; P = 2 and 1. */
  Map<String, Measurement> b09(int rounds) throws Exception {
    Map<String, Measurement> out = new LinkedHashMap<>();
    for (int parties : new int[] {2, 1}) {
      List<Double> rates = new ArrayList<>();
      try (Pool pool = ctx.pool(parties)) {
        // the first rounds warm the workers' JIT up (C2 reaches the loop in the third or so)
        for (int r = -B09_WARM_UP_ROUNDS; r < rounds; r++) {
          try (SharedInt v = ctx.sharedInt(0);
              SharedInt arrived = ctx.sharedInt(0, false)) {
            var args = new IpcTasks.Increments(v, arrived, parties, B09_N);
            List<AsyncResult<long[]>> spans = new ArrayList<>();
            for (int p = 0; p < parties; p++) {
              spans.add(pool.applyAsync(IpcTasks::lockedIncrements, args));
            }
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (AsyncResult<long[]> span : spans) {
              long[] t = span.get();
              first = Math.min(first, t[0]);
              last = Math.max(last, t[1]);
            }
            if (v.get() != parties * B09_N) {
              throw new IllegalStateException(
                  "lost increments: " + v.get() + " != " + parties * B09_N);
            }
            if (r >= 0) {
              rates.add(parties * B09_N / ((last - first) / 1e9));
            }
          }
        }
      }
      out.put(parties + " proc", Measurement.of("incr/s", rates));
    }
    return out;
  }

  /* --------------- b11: lock and event --------------- */

  /** b11: lock acquire/release pairs in one process, and an event ping-pong with a worker. */
  Map<String, Measurement> b11(int rounds) throws Exception {
    List<Double> acquireRelease = new ArrayList<>();
    List<Double> hold = new ArrayList<>();
    List<Double> reference = new ArrayList<>();
    try (MpLock lock = ctx.lock()) {
      ReentrantLock local = new ReentrantLock();
      for (int r = -1; r < rounds; r++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < B11_PAIRS; i++) {
          lock.acquire();
          lock.release();
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < B11_PAIRS; i++) {
          try (var _ = lock.hold()) {
            // held and released: what is measured
          }
        }
        long t2 = System.nanoTime();
        for (int i = 0; i < B11_PAIRS; i++) {
          local.lock();
          try {
            // held and released: what is measured
          } finally {
            local.unlock();
          }
        }
        long t3 = System.nanoTime();
        if (r >= 0) {
          acquireRelease.add(B11_PAIRS / ((t1 - t0) / 1e9));
          hold.add(B11_PAIRS / ((t2 - t1) / 1e9));
          reference.add(B11_PAIRS / ((t3 - t2) / 1e9));
        }
      }
    }
    List<Double> rates = new ArrayList<>();
    try (Pool pool = ctx.pool(1)) {
      for (int r = 0; r < rounds; r++) {
        try (Event e1 = ctx.event();
            Event e2 = ctx.event()) {
          Event[] events = {e1, e2};
          AsyncResult<Integer> ponger =
              pool.applyAsync(() -> IpcTasks.ponger(events, B11_ROUND_TRIPS + B11_WARM_UP));
          for (int i = 0; i < B11_WARM_UP; i++) {
            pingOnce(e1, e2);
          }
          long t0 = System.nanoTime();
          for (int i = 0; i < B11_ROUND_TRIPS; i++) {
            pingOnce(e1, e2);
          }
          rates.add(B11_ROUND_TRIPS / ((System.nanoTime() - t0) / 1e9));
          ponger.get();
        }
      }
    }
    Map<String, Measurement> out = new LinkedHashMap<>();
    out.put("lock acquire/release", Measurement.of("pairs/s", acquireRelease));
    out.put("lock hold()", Measurement.of("pairs/s", hold));
    out.put("ReentrantLock", Measurement.of("pairs/s", reference));
    out.put("event ping-pong", Measurement.of("roundtrips/s", rates));
    out.put("event round trip", Measurement.of("us", rates.stream().map(x -> 1e6 / x).toList()));
    return out;
  }

  private static void pingOnce(Event e1, Event e2) throws InterruptedException {
    e1.set();
    e2.await();
    e2.clear();
  }

  /* --------------- b07: queues --------------- */

  /** b07: a producer worker puts N items, a consumer worker gets them; Queue and SimpleQueue. */
  Map<String, Measurement> b07(int rounds) throws Exception {
    Map<String, Measurement> out = new LinkedHashMap<>();
    try (Pool pool = ctx.pool(2)) {
      for (String kind : List.of("Queue", "SimpleQueue")) {
        for (Object[] c : B07_CASES) {
          throughput(
              out,
              kind + " " + c[0],
              rounds,
              (Integer) c[1],
              (Integer) c[2],
              (size, n) -> queueRound(pool, kind, size, n));
        }
      }
    }
    return out;
  }

  /** One round of a transfer: moves {@code n} messages of {@code size} bytes, returns seconds. */
  @FunctionalInterface
  private interface Transfer {
    double seconds(int size, int n) throws Exception;
  }

  /**
   * Runs a warm-up round (up to 20,000 messages, not counted), then {@code rounds} rounds of
   * {@code n} messages, and puts msg/s (and MB/s for byte payloads) under {@code key}.
   */
  private static void throughput(
      Map<String, Measurement> out, String key, int rounds, int size, int n, Transfer transfer)
      throws Exception {
    transfer.seconds(size, Math.min(n, 20_000));
    List<Double> msgs = new ArrayList<>();
    List<Double> mbs = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      double seconds = transfer.seconds(size, n);
      msgs.add(n / seconds);
      mbs.add((double) n * size / seconds / 1e6);
    }
    out.put(key, Measurement.of("msg/s", msgs));
    if (size > 0) {
      out.put(key + " MB/s", Measurement.of("MB/s", mbs));
    }
  }

  private double queueRound(Pool pool, String kind, int size, int n) throws Exception {
    AutoCloseable queue = kind.equals("Queue") ? ctx.queue() : ctx.simpleQueue();
    try (queue;
        SharedInt arrived = ctx.sharedInt(0, false)) {
      var run = new IpcTasks.QueueRun(queue, size, n, arrived);
      AsyncResult<Double> consumer = pool.applyAsync(() -> IpcTasks.consume(run));
      AsyncResult<Integer> producer = pool.applyAsync(() -> IpcTasks.produce(run));
      producer.get();
      return consumer.get();
    }
  }

  /* --------------- b08: pipes --------------- */

  /** b08: a worker sends N messages through a pipe to the parent; then a ping-pong. */
  Map<String, Measurement> b08(int rounds) throws Exception {
    Map<String, Measurement> out = new LinkedHashMap<>();
    try (Pool pool = ctx.pool(1)) {
      for (boolean duplex : new boolean[] {true, false}) {
        String kind = duplex ? "Pipe()" : "Pipe(duplex=False)";
        for (Object[] c : B08_CASES) {
          throughput(
              out,
              kind + " " + c[0],
              rounds,
              (Integer) c[1],
              (Integer) c[2],
              (size, n) -> pipeRound(pool, duplex, size, n));
        }
      }
      List<Double> medians = new ArrayList<>();
      List<Double> p99s = new ArrayList<>();
      List<Double> rates = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        try (Pipe pipe = ctx.pipe()) {
          Connection a = pipe.conn1();
          Connection b = pipe.conn2();
          AsyncResult<Integer> echo =
              pool.applyAsync(() -> IpcTasks.echo(b, B08_ROUND_TRIPS + 1000));
          for (int i = 0; i < 1000; i++) {
            a.send(i);
            a.recv();
          }
          long[] lat = new long[B08_ROUND_TRIPS];
          long all = System.nanoTime();
          for (int i = 0; i < B08_ROUND_TRIPS; i++) {
            long t0 = System.nanoTime();
            a.send(i);
            a.recv();
            lat[i] = System.nanoTime() - t0;
          }
          rates.add(B08_ROUND_TRIPS / ((System.nanoTime() - all) / 1e9));
          echo.get();
          java.util.Arrays.sort(lat);
          medians.add(Stats.medianSorted(lat) / 1e3);
          p99s.add(lat[(int) Math.ceil(0.99 * lat.length) - 1] / 1e3);
        }
      }
      out.put("ping-pong median", Measurement.of("us", medians));
      out.put("ping-pong p99", Measurement.of("us", p99s));
      out.put("ping-pong rate", Measurement.of("roundtrips/s", rates));
    }
    return out;
  }

  private double pipeRound(Pool pool, boolean duplex, int size, int n) throws Exception {
    try (Pipe go = ctx.pipe(false);
        Pipe data = ctx.pipe(duplex)) {
      Connection goRead = go.conn1();
      Connection dataWrite = data.conn2();
      AsyncResult<Integer> sender =
          pool.applyAsync(() -> IpcTasks.send(goRead, dataWrite, size, n));
      Connection in = data.conn1();
      long t0 = System.nanoTime();
      go.conn2().send(1);
      if (size == 0) {
        for (int i = 0; i < n; i++) {
          in.recv();
        }
      } else {
        for (int i = 0; i < n; i++) {
          in.recvBytes();
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      sender.get();
      return seconds;
    }
  }

  /* --------------- b10: managers --------------- */

  /** b10: manager start+shutdown; a worker's dict and queue calls; worker put, parent get. */
  Map<String, Measurement> b10(int rounds) throws Exception {
    List<Double> starts = new ArrayList<>();
    for (int r = -1; r < rounds; r++) {
      if (!SpareWorkers.get().awaitReady(60_000)) {
        throw new IllegalStateException("no warm spare worker JVM within 60 s");
      }
      long t0 = System.nanoTime();
      Manager m = ctx.manager();
      long t1 = System.nanoTime();
      m.close();
      if (r >= 0) {
        starts.add((t1 - t0) / 1e6);
      }
    }
    List<List<Double>> f = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      f.add(new ArrayList<>());
    }
    try (Manager m = ctx.manager();
        Pool pool = ctx.pool(1)) {
      // the first rounds warm up the JIT of the worker, of the manager and of this JVM: a proxy
      // call goes through reflection, the codec and a socket on each side (~50k calls)
      for (int r = -B10_WARM_UP_ROUNDS; r < rounds; r++) {
        Map<Integer, Integer> d = m.dict();
        double[] dt = pool.apply(() -> IpcTasks.dictChild(d, B10_N));
        MpQueue<Integer> q = m.queue();
        double[] qt = pool.apply(() -> IpcTasks.queueChild(q, B10_N));
        MpQueue<Integer> x = m.queue();
        long t0 = System.nanoTime();
        AsyncResult<Integer> producer = pool.applyAsync(() -> IpcTasks.produceInts(x, B10_N));
        for (int i = 0; i < B10_N; i++) {
          x.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        producer.get();
        if (r >= 0) {
          f.get(0).add(B10_N / dt[0]);
          f.get(1).add(B10_N / dt[1]);
          f.get(2).add(2 * B10_N / (dt[0] + dt[1]));
          f.get(3).add(B10_N / qt[0]);
          f.get(4).add(B10_N / qt[1]);
          f.get(5).add(2 * B10_N / (qt[0] + qt[1]));
          f.get(6).add(B10_N / seconds);
        }
      }
    }
    Map<String, Measurement> out = new LinkedHashMap<>();
    out.put("manager start", Measurement.of("ms", starts));
    String[] names = {
      "dict set",
      "dict get",
      "dict set+get",
      "queue put",
      "queue get",
      "queue put+get",
      "queue child->parent"
    };
    for (int i = 0; i < names.length; i++) {
      out.put(names[i], Measurement.of(i == 6 ? "msg/s" : "ops/s", f.get(i)));
    }
    return out;
  }
}
