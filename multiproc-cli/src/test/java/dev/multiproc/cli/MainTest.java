package dev.multiproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's wiring: commands, pass-through of bench arguments, help and version. */
class MainTest {

  @Test
  void bench_isAPicocliCommandWithItsOwnOptionsAndHelp() {
    var text = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(text));
    assertEquals(0, cli.execute("bench", "--help"));
    assertTrue(text.toString().contains("--only=LIST"), text::toString);
    assertTrue(text.toString().contains("--quick"), text::toString);
    CommandLine.ParseResult result = cli.parseArgs("bench", "--quick", "--only", "b03,b01");
    assertTrue(result.subcommand().hasMatchedOption("--quick"));
    assertEquals(
        "b03,b01", result.subcommand().matchedOption("--only").originalStringValues().getFirst());
  }

  /** A wrong option value: one line that names it and where to look, exit code 2. */
  @Test
  void badOptionValues_printOneLineNotAStackTrace() {
    for (List<String> args :
        List.of(
            List.of("node", "--port=-1"),
            List.of("node", "--port=x"),
            List.of("bench", "--only", "b99"),
            List.of("bench", "--rounds", "3"))) {
      var err = new StringWriter();
      CommandLine cli = Main.commandLine();
      cli.setErr(new PrintWriter(err));
      assertEquals(2, cli.execute(args.toArray(String[]::new)), args + ": " + err);
      String text = err.toString();
      assertEquals(1, text.lines().count(), args + ": " + text);
      assertTrue(text.startsWith("multiproc " + args.getFirst() + ": "), text);
      assertTrue(text.strip().endsWith("(see 'multiproc " + args.getFirst() + " --help')"), text);
      assertFalse(text.contains("Exception"), text);
    }
  }

  @Test
  void version_printsProjectVersionAndJava() {
    var text = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(text));
    assertEquals(0, cli.execute("--version"));
    assertTrue(text.toString().startsWith("multiproc 0.1.0"), text::toString);
    assertTrue(text.toString().contains("Java " + Runtime.version()), text::toString);
  }

  @Test
  void help_listsTheCommands() {
    var text = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(text));
    assertEquals(0, cli.execute("--help"));
    assertTrue(text.toString().contains("demo"), text::toString);
    assertTrue(text.toString().contains("bench"), text::toString);
  }

  @Test
  void unknownCommand_exitsWithUsageError() {
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(new StringWriter()));
    assertEquals(2, cli.execute("nosuch"));
  }
}
