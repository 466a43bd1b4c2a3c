package dev.multiproc.internal.spawn;

import dev.multiproc.internal.shm.ResourceTracker;
import dev.multiproc.process.JvmOptions.Inherit;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The settings of this JVM's command line that its workers inherit, by {@link Inherit} kind (the
 * rules are in {@link dev.multiproc.process.JvmOptions}'s table), read once per process.
 *
 * <p>Where they are read: the launcher's own arguments in {@code /proc/self/cmdline}, with its
 * argument files ({@code @file}) expanded, up to the main class; this costs a file read, where the
 * JVM's {@code RuntimeMXBean} would cost ~20 ms of class loading at the first launch. Only a JVM
 * not started by the {@code java} launcher (embedded through JNI, as application launchers do) or
 * one whose argument file is gone is asked through {@code RuntimeMXBean}, less what came from
 * {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS} and {@code _JAVA_OPTIONS}: a worker inherits
 * the environment, so its JVM reads those itself.
 *
 * @param inherited each inheritable argument with its kind, in command-line order
 * @param defaultMaxHeap the {@code -Xmx} flag a worker gets when the caller gave no heap flag
 */
record CallerOptions(List<Entry> inherited, String defaultMaxHeap) implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * One inheritable argument.
   *
   * @param kind its kind
   * @param arg the argument, in the {@code --option=value} form
   */
  record Entry(Inherit kind, String arg) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /** The least default heap of a worker, unless its caller's own is smaller. */
  static final long MIN_DEFAULT_HEAP_MB = 256;

  /** Launcher options whose value may be the next argument. */
  private static final Set<String> TAKES_VALUE =
      Set.of(
          "-cp",
          "-classpath",
          "--class-path",
          "-p",
          "--module-path",
          "--upgrade-module-path",
          "--add-modules",
          "--enable-native-access",
          "--limit-modules",
          "--add-exports",
          "--add-opens",
          "--add-reads",
          "--patch-module",
          "--source");

  /** Launcher options after which comes what to run, not more options. */
  private static final Set<String> MAIN = Set.of("-jar", "-m", "--module");

  /** Properties the launcher or the JDK sets, and the library's own: never inherited. */
  private static final Set<String> NOT_INHERITED =
      Set.of(
          "java.class.path",
          "java.home",
          "sun.java.command",
          "sun.java.launcher",
          "application.home",
          ResourceTracker.PROPERTY,
          AotCache.TRAIN_PROPERTY);

  private static final List<String> JVM_ENV =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

  private static volatile @Nullable CallerOptions current;

  /**
   * Returns this JVM's inheritable settings, read at the first call.
   *
   * @return the settings
   */
  static CallerOptions current() {
    CallerOptions c = current;
    if (c == null) {
      synchronized (CallerOptions.class) {
        c = current;
        if (c == null) {
          c = of(readJvmArguments(), perWorkerMaxHeap());
          current = c;
        }
      }
    }
    return c;
  }

  /**
   * Replaces this JVM's settings by another's: an AOT trainer starts its worker exactly as the
   * caller it trains for would.
   *
   * @param options the caller's settings
   */
  static void replace(CallerOptions options) {
    current = options;
  }

  /**
   * Returns the settings in these JVM arguments.
   *
   * @param jvmArgs the JVM's arguments, in the {@code --option=value} form
   * @param defaultMaxHeap the heap flag of a worker when none is inherited
   * @return the settings
   */
  static CallerOptions of(List<String> jvmArgs, String defaultMaxHeap) {
    List<Entry> entries = new ArrayList<>();
    for (String arg : jvmArgs) {
      Inherit kind = kindOf(arg);
      if (kind != null) {
        entries.add(new Entry(kind, arg));
      }
    }
    return new CallerOptions(List.copyOf(entries), defaultMaxHeap);
  }

  /**
   * Returns the inherited arguments of these kinds, in the caller's order; for {@link
   * Inherit#MAX_HEAP} the caller's heap flags, or the default heap when it gave none.
   *
   * @param kinds the kinds
   * @return the arguments
   */
  List<String> flags(Set<Inherit> kinds) {
    List<String> flags = new ArrayList<>();
    boolean heap = false;
    for (Entry e : inherited) {
      if (kinds.contains(e.kind())) {
        flags.add(e.arg());
        heap |= e.kind() == Inherit.MAX_HEAP;
      }
    }
    if (kinds.contains(Inherit.MAX_HEAP) && !heap) {
      flags.add(defaultMaxHeap);
    }
    return flags;
  }

  /** The kind of an argument, or null when it is not inherited. */
  static @Nullable Inherit kindOf(String arg) {
    if (arg.startsWith("-D")) {
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      boolean jdk =
          NOT_INHERITED.contains(name)
              || name.startsWith("jdk.module.")
              || name.startsWith("sun.java.launcher.")
              || name.isEmpty();
      return jdk ? null : Inherit.SYSTEM_PROPERTIES;
    }
    for (String p :
        List.of(
            "--add-opens=",
            "--add-exports=",
            "--add-reads=",
            "--add-modules=",
            "--limit-modules=",
            "--patch-module=")) {
      if (arg.startsWith(p)) {
        return Inherit.MODULES;
      }
    }
    for (String p :
        List.of(
            "--enable-native-access=",
            "--illegal-native-access=",
            "--sun-misc-unsafe-memory-access=")) {
      if (arg.startsWith(p)) {
        return Inherit.NATIVE_ACCESS;
      }
    }
    if (isAssertionFlag(arg)) {
      return Inherit.ASSERTIONS;
    }
    if (isMaxHeapFlag(arg)) {
      return Inherit.MAX_HEAP;
    }
    if (arg.startsWith("-javaagent:")) {
      return Inherit.JAVA_AGENTS;
    }
    return null;
  }

  private static boolean isAssertionFlag(String arg) {
    for (String f : List.of("-ea", "-da", "-enableassertions", "-disableassertions")) {
      if (arg.equals(f) || arg.startsWith(f + ":")) {
        return true;
      }
    }
    return List.of("-esa", "-dsa", "-enablesystemassertions", "-disablesystemassertions")
        .contains(arg);
  }

  /**
   * Whether a flag sets the maximum heap: {@code -Xmx}, {@code -XX:MaxHeapSize}, {@code
   * -XX:MaxRAM}, {@code -XX:MaxRAMPercentage}.
   *
   * @param arg a JVM flag
   * @return true for a maximum-heap flag
   */
  static boolean isMaxHeapFlag(String arg) {
    return arg.startsWith("-Xmx")
        || arg.startsWith("-XX:MaxHeapSize=")
        || arg.startsWith("-XX:MaxRAM=")
        || arg.startsWith("-XX:MaxRAMPercentage=");
  }

  /**
   * Whether a JVM-options variable ({@code JAVA_TOOL_OPTIONS}, ...) of this environment sets the
   * maximum heap, which a worker's JVM then applies itself.
   *
   * @param env the worker's environment variables that replace the caller's
   * @return true if one sets it
   */
  static boolean environmentSetsMaxHeap(Map<String, String> env) {
    for (String variable : JVM_ENV) {
      String value = env.containsKey(variable) ? env.get(variable) : System.getenv(variable);
      if (value != null && ArgFile.parse(value).stream().anyMatch(CallerOptions::isMaxHeapFlag)) {
        return true;
      }
    }
    return false;
  }

  /** The caller's default maximum heap over its processors, at least the floor. */
  private static String perWorkerMaxHeap() {
    long callerMb = Runtime.getRuntime().maxMemory() >> 20;
    int processors = Math.max(1, Runtime.getRuntime().availableProcessors());
    long mb = Math.max(Math.min(MIN_DEFAULT_HEAP_MB, callerMb), callerMb / processors);
    return "-Xmx" + Math.max(8, mb) + "m";
  }

  /* --------------- reading this JVM's arguments --------------- */

  /** This JVM's options, in the {@code --option=value} form, up to what it runs. */
  private static List<String> readJvmArguments() {
    List<String> argv = commandLine();
    if (!argv.isEmpty() && Path.of(argv.getFirst()).getFileName().toString().equals("java")) {
      List<String> options = launcherOptions(argv.subList(1, argv.size()));
      if (options != null) {
        return options;
      }
    }
    return fromManagement();
  }

  private static List<String> commandLine() {
    try {
      byte[] bytes = Files.readAllBytes(Path.of("/proc/self/cmdline"));
      String all = new String(bytes, ArgFile.charset());
      if (all.endsWith("\0")) {
        all = all.substring(0, all.length() - 1);
      }
      return all.isEmpty() ? List.of() : Arrays.asList(all.split("\0", -1));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /**
   * Returns the JVM options among the launcher's arguments, its argument files expanded, or null
   * when an argument file cannot be read.
   *
   * @param args the launcher's arguments after the program name
   * @return the options in the {@code --option=value} form, or null
   */
  static @Nullable List<String> launcherOptions(List<String> args) {
    List<String> pending = new ArrayList<>(args);
    List<String> options = new ArrayList<>();
    boolean expand = true;
    for (int i = 0; i < pending.size(); i++) {
      String arg = pending.get(i);
      if (expand && arg.startsWith("@") && !arg.startsWith("@@") && arg.length() > 1) {
        List<String> fromFile;
        try {
          fromFile = ArgFile.parse(Files.readString(Path.of(arg.substring(1)), ArgFile.charset()));
        } catch (IOException | RuntimeException e) {
          return null;
        }
        // argument files do not nest: an '@' read from one is an ordinary character
        pending.addAll(i + 1, fromFile.stream().map(a -> a.startsWith("@") ? "@" + a : a).toList());
        continue;
      }
      if (arg.startsWith("@@")) {
        arg = arg.substring(1);
      }
      if (arg.equals("--disable-@files")) {
        expand = false;
        continue;
      }
      if (MAIN.contains(arg) || arg.startsWith("--module=") || !arg.startsWith("-")) {
        break; // what it runs: a main class, a jar, a module or a source file
      }
      if (TAKES_VALUE.contains(arg) && i + 1 < pending.size()) {
        arg = arg + "=" + pending.get(++i);
      }
      options.add(arg);
    }
    return options;
  }

  /** The JVM's input arguments, less those of the JVM-options variables; empty if unknown. */
  private static List<String> fromManagement() {
    List<String> args;
    try {
      // by reflection: the module need not read java.management, which may not be there at all
      Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
      Object runtime = factory.getMethod("getRuntimeMXBean").invoke(null);
      Class<?> bean = Class.forName("java.lang.management.RuntimeMXBean");
      @SuppressWarnings("unchecked")
      List<String> input = (List<String>) bean.getMethod("getInputArguments").invoke(runtime);
      args = new ArrayList<>(input);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return List.of();
    }
    for (String variable : JVM_ENV) {
      String value = System.getenv(variable);
      if (value != null) {
        for (String fromEnv : ArgFile.parse(value)) {
          args.remove(fromEnv);
        }
      }
    }
    return args;
  }

  @Override
  public String toString() {
    return "CallerOptions"
        + inherited.stream().map(Entry::arg).toList()
        + " default "
        + defaultMaxHeap;
  }
}
