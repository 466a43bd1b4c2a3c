package dev.multiproc.faults;

import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.cluster.internal.LocalMembers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Test support: cluster members in JVMs of their own on 127.0.0.1 ({@link LocalMembers}, with
 * this JVM's class path) and a client context of them in the test JVM; members can be killed, or
 * suspended with SIGSTOP and resumed with SIGCONT, which looks to their peers as a machine cut
 * off from the network does.
 */
final class MemberJvms implements AutoCloseable {
  final LocalMembers members;
  final ClusterContext client;

  private MemberJvms(LocalMembers members, ClusterContext client) {
    this.members = members;
    this.client = client;
  }

  static MemberJvms start(Class<?> testClass, int count, int workers) throws Exception {
    return start(testClass, count, workers, List.of());
  }

  /** As {@link #start(Class, int, int)}, with more flags for the member JVMs. */
  static MemberJvms start(Class<?> testClass, int count, int workers, List<String> flags)
      throws Exception {
    String name = "mp-test-" + testClass.getSimpleName() + "-" + ProcessHandle.current().pid();
    List<String> all =
        new java.util.ArrayList<>(
            List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dhazelcast.logging.type=none"));
    all.addAll(flags);
    LocalMembers members = LocalMembers.start(name, count, workers, all, System.err::println);
    try {
      ClusterContext client = Cluster.context(members.clientConfig());
      await(() -> client.memberCount() == count, 60, "the members did not form one cluster");
      return new MemberJvms(members, client);
    } catch (Exception | Error e) {
      members.close();
      throw e;
    }
  }

  LocalMembers.Member member(int i) {
    return members.members().get(i);
  }

  /** A config of another client of these members. */
  ClusterConfig clientConfig() {
    return members.clientConfig();
  }

  /** Sends {@code signal} (STOP, CONT) to the process {@code pid}. */
  static void signal(long pid, String signal) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
            .redirectErrorStream(true)
            .start();
    if (kill.waitFor() != 0) {
      throw new IOException(
          "kill -"
              + signal
              + " "
              + pid
              + " failed: "
              + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Waits until {@code condition} holds, checking every 50 ms; fails after {@code seconds}. */
  static void await(BooleanSupplier condition, long seconds, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " (waited " + seconds + " s)");
      }
      Thread.sleep(50);
    }
  }

  /**
   * Starts {@code main} in a JVM of its own with this JVM's class path and {@code flags}, passing
   * the cluster's name and first member's address.
   */
  Process startJvm(Class<?> main, String... flags) throws IOException {
    return startJvm(main, List.of(flags), List.of());
  }

  /** As {@link #startJvm(Class, String...)}, with more arguments after those two. */
  Process startJvm(Class<?> main, List<String> flags, List<String> args) throws IOException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "--sun-misc-unsafe-memory-access=allow",
                "-Dhazelcast.logging.type=none"));
    command.addAll(flags);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            main.getName(),
            members.clusterName(),
            member(0).address()));
    command.addAll(args);
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      members.close();
    }
  }
}
