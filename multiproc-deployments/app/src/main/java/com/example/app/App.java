package com.example.app;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.pool.Pool;
import dev.multiproc.process.ChildProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The application: a pool maps a lambda and a method reference over the application's own
 * classes, and a child process whose target is the application's own method sends the
 * application's own records through a queue. It prints one {@code RESULT} line and exits 0, or
 * throws (exit 1).
 *
 * <p>{@link #run} is the work, on any context: {@link #main} runs it on this machine's worker JVMs.
 *
 * <p>Every task reports the pid it ran in, and the line says {@code elsewhere=true} only when all
 * of them ran in other processes than this one.
 */
public final class App {
  /** How many parts the child sends. */
  static final int PARTS = 3;

  private App() {}

  /**
   * Runs the application.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while waiting for the child
   */
  public static void main(String[] args) throws InterruptedException {
    System.out.println(run(Multiprocessing.local()));
  }

  /**
   * Runs the application's work on {@code mp}'s processes.
   *
   * @param mp where the pool and the child process run
   * @return the {@code RESULT} line
   * @throws InterruptedException if interrupted while waiting for the child
   */
  public static String run(Context mp) throws InterruptedException {
    long self = ProcessHandle.current().pid();
    Set<Long> pids = new TreeSet<>();
    List<Part> parts = new ArrayList<>();
    List<Integer> scaled;
    List<Integer> squares;
    try (MpQueue<Part> queue = mp.queue()) {
      ChildProcess child = mp.process(Producer::produce, queue).start();
      try (Pool pool = mp.pool(2)) {
        Scale scale = new Scale(10);
        List<Measured> lambda = pool.map(x -> Measured.here(scale.apply(x)), List.of(1, 2, 3));
        List<Measured> ref = pool.map(Squares::square, List.of(1, 2, 3));
        scaled = lambda.stream().map(Measured::value).toList();
        squares = ref.stream().map(Measured::value).toList();
        lambda.forEach(m -> pids.add(m.pid()));
        ref.forEach(m -> pids.add(m.pid()));
      }
      for (int i = 0; i < PARTS; i++) {
        Part part = queue.get(Duration.ofSeconds(60));
        parts.add(part);
        pids.add(part.pid());
      }
      child.join();
      if (child.exitCode().orElse(-1) != 0) {
        throw new IllegalStateException("the child exited with " + child.exitCode());
      }
      child.close();
    }
    boolean elsewhere = !pids.contains(self);
    return "RESULT lambda="
        + scaled
        + " ref="
        + squares
        + " queue="
        + parts.stream().map(Part::text).toList()
        + " elsewhere="
        + elsewhere;
  }
}
