package dev.multiproc.cli;

import dev.multiproc.bench.SideBySide;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code multiproc bench [args...]}: the side-by-side benchmark against Python's multiprocessing.
 * Every argument, options included, goes unchanged to {@link SideBySide#run(String[])}, which
 * documents them ({@code multiproc bench --help}).
 */
@Command(
    name = "bench",
    description = {
      "Runs the side-by-side benchmark against Python's multiprocessing.",
      "All arguments go to the benchmark runner: see 'multiproc bench --help'."
    })
public final class BenchCommand implements Callable<Integer> {

  @Parameters(paramLabel = "ARG", arity = "0..*", description = "passed to the benchmark runner")
  private List<String> args = new ArrayList<>();

  /** Creates the command. */
  public BenchCommand() {}

  /** Returns the arguments for the benchmark runner, as given. */
  List<String> args() {
    return List.copyOf(args);
  }

  /**
   * Runs the benchmark.
   *
   * @return its exit code
   */
  @Override
  public Integer call() {
    return SideBySide.run(args.toArray(String[]::new));
  }
}
