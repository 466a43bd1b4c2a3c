package dev.multiproc.internal.spawn;

import dev.multiproc.process.JvmOptions;
import java.nio.file.Path;
import java.util.ArrayList;
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
      List.of("-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto");

  private JvmCommand() {}

  static List<String> build(JvmOptions options, Path socket) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    boolean userGc = options.jvmFlags().stream().anyMatch(f -> f.matches("-XX:[+]Use\\w*GC"));
    for (String flag : DEFAULT_FLAGS) {
      if (!(userGc && flag.endsWith("GC"))) {
        cmd.add(flag);
      }
    }
    cmd.add("--enable-native-access=ALL-UNNAMED");
    AotCache.flags().forEach(cmd::add);
    if (options.maxHeap() != null) {
      cmd.add("-Xmx" + options.maxHeap());
    }
    for (Map.Entry<String, String> p : options.systemProperties().entrySet()) {
      cmd.add("-D" + p.getKey() + "=" + p.getValue());
    }
    cmd.addAll(options.jvmFlags());
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
