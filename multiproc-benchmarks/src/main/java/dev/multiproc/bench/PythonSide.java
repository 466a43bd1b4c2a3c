package dev.multiproc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs the Python baseline scripts ({@code shared/bench/python/bXX_*.py}) with {@code python3} and
 * reads the JSON lines they append to {@code $BENCH_RESULTS/python-$BENCH_TAG.jsonl}.
 */
final class PythonSide {
  /** A script that runs longer than this is killed, with its children. */
  private static final long SCRIPT_TIMEOUT_MINUTES = 10;

  private static final String PYTHON = "python3";

  private final Path scripts;
  private final Path results;
  private final String version;

  private PythonSide(Path scripts, Path results, String version) {
    this.scripts = scripts;
    this.results = results;
    this.version = version;
  }

  /**
   * What one script run gave.
   *
   * @param metrics the figures by metric name (each JSON line's "metric" field)
   * @param error why it failed, or null
   * @param seconds its wall time
   */
  record ScriptRun(Map<String, Measurement> metrics, @Nullable String error, double seconds) {}

  /**
   * Returns the Python side, or empty (with the reason in {@code why}) if {@code python3} cannot
   * run or the scripts are not there.
   */
  static Optional<PythonSide> open(@Nullable Path scriptDir, Path results, StringBuilder why) {
    if (scriptDir == null) {
      why.append("the Python baselines (shared/bench/python) were not found above ")
          .append(Path.of("").toAbsolutePath())
          .append("; pass --python-dir DIR");
      return Optional.empty();
    }
    if (!Files.isRegularFile(scriptDir.resolve("common.py"))) {
      why.append("no Python baselines in ").append(scriptDir).append(" (common.py is missing)");
      return Optional.empty();
    }
    String version;
    try {
      Process p = new ProcessBuilder(PYTHON, "--version").redirectErrorStream(true).start();
      version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        why.append("`python3 --version` failed: ").append(version);
        return Optional.empty();
      }
    } catch (IOException e) {
      why.append("python3 is not on the PATH (").append(e.getMessage()).append(')');
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      why.append("interrupted while looking for python3");
      return Optional.empty();
    }
    return Optional.of(new PythonSide(scriptDir.toAbsolutePath(), results, version));
  }

  /**
   * Finds {@code shared/bench/python}: in each directory from {@code start} up to the root, looks
   * for {@code shared/bench/python} (which also covers {@code ../shared/bench/python} next to the
   * repository root).
   */
  static @Nullable Path locate(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("bench").resolve("python");
      if (Files.isRegularFile(candidate.resolve("common.py"))) {
        return candidate;
      }
    }
    return null;
  }

  /** Returns what {@code python3 --version} printed. */
  String version() {
    return version;
  }

  /** Returns the directory of the scripts. */
  Path scripts() {
    return scripts;
  }

  /**
   * Runs {@code python3 script args...} with {@code ROUNDS=rounds} and returns its figures.
   *
   * @param script the file name, such as {@code b03_apply_latency.py}
   * @param args the start methods
   * @param rounds the number of rounds
   * @param tag a tag unique to this run, so its JSON lines are its own
   */
  ScriptRun run(String script, List<String> args, int rounds, String tag) {
    List<String> cmd = new ArrayList<>();
    cmd.add(PYTHON);
    cmd.add(scripts.resolve(script).toString());
    cmd.addAll(args);
    Path log = results.resolve(tag + ".log");
    Path jsonl = results.resolve("python-" + tag + ".jsonl");
    var builder = new ProcessBuilder(cmd).directory(scripts.toFile()).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("ROUNDS", Integer.toString(rounds));
    env.put("BENCH_TAG", tag);
    env.put("BENCH_RESULTS", results.toString());
    long t0 = System.nanoTime();
    String error = null;
    try {
      Process p = builder.start();
      if (!p.waitFor(SCRIPT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
        error = "timed out after " + SCRIPT_TIMEOUT_MINUTES + " min";
      } else if (p.exitValue() != 0) {
        error = "exit code " + p.exitValue() + "; output ends with:\n" + tail(log, 15);
      }
    } catch (IOException e) {
      error = "cannot start " + cmd + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Measurement> metrics = new LinkedHashMap<>();
    try {
      if (Files.exists(jsonl)) {
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            readLine(line, metrics);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      error = (error == null ? "" : error + "; ") + "cannot read " + jsonl + ": " + e.getMessage();
    }
    if (error == null && metrics.isEmpty()) {
      error = "it reported no figures; output ends with:\n" + tail(log, 15);
    }
    return new ScriptRun(metrics, error, seconds);
  }

  private static void readLine(String line, Map<String, Measurement> into) {
    if (!(Json.parse(line) instanceof Map<?, ?> rec)) {
      throw new IllegalArgumentException("not a JSON object: " + line);
    }
    String metric = (String) rec.get("metric");
    var m =
        new Measurement(
            (String) rec.get("unit"),
            number(rec, "median"),
            number(rec, "min"),
            number(rec, "max"),
            (int) number(rec, "n"));
    // a script may report one metric in two units (b07: msg/s and MB/s): the second is keyed
    // "metric [unit]"
    if (into.putIfAbsent(metric, m) != null) {
      into.put(metric + " [" + m.unit() + "]", m);
    }
  }

  private static double number(Map<?, ?> rec, String key) {
    if (!(rec.get(key) instanceof Double d)) {
      throw new IllegalArgumentException("field " + key + " is not a number: " + rec.get(key));
    }
    return d;
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
