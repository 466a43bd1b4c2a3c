package dev.multiproc.internal.classes;

import dev.multiproc.Multiprocessing;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.process.JvmOptions;
import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Measures what the class channel costs: the first task of a fresh worker whose classes (a task
 * object, a lambda and the record they return, {@link RemoteCode}) come over the channel, against
 * the same task when the worker has those classes on its class path. Each worker first runs a task
 * of the class path, so that its start is not counted. Not a test: a main, run with the test class
 * path:
 *
 * <pre>
 * java -Dmultiproc.spares=0 -Dmultiproc.aot=false -cp TEST_CLASS_PATH \
 *   dev.multiproc.internal.classes.ClassChannelBench ROUNDS
 * </pre>
 *
 * <p>The variants alternate round by round; it prints the medians in milliseconds.
 */
public final class ClassChannelBench {
  private ClassChannelBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args the number of rounds
   * @throws Exception if a task fails
   */
  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    String classPath = System.getProperty("java.class.path");
    // options that are not the defaults: every pool starts its own worker, never a warm spare
    PoolOptions options =
        PoolOptions.of(1)
            .withJvm(JvmOptions.defaults().withSystemProperty("bench", "class-channel"));
    try (RemoteCode code = RemoteCode.compile()) {
      List<Double> channel = new ArrayList<>();
      List<Double> local = new ArrayList<>();
      List<Double> channelNext = new ArrayList<>();
      List<Double> localNext = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        for (boolean overChannel : List.of(true, false)) {
          System.setProperty(
              "java.class.path",
              overChannel ? classPath : classPath + File.pathSeparator + code.classes());
          try (Pool pool = Multiprocessing.local().pool(options)) {
            pool.apply(ClassChannelBench::nothing); // the worker runs
            SerializableFunction<Integer, Object> square = code.call("square");
            SerializableFunction<Integer, Object> scaled = code.scaled(3);
            long t0 = System.nanoTime();
            pool.apply(square, 2);
            pool.apply(scaled, 2);
            long t1 = System.nanoTime();
            pool.apply(square, 3);
            pool.apply(scaled, 3);
            long t2 = System.nanoTime();
            (overChannel ? channel : local).add((t1 - t0) / 1e6);
            (overChannel ? channelNext : localNext).add((t2 - t1) / 1e6);
          } finally {
            System.setProperty("java.class.path", classPath);
          }
        }
      }
      System.out.printf(Locale.ROOT, "| classes from | first tasks (ms) | next tasks (ms) |%n");
      System.out.printf(Locale.ROOT, "| --- | --- | --- |%n");
      System.out.printf(
          Locale.ROOT,
          "| the worker's class path | %.1f | %.2f |%n",
          median(local),
          median(localNext));
      System.out.printf(
          Locale.ROOT,
          "| the class channel | %.1f | %.2f |%n",
          median(channel),
          median(channelNext));
    }
  }

  static int nothing() {
    return 0;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
