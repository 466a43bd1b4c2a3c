package dev.multiproc.cli;

import dev.multiproc.examples.Example;
import dev.multiproc.examples.Examples;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code multiproc examples}: the seed tutorials' examples ported to Java. {@code list} prints
 * them; {@code run NAME} runs one in this JVM, its worker processes printing here too.
 */
@Command(
    name = "examples",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {"The Python tutorials' examples, in Java: list them, or run one by name."},
    subcommands = {ExamplesCommand.ListCommand.class, ExamplesCommand.RunCommand.class})
public final class ExamplesCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  /** Creates the command. */
  public ExamplesCommand() {}

  /**
   * Without a subcommand, lists the examples.
   *
   * @return 0
   */
  @Override
  public Integer call() {
    return ListCommand.print(spec.commandLine().getOut());
  }

  /** {@code multiproc examples list}: one line per example. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the examples: name, seed section, what it shows.")
  public static final class ListCommand implements Callable<Integer> {
    @Spec private CommandSpec spec;

    /** Creates the command. */
    public ListCommand() {}

    /**
     * Prints the examples.
     *
     * @return 0
     */
    @Override
    public Integer call() {
      return print(spec.commandLine().getOut());
    }

    static int print(PrintWriter out) {
      int width = Examples.all().stream().mapToInt(e -> e.name().length()).max().orElse(0);
      for (Example e : Examples.all()) {
        out.printf(
            "%-" + width + "s  seed %s, %s: %s%n",
            e.name(),
            e.seed().substring(0, 3),
            e.section(),
            e.description());
      }
      out.printf("%nRun one with: multiproc examples run NAME%n");
      out.flush();
      return 0;
    }
  }

  /** {@code multiproc examples run NAME}: runs one example. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = "Runs an example by name, e.g. 001-race-condition.")
  public static final class RunCommand implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "the example's name")
    private String name = "";

    /** Creates the command. */
    public RunCommand() {}

    /**
     * Runs the example.
     *
     * @return 0, or 2 if there is no example by that name
     * @throws Exception if the example fails
     */
    @Override
    public Integer call() throws Exception {
      Optional<Example> example = Examples.find(name);
      if (example.isEmpty()) {
        PrintWriter err = spec.commandLine().getErr();
        List<String> close = Examples.closeNames(name);
        err.printf("No example named '%s'. Did you mean: %s?%n", name, String.join(", ", close));
        err.println("'multiproc examples list' lists them all.");
        err.flush();
        return 2;
      }
      Example e = example.get();
      System.out.printf("# %s: seed %s, %s%n", e.name(), e.seed(), e.section());
      System.out.flush();
      e.run();
      return 0;
    }
  }
}
