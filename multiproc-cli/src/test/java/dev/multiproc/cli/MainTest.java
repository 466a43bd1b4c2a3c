package dev.multiproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's wiring: commands, pass-through of bench arguments, help and version. */
class MainTest {

  @Test
  void bench_optionsAndArguments_reachTheRunnerUnchanged() {
    CommandLine cli = Main.commandLine();
    CommandLine.ParseResult result =
        cli.parseArgs("bench", "--rounds", "3", "-h", "--only", "b03,b01", "--help", "-V");
    BenchCommand bench = result.subcommand().commandSpec().commandLine().getCommand();
    assertEquals(List.of("--rounds", "3", "-h", "--only", "b03,b01", "--help", "-V"), bench.args());
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
