package dev.multiproc.deployments;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The deployments that fail today, read from {@value #FILE}: one a line, {@code DEPLOYMENT |
 * failure}, where the failure is a line the failed run prints or the matrix says of it (such as
 * {@code exit code 1} or an exception's message). The list is strict: a listed deployment that
 * works fails its test ("works now: remove it from the list"), and so does one that fails
 * without that line, so the list always says how each one fails. Lines starting with {@code #}
 * and blank lines are ignored.
 */
final class KnownFailures {
  /** The list's path in the module, for messages. */
  static final String FILE = "src/test/resources/dev/multiproc/deployments/known-failures.txt";

  private static final Pattern SEPARATOR = Pattern.compile("\\s+\\|\\s+");
  private static final Map<Deployment, String> LIST = read();

  private KnownFailures() {}

  /** The failure a deployment is listed with, if it is listed. */
  static Optional<String> of(Deployment deployment) {
    return Optional.ofNullable(LIST.get(deployment));
  }

  private static Map<Deployment, String> read() {
    Map<Deployment, String> list = new EnumMap<>(Deployment.class);
    try (InputStream in = KnownFailures.class.getResourceAsStream("known-failures.txt")) {
      if (in == null) {
        return list;
      }
      var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      int number = 0;
      for (String line; (line = reader.readLine()) != null; ) {
        number++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] parts = SEPARATOR.split(trimmed, 2);
        if (parts.length != 2 || parts[1].isBlank()) {
          throw new IllegalStateException(
              FILE + " line " + number + ": expected \"<DEPLOYMENT> | <failure>\", got: " + line);
        }
        Deployment deployment;
        try {
          deployment = Deployment.valueOf(parts[0]);
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(
              FILE
                  + " line "
                  + number
                  + ": no deployment "
                  + parts[0]
                  + "; the deployments are "
                  + java.util.Arrays.toString(Deployment.values()),
              e);
        }
        if (list.put(deployment, parts[1]) != null) {
          throw new IllegalStateException(
              FILE + " line " + number + ": " + parts[0] + " is listed twice");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return list;
  }
}
