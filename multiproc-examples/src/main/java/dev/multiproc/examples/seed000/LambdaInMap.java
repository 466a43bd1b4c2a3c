package dev.multiproc.examples.seed000;

import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.Pool;
import java.util.List;

/**
 * Seed 000, §11a "Process Startup Overhead" and §11c "Pickling Limitations": a lambda passed to
 * {@code pool.map}.
 *
 * <p>Differences: in Python, {@code pool.map(lambda x: x*x, [1, 2, 3, 4])} fails: a lambda cannot
 * be pickled. In Java, a lambda whose target type is serializable ({@code SerializableFunction},
 * which {@code Pool.map} takes) is compiled as a serializable lambda, and a worker JVM runs it, as
 * long as what it captures is serializable too. The tutorial's point about overhead stands:
 * starting worker JVMs for four multiplications costs far more than the multiplications.
 */
public final class LambdaInMap {
  private LambdaInMap() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    int multiplier = 42; // captured by the second lambda, sent along with it
    List<Integer> squares;
    List<Integer> scaled;
    try (Pool pool = Multiprocessing.local().pool(4)) {
      // The overhead of creating processes is greater than the task time
      squares = pool.map(x -> x * x, List.of(1, 2, 3, 4));
      scaled = pool.map(x -> x * multiplier, List.of(1, 2, 3));
    }
    System.out.println("pool.map(x -> x * x, [1, 2, 3, 4]) = " + squares);
    System.out.println("pool.map(x -> x * multiplier, [1, 2, 3]) = " + scaled);
  }
}
