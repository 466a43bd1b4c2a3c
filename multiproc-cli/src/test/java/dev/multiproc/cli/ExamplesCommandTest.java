package dev.multiproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.examples.Examples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code multiproc examples list} and {@code multiproc examples run NAME}. */
class ExamplesCommandTest {

  @Test
  void list_printsEveryExampleWithItsSeed() {
    var text = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(text));
    assertEquals(0, cli.execute("examples", "list"));
    for (var e : Examples.all()) {
      assertTrue(
          text.toString().lines().anyMatch(l -> l.startsWith(e.name() + " ")),
          () -> e.name() + " missing from:\n" + text);
    }
    assertTrue(text.toString().contains("seed 001, §6.1 Locks and RLocks"), text::toString);
  }

  @Test
  @Timeout(60)
  void run_runsTheExampleWithItsWorkers() {
    PrintStream original = System.out;
    var bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.commandLine().execute("examples", "run", "002-pool-square");
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, out);
    assertTrue(out.startsWith("# 002-pool-square: seed 002_"), out);
    assertTrue(out.contains("Squared results: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]"), out);
  }

  @Test
  void run_unknownName_exitsWithTwoAndSuggestsCloseNames() {
    var err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    assertEquals(2, cli.execute("examples", "run", "001-race"));
    assertTrue(err.toString().contains("No example named '001-race'"), err::toString);
    assertTrue(err.toString().contains("001-race-condition"), err::toString);
  }

  @Test
  void run_misspelledName_suggestsByEditDistance() {
    var err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    assertEquals(2, cli.execute("examples", "run", "002-pool-sqare"));
    assertTrue(err.toString().contains("002-pool-square"), err::toString);
  }
}
