package dev.multiproc.testing;

import dev.multiproc.internal.spawn.ChildOutput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Captures this JVM's {@code System.out} and {@code System.err}, where children's output arrives
 * line by line, until closed.
 */
public final class CapturedOutput implements AutoCloseable {
  static {
    // the library tells a replaced System.out from the JVM's own by the one it saw first
    ChildOutput.noteOriginal();
  }

  private final PrintStream oldOut = System.out;
  private final PrintStream oldErr = System.err;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Starts capturing. */
  public CapturedOutput() {
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** Returns what was printed to System.out so far. */
  public synchronized String out() {
    synchronized (System.out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** Returns what was printed to System.err so far. */
  public String err() {
    synchronized (System.err) {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  /** Waits until {@code test} holds for the captured stdout (output arrives asynchronously). */
  public boolean awaitOut(Predicate<String> test, Duration timeout) throws InterruptedException {
    return await(test, timeout, true);
  }

  /** Waits until {@code test} holds for the captured stderr. */
  public boolean awaitErr(Predicate<String> test, Duration timeout) throws InterruptedException {
    return await(test, timeout, false);
  }

  private boolean await(Predicate<String> test, Duration timeout, boolean stdout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (test.test(stdout ? out() : err())) {
        return true;
      }
      Thread.sleep(10);
    }
    return test.test(stdout ? out() : err());
  }

  @Override
  public void close() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }
}
