package dev.multiproc.internal.spawn;

import dev.multiproc.internal.shm.ResourceTracker;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.process.JvmOptions.Inherit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of a worker JVM: the caller's own java, class path and module path (the
 * library's own jar first where they lack it, {@link LibraryPath}), the library's defaults for a
 * short-lived JVM, what the worker inherits from the caller ({@link CallerOptions}), then the
 * user's {@link JvmOptions}, then {@link WorkerMain}. It never runs the user's {@code main}.
 *
 * <p>The JVM's options and class path go in an argument file ({@code java @file}, {@link
 * ArgFiles}), so that no class path is too long for a command line; the command line itself
 * names the argument file, the main class and the worker's own arguments.
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

  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  /** What runs before java: {@code setsid} and {@code setpriv --pdeathsig KILL}, if present. */
  static final List<String> PREFIX = prefix();

  /**
   * A worker's command.
   *
   * @param command the whole command line: {@link #PREFIX}, java, {@code @argFile}, the main
   *     class and the worker's arguments
   * @param argFile the argument file
   * @param jvmArgs what the argument file holds: the JVM's options, class path and module path
   */
  record Built(List<String> command, Path argFile, List<String> jvmArgs) {}

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
   * Returns the whole command: {@link #PREFIX}, java and its argument file, {@link WorkerMain},
   * the rendezvous socket and this process's pid (the parent the worker must find).
   *
   * @param options the worker's options
   * @param socket the rendezvous socket
   * @return the command
   * @throws IOException if the argument file cannot be written
   */
  static Built build(JvmOptions options, Path socket) throws IOException {
    List<String> jvmArgs = jvmArgs(options);
    Path argFile = ArgFiles.write(jvmArgs);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    if (!Files.isExecutable(java)) {
      // checked here: behind setsid and setpriv, a missing java would be their error, not ours
      throw new IOException(
          "cannot start a worker JVM: "
              + java
              + " is not an executable file (java.home="
              + System.getProperty("java.home")
              + ")");
    }
    List<String> cmd = new ArrayList<>(PREFIX);
    cmd.add(java.toString());
    cmd.add("@" + argFile);
    if (WorkerMain.class.getModule().isNamed()) {
      cmd.add("-m");
      cmd.add(WorkerMain.class.getModule().getName() + "/" + WorkerMain.class.getName());
    } else {
      cmd.add(WorkerMain.class.getName());
    }
    cmd.add(socket.toString());
    cmd.add(Long.toString(ProcessHandle.current().pid()));
    return new Built(cmd, argFile, jvmArgs);
  }

  /**
   * Returns what a worker's argument file holds: its JVM options, class path and module path.
   *
   * @param options the worker's options
   * @return the arguments
   */
  static List<String> jvmArgs(JvmOptions options) {
    List<String> jvm = new ArrayList<>();
    boolean userGc = options.jvmFlags().stream().anyMatch(f -> f.matches("-XX:[+]Use\\w*GC"));
    for (String flag : DEFAULT_FLAGS) {
      if (!(userGc && flag.endsWith("GC"))) {
        jvm.add(flag);
      }
    }
    boolean named = WorkerMain.class.getModule().isNamed();
    // the library's own native access: the module form on the module path, which the JDK's
    // "restricted method" warning otherwise reports in every worker
    jvm.add(
        "--enable-native-access="
            + (named ? WorkerMain.class.getModule().getName() : "ALL-UNNAMED"));
    Set<Inherit> kinds = EnumSet.noneOf(Inherit.class);
    kinds.addAll(options.inherit());
    if (options.maxHeap() != null
        || options.jvmFlags().stream().anyMatch(CallerOptions::isMaxHeapFlag)
        || CallerOptions.environmentSetsMaxHeap(options.environment())) {
      kinds.remove(Inherit.MAX_HEAP); // the user's own heap setting replaces the inherited one
    }
    jvm.addAll(CallerOptions.current().flags(kinds));
    if (options.maxHeap() != null) {
      jvm.add("-Xmx" + options.maxHeap());
    }
    for (Map.Entry<String, String> p : options.systemProperties().entrySet()) {
      jvm.add("-D" + p.getKey() + "=" + p.getValue());
    }
    jvm.addAll(options.jvmFlags());
    String classPath = LibraryPath.workerClassPath(System.getProperty("java.class.path", ""));
    String modulePath = LibraryPath.workerModulePath(System.getProperty("jdk.module.path", ""));
    List<String> aot = AotCache.flags(options, List.copyOf(jvm), classPath);
    if (!aot.isEmpty()) {
      jvm.removeIf("-Xshare:auto"::equals); // the JVM refuses -Xshare with an AOT cache
      jvm.addAll(aot);
    }
    // after the AOT key: it differs per family and does not change what the cache may hold
    jvm.add("-D" + ResourceTracker.PROPERTY + "=" + ResourceTracker.directory());
    if (!classPath.isEmpty()) {
      jvm.add("-cp");
      jvm.add(classPath);
    }
    if (named || !modulePath.isEmpty()) {
      jvm.add("--module-path");
      jvm.add(modulePath);
      jvm.add("--add-modules");
      jvm.add("ALL-MODULE-PATH");
    }
    return jvm;
  }
}
