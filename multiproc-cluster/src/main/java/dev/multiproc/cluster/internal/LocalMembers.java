package dev.multiproc.cluster.internal;

import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.spi.ResourceTrackers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A cluster of member JVMs on this machine, for the demo and the benchmark: each member is a
 * fresh JVM with this JVM's {@code java} and class path running {@link NodeMain} on 127.0.0.1 and
 * a free port, in a cluster of its own name, joining by TCP-IP only, with fast failure detection.
 *
 * <p>{@link #close()} stops every member and waits until no member JVM and no worker of theirs
 * is left, killing what has not ended in time; a shutdown hook does the same when this JVM is
 * stopped (Ctrl-C) before that, and each member's standard input is its lifeline, so a member
 * whose starter dies in any way leaves too (its workers follow their member).
 */
public final class LocalMembers implements AutoCloseable {
  /** Quick failure detection, so that a killed member is noticed in seconds, not a minute. */
  public static final Map<String, String> FAST_DETECTION =
      Map.of(
          "hazelcast.heartbeat.interval.seconds", "1",
          "hazelcast.max.no.heartbeat.seconds", "10",
          "hazelcast.merge.first.run.delay.seconds", "5",
          "hazelcast.merge.next.run.delay.seconds", "5");

  /** The internal packages Hazelcast asks for, to run at full speed and without a warning. */
  private static final List<String> HAZELCAST_ACCESS =
      List.of(
          "--add-modules", "java.se",
          "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens", "java.base/java.lang=ALL-UNNAMED",
          "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens", "java.management/sun.management=ALL-UNNAMED",
          "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final String HOST = "127.0.0.1";

  /**
   * One member JVM.
   *
   * @param address its address in the cluster, {@code host:port}
   * @param port its port
   * @param process the member JVM
   */
  public record Member(String address, int port, Process process) {
    /**
     * Returns the member JVM's pid.
     *
     * @return the pid
     */
    public long pid() {
      return process.pid();
    }
  }

  private final String clusterName;
  private final List<Member> members = new ArrayList<>();

  /** Every member JVM started, ready or not. */
  private final List<Process> launched = new ArrayList<>();

  /** Every member JVM and every worker seen under one, so that close() can wait for all. */
  private final Set<ProcessHandle> everything = new LinkedHashSet<>();

  private final Thread hook;

  /** The pids close() had to kill because they did not end within the stop timeout. */
  private final List<Long> killed = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Set once stopping begins: from then on the members' output is their shutdown, not shown. */
  private volatile boolean closed;

  private LocalMembers(String clusterName) {
    this.clusterName = clusterName;
    this.hook = new Thread(this::stop, "multiproc-local-members-stop");
  }

  /**
   * Starts {@code count} members at once and returns when all of them have joined.
   *
   * @param clusterName the cluster's name, unique to the caller
   * @param count how many members
   * @param workers worker JVMs per member
   * @param jvmFlags extra flags for the member JVMs, such as {@code -Xmx256m}
   * @param output receives every other line the members print (their own and their workers'
   *     output, on standard output and standard error), prefixed with the member's address,
   *     until stopping begins
   * @return the running members
   * @throws IllegalStateException if a member ends or is not ready within 90 seconds; the others
   *     are stopped
   * @throws InterruptedException if interrupted while waiting; the members are stopped
   */
  public static LocalMembers start(
      String clusterName, int count, int workers, List<String> jvmFlags, Consumer<String> output)
      throws InterruptedException {
    int[] each = new int[count];
    java.util.Arrays.fill(each, workers);
    return start(clusterName, each, System.getProperty("java.class.path"), jvmFlags, output);
  }

  /**
   * Starts one member per element of {@code workers}, the i-th with {@code workers[i]} worker
   * JVMs and the given class path, and returns when all of them have joined.
   *
   * @param clusterName the cluster's name, unique to the caller
   * @param workers worker JVMs of each member
   * @param classPath the members' class path (their workers inherit it)
   * @param jvmFlags extra flags for the member JVMs
   * @param output receives the members' other lines, as for {@link #start(String, int, int,
   *     List, Consumer)}
   * @return the running members
   * @throws IllegalStateException if a member ends or is not ready within 90 seconds; the others
   *     are stopped
   * @throws InterruptedException if interrupted while waiting; the members are stopped
   */
  public static LocalMembers start(
      String clusterName,
      int[] workers,
      String classPath,
      List<String> jvmFlags,
      Consumer<String> output)
      throws InterruptedException {
    int count = workers.length;
    var cluster = new LocalMembers(clusterName);
    Runtime.getRuntime().addShutdownHook(cluster.hook);
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ports.add(freePort(ports));
      }
      String addresses = String.join(",", ports.stream().map(p -> HOST + ":" + p).toList());
      List<CompletableFuture<Member>> starting = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int port = ports.get(i);
        // The first member knows only itself, so it becomes the master at once; the others
        // join it. Members that all know each other first wait about 5 s to elect a master.
        String join = starting.isEmpty() ? HOST + ":" + port : addresses;
        // so the lock quorum is a majority of all of them, the first member's too
        int quorum = count / 2 + 1;
        starting.add(cluster.launch(port, workers[i], join, quorum, classPath, jvmFlags, output));
      }
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      for (var s : starting) {
        Member m = s.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        synchronized (cluster) {
          cluster.members.add(m);
        }
      }
      return cluster;
    } catch (ExecutionException | TimeoutException | IOException | RuntimeException e) {
      cluster.close();
      Throwable cause =
          e instanceof ExecutionException x ? java.util.Objects.requireNonNull(x.getCause()) : e;
      throw new IllegalStateException(
          "could not start " + count + " local cluster members: " + cause.getMessage(), cause);
    } catch (InterruptedException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private static int freePort(List<Integer> taken) throws IOException {
    while (true) {
      try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (!taken.contains(s.getLocalPort())) {
          return s.getLocalPort();
        }
      }
    }
  }

  private CompletableFuture<Member> launch(
      int port,
      int workers,
      String addresses,
      int quorum,
      String classPath,
      List<String> jvmFlags,
      Consumer<String> output)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
    command.addAll(HAZELCAST_ACCESS);
    command.addAll(jvmFlags);
    command.addAll(
        List.of(
            "-cp",
            classPath,
            NodeMain.class.getName(),
            "--cluster",
            clusterName,
            "--members",
            addresses,
            "--host",
            HOST,
            "--port",
            Integer.toString(port),
            "--workers",
            Integer.toString(workers),
            "--stdin-lifeline"));
    FAST_DETECTION.forEach((k, v) -> command.addAll(List.of("--property", k + "=" + v)));
    String quorumProperty = HazelcastSetup.LOCK_QUORUM_PROPERTY;
    if (jvmFlags.stream().noneMatch(f -> f.startsWith("-D" + quorumProperty + "="))) {
      command.addAll(List.of("--property", quorumProperty + "=" + quorum));
    }
    Process p = new ProcessBuilder(command).start();
    synchronized (this) {
      launched.add(p);
      everything.add(p.toHandle());
    }
    String prefix = "[member " + HOST + ":" + port + "] ";
    var ready = new CompletableFuture<Member>();
    Consumer<String> show =
        line -> {
          if (!closed) {
            output.accept(prefix + line);
          }
        };
    copyLines(p.getErrorStream(), "stderr", port, show);
    copyLines(
        p.getInputStream(),
        "stdout",
        port,
        line -> {
          if (!ready.isDone() && line.startsWith("READY ")) {
            ready.complete(new Member(line.substring("READY ".length()).strip(), port, p));
          } else {
            show.accept(line);
          }
        });
    p.onExit()
        .thenRun(
            () ->
                ready.completeExceptionally(
                    new IllegalStateException(
                        "the member on port "
                            + port
                            + " ended before it was ready (exit code "
                            + p.exitValue()
                            + ")")));
    return ready;
  }

  private static void copyLines(InputStream stream, String what, int port, Consumer<String> to) {
    Thread.ofPlatform()
        .daemon()
        .name("multiproc-member-" + port + "-" + what)
        .start(
            () -> {
              try (var in =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  to.accept(line);
                }
              } catch (IOException e) {
                // the member ended
              }
            });
  }

  /**
   * Returns the cluster's name.
   *
   * @return the name
   */
  public String clusterName() {
    return clusterName;
  }

  /**
   * Returns the members, in the order of their ports' allocation.
   *
   * @return the members
   */
  public synchronized List<Member> members() {
    return List.copyOf(members);
  }

  /**
   * Returns the config of a client of these members, with fast failure detection.
   *
   * @return the config
   */
  public ClusterConfig clientConfig() {
    return ClusterConfig.builder()
        .clusterName(clusterName)
        .members(members().stream().map(Member::address).toList())
        .role(ClusterConfig.Role.CLIENT)
        .property("hazelcast.client.heartbeat.interval", "1000")
        .property("hazelcast.client.heartbeat.timeout", "10000")
        .build();
  }

  /**
   * Returns the worker JVMs a member runs now (its pool's and its warm spare), not its resource
   * tracker.
   *
   * @param member the member
   * @return its live worker JVMs
   */
  public List<ProcessHandle> workersOf(Member member) {
    return member
        .process()
        .children()
        .filter(ProcessHandle::isAlive)
        .filter(h -> !ResourceTrackers.isTracker(h))
        .toList();
  }

  /**
   * Kills a member JVM at once (SIGKILL), as a crash would; its workers notice and end.
   *
   * @param member the member
   */
  public void kill(Member member) {
    remember(member);
    member.process().destroyForcibly();
  }

  private synchronized void remember(Member member) {
    member
        .process()
        .descendants()
        .filter(h -> !ResourceTrackers.isTracker(h)) // it outlives its family by design
        .forEach(everything::add);
  }

  /**
   * Returns the member JVMs and their workers that are still alive, of all this has started.
   *
   * @return the live processes
   */
  public synchronized List<ProcessHandle> alive() {
    members.forEach(this::remember);
    return everything.stream().filter(ProcessHandle::isAlive).toList();
  }

  /**
   * Returns the member and worker JVMs that {@link #close()} had to kill.
   *
   * @return their pids; empty when all ended by themselves
   */
  public List<Long> killedAtClose() {
    return List.copyOf(killed);
  }

  /**
   * Stops every member (each leaves the cluster and stops its workers) and waits until none of
   * their JVMs is left; what has not ended within 20 seconds is killed.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs, or ran, stop() itself
    }
  }

  private void stop() {
    List<ProcessHandle> all;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      members.forEach(this::remember);
      for (Process p : launched) {
        if (members.stream().anyMatch(m -> m.process() == p)) {
          try {
            p.getOutputStream().close(); // the lifeline: the member leaves and exits
          } catch (IOException e) {
            // already gone
          }
        } else {
          p.destroy(); // not ready, so not yet watching its lifeline
        }
      }
      all = List.copyOf(everything);
    }
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        killed.add(h.pid());
        h.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        all.forEach(ProcessHandle::destroyForcibly);
        return;
      }
    }
  }
}
