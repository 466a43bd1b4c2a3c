package dev.multiproc.process;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a worker JVM is started, beyond the caller's own java, class path and module path, which
 * every worker gets. Python has no counterpart: a forked or spawned interpreter has no heap size.
 *
 * @param maxHeap the {@code -Xmx} value such as {@code "256m"}, or null for the JVM's default
 * @param systemProperties {@code -D} properties
 * @param jvmFlags further JVM flags, such as {@code -XX:+UseParallelGC}
 * @param environment variables added to the caller's environment
 */
public record JvmOptions(
    @Nullable String maxHeap,
    Map<String, String> systemProperties,
    List<String> jvmFlags,
    Map<String, String> environment)
    implements Serializable {

  private static final JvmOptions DEFAULTS = new JvmOptions(null, Map.of(), List.of(), Map.of());

  /**
   * Creates options after checking each value.
   *
   * @throws IllegalArgumentException if {@code maxHeap} is not a JVM size such as {@code 512m}, or
   *     a flag does not start with {@code -}
   */
  public JvmOptions {
    if (maxHeap != null && !maxHeap.matches("[0-9]+[kKmMgGtT]?")) {
      throw new IllegalArgumentException(
          "maxHeap must be a JVM size such as 512m or 2g: maxHeap=" + maxHeap);
    }
    systemProperties = Map.copyOf(systemProperties);
    jvmFlags = List.copyOf(jvmFlags);
    environment = Map.copyOf(environment);
    for (String flag : jvmFlags) {
      if (!flag.startsWith("-")) {
        throw new IllegalArgumentException("a JVM flag must start with '-': flag=" + flag);
      }
    }
  }

  /**
   * Returns the defaults: the JVM's own heap size, no properties, flags or variables.
   *
   * @return the defaults
   */
  public static JvmOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a copy with a maximum heap size.
   *
   * @param size a JVM size such as {@code 256m}
   * @return the copy
   */
  public JvmOptions withMaxHeap(String size) {
    return new JvmOptions(Objects.requireNonNull(size, "size"), systemProperties, jvmFlags,
        environment);
  }

  /**
   * Returns a copy with one more system property.
   *
   * @param key the property name
   * @param value its value
   * @return the copy
   */
  public JvmOptions withSystemProperty(String key, String value) {
    var props = new LinkedHashMap<>(systemProperties);
    props.put(key, value);
    return new JvmOptions(maxHeap, props, jvmFlags, environment);
  }

  /**
   * Returns a copy with more JVM flags.
   *
   * @param flags flags such as {@code -XX:+UseParallelGC}
   * @return the copy
   */
  public JvmOptions withJvmFlags(String... flags) {
    var all = new ArrayList<>(jvmFlags);
    all.addAll(List.of(flags));
    return new JvmOptions(maxHeap, systemProperties, all, environment);
  }

  /**
   * Returns a copy with one more environment variable.
   *
   * @param name the variable
   * @param value its value
   * @return the copy
   */
  public JvmOptions withEnvironment(String name, String value) {
    var env = new LinkedHashMap<>(environment);
    env.put(name, value);
    return new JvmOptions(maxHeap, systemProperties, jvmFlags, env);
  }
}
