package dev.multiproc.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a conformance run expects of each test, read from two lists on the class path:
 *
 * <ul>
 *   <li>{@code <name>-known-failures.txt}: tests that fail today, one exact test id a line with a
 *       one-line reason ({@code id | reason}). The list is strict: a listed test that passes fails
 *       the build ("fixed: remove it from the list"), so the list only shrinks. A reason that
 *       starts with {@code intermittent:} marks a failure seen to come and go: passing is then
 *       allowed;
 *   <li>{@code <name>-not-applicable.txt}: tests that cannot hold for a backend, with the reason;
 *       an id may end in {@code *} to cover every test whose id starts with the rest. They are
 *       not run.
 * </ul>
 *
 * <p>Lines starting with {@code #} and blank lines are ignored.
 */
final class Expectations {
  private final String name;
  private final Map<String, String> knownFailures;
  private final Map<String, String> notApplicable;

  private Expectations(
      String name, Map<String, String> knownFailures, Map<String, String> notApplicable) {
    this.name = name;
    this.knownFailures = knownFailures;
    this.notApplicable = notApplicable;
  }

  /**
   * Loads the two lists named {@code name}.
   *
   * @param name the lists' prefix (a module's name: {@code core}, {@code cluster})
   * @return the expectations
   */
  static Expectations load(String name) {
    return new Expectations(
        name, read(name + "-known-failures.txt"), read(name + "-not-applicable.txt"));
  }

  /** The file name of the known-failure list, for messages. */
  String knownFailuresFile() {
    return "src/test/resources/dev/multiproc/conformance/" + name + "-known-failures.txt";
  }

  /** The file name of the not-applicable list, for messages. */
  String notApplicableFile() {
    return "src/test/resources/dev/multiproc/conformance/" + name + "-not-applicable.txt";
  }

  /** The reason a test is expected to fail, if it is listed. */
  Optional<String> knownFailure(String id) {
    return Optional.ofNullable(knownFailures.get(id));
  }

  /** The reason a test does not apply, if it is listed (exactly or by a prefix ending in *). */
  Optional<String> notApplicable(String id) {
    String exact = notApplicable.get(id);
    if (exact != null) {
      return Optional.of(exact);
    }
    return notApplicable.entrySet().stream()
        .filter(e -> e.getKey().endsWith("*"))
        .filter(e -> id.startsWith(e.getKey().substring(0, e.getKey().length() - 1)))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** Every listed known failure, in file order. */
  Map<String, String> knownFailures() {
    return knownFailures;
  }

  private static final Pattern SEPARATOR = Pattern.compile("\\s+\\|\\s+");

  private static Map<String, String> read(String resource) {
    Map<String, String> entries = new LinkedHashMap<>();
    try (InputStream in = Expectations.class.getResourceAsStream(resource)) {
      if (in == null) {
        return entries;
      }
      var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      int lineNumber = 0;
      for (String line; (line = reader.readLine()) != null; ) {
        lineNumber++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] parts = SEPARATOR.split(trimmed, 2);
        if (parts.length != 2 || parts[1].isBlank()) {
          throw new IllegalStateException(
              resource
                  + " line "
                  + lineNumber
                  + ": expected \"<test id> | <reason>\", got: "
                  + line);
        }
        if (entries.put(parts[0], parts[1]) != null) {
          throw new IllegalStateException(
              resource + " line " + lineNumber + ": " + parts[0] + " is listed twice");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }
}
