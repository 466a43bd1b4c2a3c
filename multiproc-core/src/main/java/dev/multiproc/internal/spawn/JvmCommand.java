package dev.multiproc.internal.spawn;

import dev.multiproc.internal.shm.ResourceTracker;
import dev.multiproc.process.JvmOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The command line of a worker JVM: the caller's own java, class path and module path, the
 * library's defaults for a short-lived JVM, then the user's {@link JvmOptions}, then {@link
 * WorkerMain}. It never runs the user's {@code main}.
 *
 * <p>Java is started through two small programs of util-linux, each of which sets something up
 * and then becomes the next program (same pid, no fork): {@code setsid} makes the worker the
 * leader of a session and process group of its own, which whatever its tasks start joins, so that
 * all of it can be ended together ({@code kill(-pgid)}); {@code setpriv --pdeathsig KILL} asks the
 * kernel to SIGKILL the worker as soon as its parent dies, which reaches a stopped (frozen)
 * worker too. Doing either in the worker's own code would need the FFM linker, whose first use
 * costs a fresh JVM more than its whole start. Where these programs are missing, a worker still
 * exits within {@link WorkerMain#PARENT_POLL_MS} of its parent's death, and the resource tracker
 * ends the family's processes.
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

  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  /** What runs before java: {@code setsid} and {@code setpriv --pdeathsig KILL}, if present. */
  static final List<String> PREFIX = prefix();

  private JvmCommand() {}

  private static List<String> prefix() {
    List<String> prefix = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      prefix.add(SETSID.toString());
    }
    if (supportsParentDeathSignal()) {
      prefix.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
    }
    return List.copyOf(prefix);
  }

  /** Whether setpriv knows {@code --pdeathsig} (util-linux 2.33 and later): its text says so. */
  private static boolean supportsParentDeathSignal() {
    try {
      if (!Files.isExecutable(SETPRIV) || Files.size(SETPRIV) > (8 << 20)) {
        return false;
      }
      byte[] binary = Files.readAllBytes(SETPRIV);
      return indexOf(binary, "pdeathsig".getBytes(StandardCharsets.US_ASCII)) >= 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * Returns the whole command: {@link #PREFIX}, java and its options, {@link WorkerMain}, the
   * rendezvous socket and this process's pid (the parent the worker must find).
   */
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
    List<String> cmd = new ArrayList<>(PREFIX);
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
    cmd.add(Long.toString(ProcessHandle.current().pid()));
    return cmd;
  }
}
