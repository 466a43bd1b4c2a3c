package dev.multiproc.cli;

import dev.multiproc.bench.SideBySideCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code multiproc} command: {@code demo} (the default), {@code bench}, {@code examples}, {@code
 * node}, {@code soak}, {@code help}, and the
 * standard {@code --help} and {@code --version} options. {@code ./mp} at the repository root
 * builds the project if needed and runs it.
 */
@Command(
    name = "multiproc",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Process-based parallelism for Java: Python's multiprocessing on worker JVMs.",
      "Without a command, runs the demo."
    },
    subcommands = {
      DemoCommand.class,
      SideBySideCommand.class,
      ExamplesCommand.class,
      NodeCommand.class,
      SoakCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Callable<Integer> {

  /** Creates the command. */
  public Main() {}

  /**
   * Runs the demo, the command used when none is given.
   *
   * @return the demo's exit code
   * @throws Exception if the demo fails
   */
  @Override
  public Integer call() throws Exception {
    return new DemoCommand().call();
  }

  /**
   * Returns the command line, ready to {@link CommandLine#execute execute}. A wrong option or
   * option value ends it with exit code 2 and one line on stderr that says what was wrong and
   * where to look, not a stack trace.
   *
   * @return the command line
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler(Main::badUsage);
    return cli;
  }

  /** Prints a usage error as one line: what was wrong, and the command's help to read. */
  private static int badUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(
        name + ": " + e.getMessage().strip().replace('\n', ' ') + " (see '" + name + " --help')");
    err.flush();
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /**
   * Runs a command and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The version lines: multiproc's version, and the Java and OS it runs on. */
  public static final class Version implements IVersionProvider {

    /** Creates the provider. */
    public Version() {}

    /**
     * Returns multiproc's version, from the build, and the Java runtime.
     *
     * @return the lines {@code --version} prints
     */
    @Override
    public String[] getVersion() {
      return new String[] {
        "multiproc " + version(),
        "Java "
            + Runtime.version()
            + " ("
            + System.getProperty("java.vendor")
            + "), "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch")
      };
    }

    /**
     * Returns the project version the build wrote into {@code version.properties}.
     *
     * @return the version, or {@code unknown} when run from sources not built by Maven
     */
    public static String version() {
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          return "unknown";
        }
        var properties = new Properties();
        properties.load(in);
        return properties.getProperty("version", "unknown");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
