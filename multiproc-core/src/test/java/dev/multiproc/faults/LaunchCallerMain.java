package dev.multiproc.faults;

import dev.multiproc.Multiprocessing;
import dev.multiproc.internal.spawn.SpareWorkers;
import dev.multiproc.internal.spawn.SpawnDirectory;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.shared.SharedInt;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A caller JVM for {@link LaunchFaultTest}, started in the deployments the test sets up (the
 * library on no class path, a temporary directory too long for a socket path, the module path):
 * it starts workers and prints {@code key=value} lines about them.
 */
public final class LaunchCallerMain {
  private LaunchCallerMain() {}

  /**
   * Runs the caller.
   *
   * @param args the mode: {@code run}, {@code native} or {@code spare-failure}
   * @throws Exception if the mode fails
   */
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "run" -> run();
      case "native" -> nativeAccess();
      case "spare-failure" -> spareFailure();
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  /** A pool task and a child process, each in a worker. */
  private static void run() throws InterruptedException {
    try (Pool pool = Multiprocessing.local().pool(1)) {
      System.out.println("result=" + pool.apply(LaunchCallerMain::whereAmI, "pool"));
    }
    ChildProcess child = Multiprocessing.local().process(LaunchCallerMain::printWhereAmI);
    child.start();
    child.join(Duration.ofSeconds(60));
    System.out.println("childExit=" + child.exitCode().orElse(-1));
  }

  static String whereAmI(String what) {
    String library;
    try {
      library =
          Class.forName("dev.multiproc.internal.spawn.WorkerMain")
              .getProtectionDomain()
              .getCodeSource()
              .getLocation()
              .toString();
    } catch (ClassNotFoundException e) {
      library = e.toString();
    }
    return what
        + " ran in pid "
        + ProcessHandle.current().pid()
        + " (caller "
        + ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L)
        + "), library from "
        + library;
  }

  static void printWhereAmI() {
    System.out.println("child=" + whereAmI("child"));
  }

  /** A worker that inherits nothing uses shared memory, whose code calls restricted methods. */
  private static void nativeAccess() {
    JvmOptions bare = JvmOptions.defaults().withInherit(false);
    try (Pool pool = Multiprocessing.local().pool(PoolOptions.of(1).withJvm(bare))) {
      System.out.println("shared=" + pool.apply(LaunchCallerMain::useSharedMemory, 41));
    }
  }

  static int useSharedMemory(int value) {
    try (SharedInt v = Multiprocessing.local().sharedInt(value)) {
      return v.incrementAndGet();
    }
  }

  /**
   * A spare that cannot start is reported to the System.Logger (configured by the test to write
   * to a file), not to System.err.
   */
  private static void spareFailure() throws Exception {
    SpawnDirectory.get(); // and the resource tracker, while java.home is right
    PrintStream err = System.err;
    var captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    String home = System.getProperty("java.home");
    System.setProperty("java.home", "/nonexistent-java-home");
    try {
      SpareWorkers.get().warmUp();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      Path log = Path.of(System.getProperty("launch.log"));
      while (!(Files.exists(log) && Files.readString(log).contains("spare"))
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      System.setProperty("java.home", home);
      System.setErr(err);
    }
    System.out.println("stderr=" + captured.toString(StandardCharsets.UTF_8).strip());
  }
}
