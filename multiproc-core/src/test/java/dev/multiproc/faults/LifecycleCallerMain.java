package dev.multiproc.faults;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.internal.spawn.SpareWorkers;
import dev.multiproc.ipc.Listener;
import dev.multiproc.pool.Pool;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.shared.SharedMemory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A caller JVM for the lifecycle and tracker fault tests: sets up what its first argument names,
 * prints {@code key=value} lines the test reads, then waits to be killed (or ends as told).
 */
public final class LifecycleCallerMain {
  private LifecycleCallerMain() {}

  /**
   * Runs the caller.
   *
   * @param args the mode, then its arguments
   * @throws Exception to fail loudly
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    Context ctx = Multiprocessing.local();
    switch (args[0]) {
      case "grandchildren" -> grandchildren(ctx, out, args[1]);
      case "frozen" -> frozen(ctx, out);
      case "starting" -> starting(ctx, out, args[1]);
      case "exit-slowly" -> { // its spare starts while the program's own exit hook runs
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        Thread.sleep(3_000);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
        if (args[1].equals("spare-started")) { // its JVM is up, and warms up before connecting
          while (ProcessHandle.current()
              .children()
              .noneMatch(p -> p.info().commandLine().orElse("").contains("--spare"))) {
            Thread.onSpinWait();
          }
        }
        out.println("done");
      }
      case "spare-warming" -> {
        out.println("started");
        out.flush();
        Thread.sleep(120_000);
      }
      case "resources" -> resources(ctx, out);
      case "touch" -> SharedMemory.create(4096).unlink();
      case "sigterm" -> sigterm(ctx, out, args[1]);
      case "flood" -> flood(ctx, out, Integer.parseInt(args[1]));
      case "tracker-fails" -> trackerFails(out);
      case "kept" -> kept(ctx, out, args[1]);
      case "first-pool" -> firstPool(ctx, out);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  /** A pool task and a child process that each started {@code sleep}; then wait or exit. */
  private static void grandchildren(Context ctx, PrintStream out, String end) throws Exception {
    Pool pool = ctx.pool(1);
    out.println("poolWorker=" + pool.apply(LifecycleTasks::pid, 0));
    out.println("poolSleep=" + pool.apply(LifecycleTasks::startSleep, 0));
    ChildProcess child = ctx.process(LifecycleTasks::childStartsSleep, "childSleep");
    child.daemon(end.equals("exit")).start();
    out.println("child=" + child.pid().orElseThrow());
    out.println("ready");
    out.flush();
    if (end.equals("exit")) {
      // the test says when: once the child's "childSleep=" line has come through
      new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
          .readLine();
      return; // a normal exit: the daemon child is terminated, the pool's worker ended
    }
    Thread.sleep(120_000);
  }

