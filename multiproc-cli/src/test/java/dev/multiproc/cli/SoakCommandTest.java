package dev.multiproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code multiproc soak}: a short soak with every kind of fault, dense enough that a pool that
 * loses a task under a SIGKILL, a SIGSTOP, a System.exit or a timeout fails it.
 */
class SoakCommandTest {

  private static long figure(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    assertTrue(m.find(), () -> "no " + regex + " in:\n" + out);
    return Long.parseLong(m.group(1));
  }

  @Test
  @Timeout(180)
  void soak_halfAMinuteUnderEveryFault_losesNothingAndLeaksNothing() {
    var text = new StringWriter();
    var err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(text));
    cli.setErr(new PrintWriter(err));
    int code =
        cli.execute(
            "soak",
            "--minutes",
            "0.5",
            "--workers",
            "2",
            "--kill-every",
            "0.25",
            "--freeze-every",
            "2",
            "--exit-every",
            "2",
            "--hang-every",
            "3",
            "--task-timeout",
            "1",
            "--seed",
            "20261205");
    String out = text.toString();
    System.out.println(out);
    assertEquals(0, code, () -> out + err);
    assertTrue(out.contains("soak: PASS"), out);
    assertTrue(out.contains("  leaked      nothing"), out);
    assertEquals(0, figure(out, "lost +(\\d+)"));
    assertEquals(0, figure(out, "wrong +(\\d+)"));
    // the faults happened, and tasks failed by them: the soak exercised what it claims
    assertTrue(figure(out, "faults +(\\d+) SIGKILLs") >= 30, out);
    assertTrue(figure(out, "(\\d+) SIGSTOPs") >= 1, out); // a freeze waits for a live worker
    assertTrue(figure(out, "worker SIGKILLed=(\\d+)") >= 1, out);
    assertTrue(figure(out, "task called System.exit=(\\d+)") >= 1, out);
    assertTrue(figure(out, "completed +(\\d+)") >= 1_000, out);
  }

  @Test
  void soak_badOptions_exitWithTwoAndSayWhy() {
    var err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    assertEquals(2, cli.execute("soak", "--minutes", "0"));
    assertTrue(err.toString().contains("minutes=0.0 (> 0)"), err::toString);
  }
}
