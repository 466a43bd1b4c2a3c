package dev.multiproc.process;

import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A caller JVM for {@link WorkerInheritanceTest}: it starts one worker with the options its
 * arguments name and prints what the worker sees, and what it sees itself, as {@code key=value}
 * lines ({@code worker.*} and {@code caller.*}).
 */
public final class InheritanceCallerMain {
  private InheritanceCallerMain() {}

  /**
   * Runs the caller.
   *
   * @param args {@code inherit=false}, {@code agents=true}, {@code maxHeap=SIZE}
   */
  public static void main(String[] args) {
    JvmOptions jvm = JvmOptions.defaults();
    for (String a : args) {
      if (a.equals("inherit=false")) {
        jvm = jvm.withInherit(false);
      } else if (a.equals("agents=true")) {
        jvm = jvm.withInherit(JvmOptions.Inherit.JAVA_AGENTS, true);
      } else if (a.startsWith("maxHeap=")) {
        jvm = jvm.withMaxHeap(a.substring("maxHeap=".length()));
      }
    }
    System.out.println(report("caller"));
    try (Pool pool = Multiprocessing.local().pool(PoolOptions.of(1).withJvm(jvm))) {
      System.out.println(pool.apply(InheritanceCallerMain::report, "worker"));
    }
  }

  /** What this JVM sees of the settings a worker may inherit, one {@code prefix.key=value} a line. */
  static String report(String prefix) {
    Module unnamed = InheritanceCallerMain.class.getModule();
    Module base = Object.class.getModule();
    Optional<Module> logging = ModuleLayer.boot().findModule("java.logging");
    List<String> lines = new ArrayList<>();
    lines.add("pid=" + ProcessHandle.current().pid());
    lines.add("property=" + System.getProperty("launch.test"));
    lines.add("opens=" + base.isOpen("java.util", unnamed));
    lines.add("exports=" + base.isExported("sun.nio.ch", unnamed));
    lines.add("reads=" + logging.map(m -> m.canRead(unnamed)).orElse(false));
    lines.add("addModules=" + ModuleLayer.boot().findModule("jdk.jcmd").isPresent());
    lines.add("limitModules=" + ModuleLayer.boot().findModule("java.sql").isEmpty());
    lines.add("patched=" + logging.map(InheritanceCallerMain::patched).orElse(false));
    lines.add("nativeAccess=" + logging.map(Module::isNativeAccessEnabled).orElse(false));
    lines.add("unsafe=" + System.getProperty("sun.misc.unsafe.memory.access"));
    lines.add("assertions=" + InheritanceCallerMain.class.desiredAssertionStatus());
    lines.add("maxHeapMb=" + (Runtime.getRuntime().maxMemory() >> 20));
    lines.add("processors=" + Runtime.getRuntime().availableProcessors());
    lines.add("agent=" + System.getProperty("launch.agent"));
    lines.add("classPathLength=" + System.getProperty("java.class.path").length());
    return prefix + "." + String.join("\n" + prefix + ".", lines);
  }

  private static boolean patched(Module m) {
    try (InputStream in = m.getResourceAsStream("multiproc-patch.txt")) {
      return in != null;
    } catch (IOException e) {
      return false;
    }
  }
}
