package dev.multiproc.internal.spawn;

import dev.multiproc.internal.shm.ResourceTracker;
import dev.multiproc.process.JvmOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The command line of a worker JVM: the caller's own java, class path and module path, the
 * library's defaults for a short-lived JVM, then the user's {@link JvmOptions}, then {@link
 * WorkerMain}. It never runs the user's {@code main}.
 */
final class JvmCommand {
  /** Flags that make a worker start faster and smaller, unless the user chose otherwise. */
  private static final List<String> DEFAULT_FLAGS =
      List.of(
          "-XX:+UseSerialGC",
          "-XX:-UsePerfData",
          "-Xshare:auto",
          "-XX:UserThreadWaitAttemptsAtExit=0");

  /**
   * The parent's own choices that its children must share to behave as it does: its policy on
   * {@code sun.misc.Unsafe} memory access (libraries such as Hazelcast use it, and a child would
   * otherwise print the JDK's deprecation warning the parent silenced).
   */
  private static final List<String> INHERITED = ProcessHandle.current().info().arguments()
      .map(args -> Arrays.stream(args)
          .filter(a -> a.startsWith("--sun-misc-unsafe-memory-access="))
          .toList())
      .orElse(List.of());

  private JvmCommand() {}

  static List<String> build(JvmOptions options, Path socket) {
    List<String> jvm = new ArrayList<>();
    boolean userGc = options.jvmFlags().stream().anyMatch(f -> f.matches("-XX:[+]Use\\w*GC"));
    for (String flag : DEFAULT_FLAGS) {
      if (!(userGc && flag.endsWith("GC"))) {
        jvm.add(flag);
      }
    }
    jvm.add("--enable-native-access=ALL-UNNAMED");
    jvm.addAll(INHERITED);
    if (options.maxHeap() != null) {
      jvm.add("-Xmx" + options.maxHeap());
    }
    for (Map.Entry<String, String> p : options.systemProperties().entrySet()) {
      jvm.add("-D" + p.getKey() + "=" + p.getValue());
    }
    jvm.addAll(options.jvmFlags());
    List<String> aot = AotCache.flags(options, List.copyOf(jvm));
    if (!aot.isEmpty()) {
      jvm.removeIf("-Xshare:auto"::equals); // the JVM refuses -Xshare with an AOT cache
      jvm.addAll(aot);
    }
    // after the AOT key: it differs per family and does not change what the cache may hold
    jvm.add("-D" + ResourceTracker.PROPERTY + "=" + ResourceTracker.directory());
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    String classPath = System.getProperty("java.class.path", "");
    String modulePath = System.getProperty("jdk.module.path", "");
    if (!classPath.isEmpty()) {
      cmd.add("-cp");
      cmd.add(classPath);
    }
    if (WorkerMain.class.getModule().isNamed()) {
      cmd.add("--module-path");
      cmd.add(modulePath);
      cmd.add("--add-modules");
      cmd.add("ALL-MODULE-PATH");
      cmd.add("-m");
      cmd.add(WorkerMain.class.getModule().getName() + "/" + WorkerMain.class.getName());
    } else {
      if (!modulePath.isEmpty()) {
        cmd.add("--module-path");
        cmd.add(modulePath);
        cmd.add("--add-modules");
        cmd.add("ALL-MODULE-PATH");
      }
      cmd.add(WorkerMain.class.getName());
    }
    cmd.add(socket.toString());
    return cmd;
  }
}
