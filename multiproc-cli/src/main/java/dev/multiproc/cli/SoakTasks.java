package dev.multiproc.cli;

/**
 * The tasks the soak submits: static methods, so method references travel to workers. A work
 * task's answer is known in advance ({@link #answer}), so the soak can check every result.
 */
final class SoakTasks {
  private SoakTasks() {}

  /** What a submitted task is. */
  enum Kind {
    /** Computes {@link #answer}: must complete with it, or fail only by a fault of the soak. */
    WORK,
    /** Calls {@code System.exit(3)}: must fail with its worker's exit. */
    EXIT,
    /** Sleeps past the task timeout: must fail with a timeout. */
    HANG
  }

  /** The exit code of {@link #exit}. */
  static final int EXIT_CODE = 3;

  /**
   * A little CPU work with a known answer: an LCG stepped {@code 1000 + |x| % 20000} times.
   *
   * @param x the input
   * @return the answer
   */
  static long answer(long x) {
    long v = x;
    long steps = 1000L + Math.floorMod(x, 20_000);
    for (long i = 0; i < steps; i++) {
      v = v * 6364136223846793005L + 1442695040888963407L;
    }
    return v;
  }

  /**
   * Ends its worker with {@link #EXIT_CODE}.
   *
   * @param x ignored
   * @return never
   */
  static long exit(long x) {
    System.exit(EXIT_CODE);
    return x;
  }

  /**
   * Sleeps for {@code millis}: longer than the task timeout, so it is killed at its deadline.
   *
   * @param millis how long
   * @return {@code millis}, if it was not killed
   */
  static long hang(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return millis;
  }
}
