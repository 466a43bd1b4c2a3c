package dev.multiproc.examples.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.multiproc.examples.Example;
import dev.multiproc.examples.Examples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of an example's {@code main} in this JVM, with {@code System.out} captured: the
 * example's own lines and its worker processes' lines, which arrive line by line, possibly a
 * moment after the example returns.
 */
public final class ExampleRun {
  private static final Duration LATE_OUTPUT = Duration.ofSeconds(10);

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private static final PrintStream ORIGINAL = System.out;

  private ExampleRun() {}

  /**
   * Puts back the {@code System.out} of before the runs. Children's lines are copied to whatever
   * {@code System.out} is when they arrive, so the capture stays in place until the test ends:
   * call this after each test.
   */
  public static void restore() {
    System.setOut(ORIGINAL);
  }

  /**
   * Runs the example named {@code name} and returns its output so far.
   *
   * @param name the example's name
   * @return the run
   * @throws Exception if the example throws
   */
  public static ExampleRun of(String name) throws Exception {
    Example example = Examples.find(name).orElseThrow(() -> new AssertionError("no " + name));
    ExampleRun run = new ExampleRun();
    System.setOut(run.capture); // until restore(): children's late lines arrive here too
    example.run();
    return run;
  }

  /**
   * Returns what was printed so far.
   *
   * @return the output
   */
  public String out() {
    synchronized (capture) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * Returns the output once {@code test} holds for it, waiting a while for late child lines;
   * fails if it never holds.
   *
   * @param what what the test checks, for the message
   * @param test the check
   * @return the output
   */
  public String await(String what, Predicate<String> test) {
    long deadline = System.nanoTime() + LATE_OUTPUT.toNanos();
    while (!test.test(out())) {
      if (System.nanoTime() > deadline) {
        fail("output never showed " + what + ":\n" + out());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return out();
  }

  /**
   * Waits until the output contains every one of {@code lines} (each as a whole line).
   *
   * @param lines the lines
   * @return the output
   */
  public String awaitLines(String... lines) {
    return await(
        List.of(lines).toString(),
        out -> List.of(lines).stream().allMatch(l -> out.lines().anyMatch(l::equals)));
  }

  /**
   * Returns the first group of each match of {@code regex}, in order.
   *
   * @param regex a pattern with one group
   * @return the groups
   */
  public List<String> all(String regex) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(out());
    return m.results().map(r -> r.group(1)).toList();
  }

  /**
   * Returns the first group of the one match of {@code regex}.
   *
   * @param regex a pattern with one group
   * @return the group
   */
  public String one(String regex) {
    List<String> found = all(regex);
    assertTrue(
        found.size() == 1,
        () -> "expected one match of " + regex + ", got " + found + " in:\n" + out());
    return found.get(0);
  }

  /**
   * Returns how many lines equal {@code line}.
   *
   * @param line the line
   * @return how many times it was printed
   */
  public long count(String line) {
    return out().lines().filter(line::equals).count();
  }
}
