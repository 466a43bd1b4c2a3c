package dev.multiproc.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One run of a fresh JVM (a caller that starts workers of its own) to its end: its exit code and
 * everything it printed. Output goes to files, so a chatty JVM never blocks on a full pipe; one
 * that outlives its deadline is killed with all it started.
 */
public final class JvmRun {
  /**
   * How a JVM ended.
   *
   * @param exitCode its exit code
   * @param stdout what it printed on stdout
   * @param stderr what it printed on stderr
   */
  public record Result(int exitCode, String stdout, String stderr) {
    /**
     * Returns the value of the first stdout line {@code key=value}.
     *
     * @param key the key
     * @return the value, if printed
     */
    public Optional<String> value(String key) {
      return stdout
          .lines()
          .filter(l -> l.startsWith(key + "="))
          .map(l -> l.substring(key.length() + 1))
          .findFirst();
    }

    /**
     * Returns everything, for assertion messages.
     *
     * @return the exit code and the output
     */
    public String describe() {
      return "exit code " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
    }
  }

  private JvmRun() {}

  /**
   * Returns a command that runs {@code mainClass} on this JVM's java.
   *
   * @param jvmFlags flags before the class path
   * @param classPath the class path
   * @param mainClass the main class
   * @param args its arguments
   * @return the command
   */
  public static List<String> java(
      List<String> jvmFlags, String classPath, String mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * Runs a command to its end.
   *
   * @param command the command
   * @param workDir its working directory, which also receives its output files
   * @param within how long it may take
   * @return how it ended
   * @throws IOException if it cannot be started
   * @throws InterruptedException if interrupted while waiting
   */
  public static Result run(List<String> command, Path workDir, Duration within)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "stdout-", ".txt");
    Path err = Files.createTempFile(workDir, "stderr-", ".txt");
    Process p =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      if (!p.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
        throw new AssertionError(
            "the JVM did not end within "
                + within
                + ": "
                + command
                + "\n--- stdout:\n"
                + Files.readString(out)
                + "\n--- stderr:\n"
                + Files.readString(err));
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
