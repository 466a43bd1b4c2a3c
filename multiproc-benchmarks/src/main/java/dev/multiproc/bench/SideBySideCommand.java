package dev.multiproc.bench;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code bench}: the command line of the side-by-side benchmark ({@link SideBySide}), a picocli
 * command as the {@code multiproc} command's others are, and its subcommand {@code bench}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Python multiprocessing baselines and their multiproc (Java) twins in one run and",
      "prints one table: figure | Python | Java | Java vs Py | target | met?"
    })
public final class SideBySideCommand implements Callable<Integer> {

  @Option(names = "--quick", description = "3 rounds per benchmark instead of 3-7.")
  private boolean quick;

  @Option(
      names = "--only",
      paramLabel = "LIST",
      converter = Benches.class,
      description = {
        "Comma-separated benchmarks: b01 ... b14 (default: all;",
        "b14 is the cluster: 2 member JVMs on 127.0.0.1)."
      })
  private Set<Bench> only = EnumSet.allOf(Bench.class);

  @Option(
      names = "--python-dir",
      paramLabel = "DIR",
      description = {
        "The Python scripts "
            + "(default: shared/bench/python, looked for in the current directory and each above it)."
      })
  private @Nullable Path pythonDir;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = {
        "Also write the table as "
            + "Markdown here (default: bench-results/side-by-side-<timestamp>.md)."
      })
  private @Nullable Path outFile;

  @Option(
      names = SideBySide.B02_CHILD_FLAG,
      hidden = true,
      description = "Times a first pool in this fresh JVM (b02 starts it).")
  private boolean b02Child;

  /** Creates the command. */
  public SideBySideCommand() {}

  /** Returns the options given. */
  SideBySide.Options options() {
    return new SideBySide.Options(quick, only, pythonDir, outFile);
  }

  /**
   * Runs the benchmark.
   *
   * @return 0 when every benchmark ran, 1 when one failed
   */
  @Override
  public Integer call() {
    if (b02Child) {
      JavaSide.b02Child();
      return 0;
    }
    return SideBySide.runWith(options());
  }

  /** Reads {@code --only}'s list of benchmark ids. */
  static final class Benches implements ITypeConverter<Set<Bench>> {
    /** Creates the converter. */
    Benches() {}

    @Override
    public Set<Bench> convert(String list) {
      Set<Bench> set = EnumSet.noneOf(Bench.class);
      for (String id : list.split(",")) {
        String want = id.trim().toLowerCase(Locale.ROOT);
        if (want.isEmpty()) {
          continue;
        }
        set.add(
            Stream.of(Bench.values())
                .filter(b -> b.id().equals(want))
                .findFirst()
                .orElseThrow(
                    () ->
                        new TypeConversionException(
                            "unknown benchmark: "
                                + id.trim()
                                + " (known: "
                                + String.join(
                                    ", ", Stream.of(Bench.values()).map(Bench::id).toList())
                                + ")")));
      }
      if (set.isEmpty()) {
        throw new TypeConversionException("--only names no benchmark");
      }
      return set;
    }
  }
}
