package dev.multiproc.testing;

import dev.multiproc.Multiprocessing;
import java.util.ArrayList;
import java.util.List;

/** Task functions run by tests in worker processes: static methods, so method references work. */
public final class TestTasks {
  private TestTasks() {}

  /** Returns {@code x * x}. */
  public static int square(int x) {
    return x * x;
  }

  /** Returns {@code x + 1}. */
  public static int inc(int x) {
    return x + 1;
  }

  /** Returns the pid of the process it runs in. */
  public static long pid(Object ignored) {
    return ProcessHandle.current().pid();
  }

  /** Returns the name of the process it runs in. */
  public static String processName(Object ignored) {
    return Multiprocessing.currentProcess().name();
  }

  /** Sleeps {@code millis}, then returns it. */
  public static long sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return millis;
  }

  /** Throws IllegalStateException("boom: x"). */
  public static int throwIllegalState(int x) {
    throw new IllegalStateException("boom: " + x);
  }

  /** Calls System.exit(3). */
  public static int exit3(int x) {
    System.exit(3);
    return x;
  }

  /** Halts the JVM with code 7. */
  public static int halt(int x) {
    Runtime.getRuntime().halt(7);
    return x;
  }

  /** Kills its own JVM with SIGKILL, as the OOM killer or an operator would. */
  public static int sigkillSelf(int x) {
    try {
      new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid()))
          .start()
          .waitFor();
      Thread.sleep(10_000);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return x;
  }

  /** Allocates without end until the heap is exhausted. */
  @SuppressWarnings("ModifiedButNotUsed") // the list holds the allocations until the heap is full
  public static int exhaustHeap(int x) {
    List<long[]> hog = new ArrayList<>();
    while (true) {
      hog.add(new long[1 << 20]);
    }
  }

  /** Loops for ever, burning CPU. */
  public static int spin(int x) {
    long n = 0;
    while (!Thread.currentThread().isInterrupted() || x >= 0) {
      n++;
    }
    return (int) n;
  }

  /** Returns an Object, which is not serializable. */
  public static Object plainObject(int x) {
    return new Object();
  }

  /** A serializable value class that strict filters refuse. */
  public record Point(int x, int y) implements java.io.Serializable {}

  /** Returns {@code x -> 2 * x}, a lambda whose capturing class is this one. */
  public static dev.multiproc.function.SerializableFunction<Integer, Integer> doubler() {
    return x -> 2 * x;
  }

  /** Returns a Point. */
  public static Point point(int x) {
    return new Point(x, x);
  }

  /** CPU-bound work: sum of i*i for i below n, as the seeds' headline example. */
  public static long sumOfSquares(long n) {
    long total = 0;
    for (long i = 0; i < n; i++) {
      total += i * i;
    }
    return total;
  }
}
