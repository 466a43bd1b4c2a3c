package dev.multiproc.examples.seed003;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Seed 003, "Pool with Initializer": each worker runs an initializer once, which sets a
 * worker-local id in a static field; the tasks read it.
 *
 * <p>Differences: Python's {@code initializer=init_worker, initargs=(1000,)} is {@code
 * PoolOptions.of(2).withInitializer(() -> initWorker(1000))}: a serializable lambda carries the
 * argument. A static field plays the module-level global: each worker JVM has its own.
 */
public final class PoolInitializer {
  private PoolInitializer() {}

  /** Worker-local state set by the initializer. Python: the global {@code worker_id}. */
  private static int workerId = -1;

  /**
   * Initialize each worker with a unique ID. Python: {@code init_worker(base_id)}.
   *
   * @param baseId the base of the id
   */
  public static void initWorker(int baseId) {
    workerId = baseId + (int) (Time.getpid() % 100);
    System.out.println("  Worker initialized: PID=" + Time.getpid() + ", worker_id=" + workerId);
  }

  /**
   * A task that uses worker-local state. Python: {@code task_with_state(x)}.
   *
   * @param x a number
   * @return a line naming the worker, the input and its square
   */
  public static String taskWithState(int x) {
    return "worker_id="
        + workerId
        + ", PID="
        + Time.getpid()
        + ", input="
        + x
        + ", result="
        + x * x;
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.out.println("Initializing pool with per-worker setup:");
    List<String> results;
    try (Pool pool =
        Multiprocessing.local().pool(PoolOptions.of(2).withInitializer(() -> initWorker(1000)))) {
      results = pool.map(PoolInitializer::taskWithState, IntStream.range(0, 4).boxed().toList());
    }

    System.out.println();
    System.out.println("Results:");
    for (String r : results) {
      System.out.println("  " + r);
    }
  }
}
