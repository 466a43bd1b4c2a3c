package dev.multiproc.deployments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One launch of a deployment: the command, the environment it adds, and how long it may take.
 *
 * @param command the command line
 * @param environment variables added to this JVM's environment
 * @param timeout how long the launched process may run
 */
record Launch(List<String> command, Map<String, String> environment, Duration timeout) {
  /** A terminal escape sequence, such as a colour code. */
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

  /**
   * What a launched process did.
   *
   * @param exitCode its exit code, or -1 if it timed out and was killed
   * @param timedOut whether it ran past the timeout
   * @param stdout what it printed to stdout
   * @param stderr what it printed to stderr
   * @param elapsed from start to exit
   */
  record Outcome(int exitCode, boolean timedOut, String stdout, String stderr, Duration elapsed) {
    /** The lines of stdout, without terminal colour codes (Maven's quiet mode prints some). */
    List<String> stdoutLines() {
      return stdout.lines().map(l -> ANSI.matcher(l).replaceAll("")).toList();
    }

    /**
     * The lines that tell how a failed run failed: stderr without the JDK's warnings, then
     * jshell's reports of exceptions and errors on stdout ({@code |  ...}).
     */
    List<String> evidence() {
      List<String> lines = new ArrayList<>();
      stderr
          .lines()
          .filter(l -> !l.isBlank())
          .filter(l -> !l.startsWith("WARNING:"))
          .forEach(lines::add);
      stdout.lines().filter(l -> l.startsWith("|  ")).forEach(lines::add);
      return lines;
    }
  }

  /**
   * Runs the command in {@code dir}, its output going to files there, with {@code mark} in its
   * environment as {@value RunCensus#MARK_ENV}; kills it if it runs past the timeout.
   *
   * @param dir the run's directory
   * @param census finds the processes of the run, to kill them all on a timeout
   * @return what it did
   * @throws IOException if it cannot be started or its output read
   * @throws InterruptedException if interrupted
   */
  Outcome run(Path dir, RunCensus census) throws IOException, InterruptedException {
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().putAll(environment);
    builder.environment().put(RunCensus.MARK_ENV, dir.toString());
    long start = System.nanoTime();
    Process process = builder.start();
    boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      Stream.concat(Stream.of(process.pid()), census.processes().stream())
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      process.waitFor();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return new Outcome(
        exited ? process.exitValue() : -1,
        !exited,
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        elapsed);
  }
}
