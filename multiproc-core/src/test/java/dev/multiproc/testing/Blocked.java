package dev.multiproc.testing;

import java.time.Duration;
import java.util.Arrays;

/**
 * Waits until a thread is blocked inside a given wait, so that a test acts (interrupts, closes,
 * kills) while the thread really waits there, not before it got there.
 */
public final class Blocked {
  private Blocked() {}

  /**
   * Waits until {@code thread}'s stack holds a frame of a class whose simple name is {@code
   * simpleClass}, in a method named {@code method}; fails after {@code within}.
   *
   * <p>A thread parked in the kernel (a futex wait through a native call) is RUNNABLE to the JVM,
   * so the stack, not {@link Thread#getState()}, is what says where it waits.
   *
   * @param thread the thread to watch
   * @param simpleClass the class's simple name, for example {@code "Futex"}
   * @param method the method's name, for example {@code "kernelAwait"}
   * @param within how long to wait at most
   * @throws InterruptedException if the calling thread is interrupted
   */
  public static void untilInside(Thread thread, String simpleClass, String method, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!inside(thread, simpleClass, method)) {
      if (!thread.isAlive() || System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            thread
                + " did not reach "
                + simpleClass
                + "."
                + method
                + " within "
                + within
                + "; its stack: "
                + Arrays.toString(thread.getStackTrace()));
      }
      Thread.sleep(5); // a thread's stack has no event to wait on: checked a bit apart
    }
  }

  private static boolean inside(Thread thread, String simpleClass, String method) {
    return Arrays.stream(thread.getStackTrace())
        .anyMatch(
            e ->
                e.getMethodName().equals(method)
                    && (e.getClassName().equals(simpleClass)
                        || e.getClassName().endsWith("." + simpleClass)
                        || e.getClassName().endsWith("$" + simpleClass)));
  }
}
