package dev.multiproc.bench;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.Pool;
import dev.multiproc.shared.SharedMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
              || m.get(ValueLayout.JAVA_BYTE, IpcTasks.SLICE + 7) != 7 || acc == Long.MIN_VALUE) {
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
    log.accept(String.format("b12 lifecycle %.1f us per cycle", out.get("lifecycle total")
        .median()));
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
}
