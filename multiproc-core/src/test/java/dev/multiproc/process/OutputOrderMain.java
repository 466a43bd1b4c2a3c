package dev.multiproc.process;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.Pool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A caller JVM for {@link OutputOrderTest}: prints lines before and after each child and pool task
 * that prints lines of its own, so that the order in its output file shows whether they stayed
 * in causal order; then checks that a replaced {@code System.out} still gets a child's lines.
 */
public final class OutputOrderMain {
  /** Lines each child or task prints. */
  static final int LINES = 40;

  private OutputOrderMain() {}

  /**
   * Runs the rounds.
   *
   * @param args the number of rounds
   * @throws Exception if a round fails
   */
  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    Context ctx = Multiprocessing.local();
    for (int k = 0; k < rounds; k++) {
      System.out.println("parent " + k + " before");
      ChildProcess child = ctx.process(OutputOrderMain::chatter, "child " + k).start();
      child.join();
      System.out.println("parent " + k + " after");
    }
    try (Pool pool = ctx.pool(1)) {
      for (int k = 0; k < rounds; k++) {
        System.out.println("parent " + k + " before task");
        int n = pool.apply(OutputOrderMain::task, k);
        System.out.println("parent " + k + " after task " + n);
      }
    }
    PrintStream real = System.out;
    var captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      ChildProcess child = ctx.process(OutputOrderMain::chatter, "captured").start();
      child.join();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!captured.toString(StandardCharsets.UTF_8).contains("captured line " + (LINES - 1))
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    } finally {
      System.setOut(real);
    }
    System.out.println("captured=" + captured.toString(StandardCharsets.UTF_8).lines().count());
  }

  static void chatter(String who) {
    for (int i = 0; i < LINES; i++) {
      System.out.println(who + " line " + i);
    }
  }

  static int task(int k) {
    chatter("task " + k);
    return k;
  }
}