  /**
   * A program's first pool, right after its first use of the library; then the JVMs it started
   * (the pool's, kept, and the spare) with their start times; then a pool run under a JFR
   * recording started only now, and how many of its task events the recording holds.
   */
  private static void firstPool(Context ctx, PrintStream out) throws Exception {
    try (Pool pool = ctx.pool(2)) {
      out.println("first=" + pool.apply(LifecycleTasks::pid, 0));
    }
    if (!SpareWorkers.get().awaitReady(60_000)) {
      throw new IllegalStateException("no spare within 60 s");
    }
    java.util.List<Long> kept = SpareWorkers.get().keptPids();
    for (ProcessHandle child : ProcessHandle.current().children().toList()) {
      long started = child.info().startInstant().orElseThrow().toEpochMilli();
      String kind = kept.contains(child.pid()) ? "worker" : "spare";
      if (kept.contains(child.pid()) || SpareWorkers.get().isSpare(child.pid())) {
        out.println(kind + "=" + child.pid() + ":" + started);
      }
    }
    java.nio.file.Path file = java.nio.file.Files.createTempFile("late", ".jfr");
    try (var recording = new jdk.jfr.Recording()) {
      recording.enable("dev.multiproc.TaskEnded");
      recording.start();
      try (Pool pool = ctx.pool(2)) {
        pool.apply(LifecycleTasks::pid, 0);
      }
      recording.stop();
      recording.dump(file);
      out.println("taskEnded=" + jdk.jfr.consumer.RecordingFile.readAllEvents(file).size());
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  /** A closed pool's workers, kept for reuse; then wait to be killed, or exit when told. */
  private static void kept(Context ctx, PrintStream out, String end) throws Exception {
    try (Pool pool = ctx.pool(2)) {
      pool.map(LifecycleTasks::pid, java.util.List.of(0, 1), 1);
    }
    for (long pid : SpareWorkers.get().keptPids()) {
      out.println("kept=" + pid);
    }
    out.println("ready");
    out.flush();
    if (end.equals("exit")) {
      new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
          .readLine();
      return;
    }
    Thread.sleep(120_000);
  }

  /** An idle pool worker, a child process and a spare, all ready; the test freezes them. */
  private static void frozen(Context ctx, PrintStream out) throws Exception {
    Pool pool = ctx.pool(1);
    out.println("poolWorker=" + pool.apply(LifecycleTasks::pid, 0));
    ChildProcess child = ctx.process(LifecycleTasks::sleep, 120_000L).start();
    out.println("child=" + child.pid().orElseThrow());
    if (!SpareWorkers.get().awaitReady(60_000)) {
      throw new IllegalStateException("no spare within 60 s");
    }
    long spare =
        ProcessHandle.current()
            .children()
            .mapToLong(ProcessHandle::pid)
            .filter(SpareWorkers.get()::isSpare)
            .findFirst()
            .orElseThrow();
    out.println("spare=" + spare);
    out.println("ready");
    out.flush();
    Thread.sleep(120_000);
  }

  /** Starts a child whose JVM pauses before it connects back: killed here, mid start-up. */
  private static void starting(Context ctx, PrintStream out, String pauseFile) {
    JvmOptions paused =
        JvmOptions.defaults()
            .withJvmFlags(
                "-XX:+UnlockDiagnosticVMOptions",
                "-XX:+PauseAtStartup",
                "-XX:PauseAtStartupFile=" + pauseFile);
    out.println("starting");
    out.flush();
    ctx.process(LifecycleTasks::sleep, 120_000L).jvm(paused).start();
    out.println("started");
  }

  /** Two tracked segments, a listener's socket file and a child; then wait. */
  private static void resources(Context ctx, PrintStream out) throws Exception {
    SharedMemory a = SharedMemory.create(4096);
    SharedMemory b = SharedMemory.create(8192);
    Listener listener = Listener.open(null, null);
    ChildProcess child = ctx.process(LifecycleTasks::sleep, 120_000L).start();
    out.println("segment=" + a.name());
    out.println("segment=" + b.name());
    out.println("socket=" + ((UnixDomainSocketAddress) listener.address()).getPath());
    out.println("child=" + child.pid().orElseThrow());
    out.println("ready");
    out.flush();
    Thread.sleep(120_000);
  }

  /** A non-daemon child that never ends; then main waits or returns. */
  private static void sigterm(Context ctx, PrintStream out, String main) throws Exception {
    ChildProcess child = ctx.process(LifecycleTasks::sleep, Long.MAX_VALUE).start();
    out.println("child=" + child.pid().orElseThrow());
    out.println("ready");
    out.flush();
    if (main.equals("waits")) {
      Thread.sleep(120_000);
    }
  }

  /** A child floods stdout without a newline; this JVM (small heap) must relay it and go on. */
  private static void flood(Context ctx, PrintStream out, int megabytes) throws Exception {
    var counter = new CountingOut();
    System.setOut(new PrintStream(counter, true, StandardCharsets.ISO_8859_1));
    ChildProcess child = ctx.process(LifecycleTasks::flood, megabytes).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!counter.sawAfter() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    out.println(
        "relayed="
            + counter.count()
            + " after="
            + counter.sawAfter()
            + " childAlive="
            + child.isAlive());
    out.flush();
    if (child.isAlive()) {
      child.kill();
    }
    child.join();
  }

  /** Creates segments until the library says the tracker could not start, or 40 s pass. */
  private static void trackerFails(PrintStream out) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        SharedMemory.create(4096).unlink();
      } catch (RuntimeException e) {
        out.println("error=" + e.getMessage().replace('\n', ' '));
        out.flush();
        return;
      }
      Thread.sleep(100);
    }
    out.println("no-error");
  }

  /** Counts the bytes written to it and notices the line {@code after-flood}. */
  private static final class CountingOut extends OutputStream {
    private static final byte[] MARK = "after-flood\n".getBytes(StandardCharsets.US_ASCII);
    private long count;
    private int matched;
    private volatile boolean after;

    @Override
    public synchronized void write(int b) {
      count++;
      see((byte) b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      count += len;
      for (int i = 0; i < len; i++) {
        see(b[off + i]);
      }
    }

    private void see(byte b) {
      matched = b == MARK[matched] ? matched + 1 : (b == MARK[0] ? 1 : 0);
      if (matched == MARK.length) {
        after = true;
        matched = 0;
      }
    }

    synchronized long count() {
      return count;
    }

    boolean sawAfter() {
      return after;
    }
  }
}
