package dev.multiproc.process;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a worker JVM is started. Python has no counterpart: a forked or spawned interpreter has no
 * heap size.
 *
 * <p>Every worker runs the caller's own {@code java} with the caller's class path and module path
 * (the library's own jar first when the caller loaded the library from somewhere else, such as a
 * Spring Boot jar), and inherits the caller's settings by these rules:
 *
 * <table class="striped">
 * <caption>What a worker inherits from its caller</caption>
 * <thead>
 *   <tr><th scope="col">The caller's setting</th><th scope="col">What a worker gets</th>
 *       <th scope="col">{@link Inherit} kind</th></tr>
 * </thead>
 * <tbody>
 *   <tr><th scope="row">{@code -Dname=value} on its command line</th>
 *       <td>the same, except the JDK's own ({@code java.class.path}, {@code jdk.module.*},
 *           {@code sun.java.*}, {@code application.home}) and the library's internal ones</td>
 *       <td>{@link Inherit#SYSTEM_PROPERTIES}</td></tr>
 *   <tr><th scope="row">{@code --add-opens}, {@code --add-exports}, {@code --add-reads},
 *       {@code --add-modules}, {@code --limit-modules}, {@code --patch-module}</th>
 *       <td>the same</td><td>{@link Inherit#MODULES}</td></tr>
 *   <tr><th scope="row">{@code --enable-native-access}, {@code --illegal-native-access},
 *       {@code --sun-misc-unsafe-memory-access}</th>
 *       <td>the same; and always native access for the library itself ({@code ALL-UNNAMED} on
 *           the class path, the module {@code dev.multiproc} on the module path)</td>
 *       <td>{@link Inherit#NATIVE_ACCESS}</td></tr>
 *   <tr><th scope="row">{@code -ea}, {@code -da}, {@code -esa}, {@code -dsa} in any form</th>
 *       <td>the same, in the same order</td><td>{@link Inherit#ASSERTIONS}</td></tr>
 *   <tr><th scope="row">{@code -Xmx}, {@code -XX:MaxHeapSize}, {@code -XX:MaxRAM},
 *       {@code -XX:MaxRAMPercentage}</th>
 *       <td>the same: each worker may grow as large as its caller</td>
 *       <td>{@link Inherit#MAX_HEAP}</td></tr>
 *   <tr><th scope="row">none of these heap flags</th>
 *       <td>{@code -Xmx} of the caller's default maximum heap divided by the number of
 *           processors, but at least 256 MB (or the caller's, if smaller): a full pool, one
 *           worker per processor, may together grow as large as one JVM may by default, where
 *           the JDK's default would let each worker take a quarter of the machine's memory</td>
 *       <td>{@link Inherit#MAX_HEAP}</td></tr>
 *   <tr><th scope="row">{@code -javaagent:}</th>
 *       <td>the same, only when asked: {@code withInherit(Inherit.JAVA_AGENTS, true)}</td>
 *       <td>{@link Inherit#JAVA_AGENTS}</td></tr>
 *   <tr><th scope="row">environment variables, the working directory</th>
 *       <td>the same, always; {@link #environment()} adds to them</td><td>-</td></tr>
 *   <tr><th scope="row">anything else: {@code -XX:} flags, {@code -Xss}, {@code -agentlib:}
 *       (a debugger's port would be taken twice), the garbage collector</th>
 *       <td>not inherited: a worker runs the serial collector with a small footprint; give
 *           flags with {@link #withJvmFlags}</td><td>-</td></tr>
 * </tbody>
 * </table>
 *
 * <p>The caller's command line is read once per process. The options of this record come after
 * the inherited ones, so a {@link #maxHeap()}, a property or a flag given here wins; a heap flag
 * given here, or in {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS} or {@code _JAVA_OPTIONS}
 * of the worker's environment, replaces the inherited heap rule. {@code withInherit(false)}
 * inherits nothing, which gives the JDK's own defaults.
 *
 * @param maxHeap the {@code -Xmx} value such as {@code "256m"}, or null for the inherited rule
 * @param systemProperties {@code -D} properties
 * @param jvmFlags further JVM flags, such as {@code -XX:+UseParallelGC}
 * @param environment variables added to the caller's environment
 * @param inherit what a worker inherits from its caller's command line
 */
public record JvmOptions(
    @Nullable String maxHeap,
    Map<String, String> systemProperties,
    List<String> jvmFlags,
    Map<String, String> environment,
    Set<Inherit> inherit)
    implements Serializable {

  /** What a worker can inherit from its caller's command line; see {@link JvmOptions}. */
  public enum Inherit {
    /** {@code -D} system properties, except the JDK's own. */
    SYSTEM_PROPERTIES,
    /** Module options: {@code --add-opens/-exports/-reads/-modules}, {@code --limit-modules},
     * {@code --patch-module}. */
    MODULES,
    /** {@code --enable-native-access}, {@code --illegal-native-access}, {@code
     * --sun-misc-unsafe-memory-access}. */
    NATIVE_ACCESS,
    /** {@code -ea}, {@code -da}, {@code -esa}, {@code -dsa} and their long forms. */
    ASSERTIONS,
    /** The maximum heap size, or the per-worker default when the caller gave none. */
    MAX_HEAP,
    /** {@code -javaagent:} agents (coverage, APM); not inherited unless asked. */
    JAVA_AGENTS;

    /** What is inherited by default: everything but Java agents. */
    static final Set<Inherit> DEFAULT = Set.copyOf(EnumSet.complementOf(EnumSet.of(JAVA_AGENTS)));
  }

  private static final JvmOptions DEFAULTS =
      new JvmOptions(null, Map.of(), List.of(), Map.of(), Inherit.DEFAULT);

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
    inherit = Set.copyOf(inherit);
    for (String flag : jvmFlags) {
      if (!flag.startsWith("-")) {
        throw new IllegalArgumentException("a JVM flag must start with '-': flag=" + flag);
      }
    }
  }

  /**
   * Creates options that inherit what {@link #defaults()} inherits.
   *
   * @param maxHeap the {@code -Xmx} value such as {@code "256m"}, or null for the inherited rule
   * @param systemProperties {@code -D} properties
   * @param jvmFlags further JVM flags, such as {@code -XX:+UseParallelGC}
   * @param environment variables added to the caller's environment
   * @throws IllegalArgumentException as {@link #JvmOptions(String, Map, List, Map, Set)}
   */
  public JvmOptions(
      @Nullable String maxHeap,
      Map<String, String> systemProperties,
      List<String> jvmFlags,
      Map<String, String> environment) {
    this(maxHeap, systemProperties, jvmFlags, environment, Inherit.DEFAULT);
  }

  /**
   * Returns the defaults: no properties, flags or variables of their own, and everything of the
   * caller inherited but its Java agents.
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
    return new JvmOptions(
        Objects.requireNonNull(size, "size"), systemProperties, jvmFlags, environment, inherit);
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
    return new JvmOptions(maxHeap, props, jvmFlags, environment, inherit);
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
    return new JvmOptions(maxHeap, systemProperties, all, environment, inherit);
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
    return new JvmOptions(maxHeap, systemProperties, jvmFlags, env, inherit);
  }

  /**
   * Returns a copy that inherits what {@link #defaults()} inherits, or nothing at all.
   *
   * @param inherit true for the default kinds (all but Java agents), false for none: a worker
   *     then starts with the JDK's own defaults and this record's options only
   * @return the copy
   */
  public JvmOptions withInherit(boolean inherit) {
    return new JvmOptions(
        maxHeap, systemProperties, jvmFlags, environment, inherit ? Inherit.DEFAULT : Set.of());
  }

  /**
   * Returns a copy that inherits one kind of the caller's settings, or does not.
   *
   * @param kind the kind, such as {@link Inherit#JAVA_AGENTS}
   * @param inherit whether to inherit it
   * @return the copy
   */
  public JvmOptions withInherit(Inherit kind, boolean inherit) {
    Objects.requireNonNull(kind, "kind");
    EnumSet<Inherit> kinds = EnumSet.noneOf(Inherit.class);
    kinds.addAll(this.inherit);
    if (inherit) {
      kinds.add(kind);
    } else {
      kinds.remove(kind);
    }
    return new JvmOptions(maxHeap, systemProperties, jvmFlags, environment, kinds);
  }
}
