package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.multiproc.cluster.internal.NodeMain;
import dev.multiproc.testing.NetNamespaces;
import dev.multiproc.testing.ProcessStates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partitions for real: three "machines" (network namespaces on one bridge), a member on each of
 * two and a client on the third, and links cut ({@code ip link set ... down} on a machine's
 * bridge port) for longer than every timeout, then restored. A second client on a member's
 * machine is the other party for the lock. Members detect a silent peer in 6 s and a silent
 * client in 4 s; the client's lease is 18 s and the members' grace 3 s, so each cut (25 s)
 * outlasts them all, while a member's failover (its loss seen in 6 s, its partitions taken over)
 * ends well within the client's lease: a member cut alone costs the client nothing (the cut
 * member, a minority, destroys nothing). Needs root and {@code ip netns}; skipped otherwise.
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>client cut off</td><td>the client, holding a lock and owning a queue of 100
 *       items, a shared int 12345 and a dict {k=v}, is cut off for 25 s, then
 *       restored</td><td>a timed get during the cut returns by its deadline + 2 s with the
 *       library's exceptions; the other party takes the lock with a higher fencing token; the
 *       client's objects keep their values or throw ObjectLostException naming them (never
 *       empty re-creations); its release throws LockLostException</td></tr>
 *   <tr><td>member cut off</td><td>the member that runs the client's cluster process is cut
 *       off for 25 s, then restored</td><td>timed calls on the client's side return by their
 *       deadline + 2 s; no side of 1 of 2 members grants the lock; the process's worker is
 *       ended, and the client never reports it exited with code 1; after the merge the client's
 *       objects keep their values, the lock is granted again and
 *       a map's tasks reach both members</td></tr>
 * </table>
 */
@Timeout(300)
class ClusterPartitionFaultTest {
  private static final int PORT = 5701;
  private static final Duration CUT = Duration.ofSeconds(25);

  /**
   * A timed call's deadline plus this is the latest it may return: the library's bound (2 s) and
   * half a second for taking the time around the call in a JVM on a busy machine.
   */
  private static final long SLACK_MS = 2500;

  private static final List<String> MEMBER_PROPERTIES =
      List.of(
          "hazelcast.heartbeat.interval.seconds=1",
          "hazelcast.max.no.heartbeat.seconds=6",
          "hazelcast.merge.first.run.delay.seconds=3",
          "hazelcast.merge.next.run.delay.seconds=3",
          "hazelcast.client.max.no.heartbeat.seconds=4",
          "hazelcast.client.cleanup.period.millis=500",
          "hazelcast.client.cleanup.timeout.millis=1000",
          "multiproc.cluster.lease.grace.seconds=3",
          "multiproc.cluster.lock.quorum=2",
          // expired entries (leases, graces) are found within a second, every time: a side of a
          // split that would judge a maker it cannot see does so in every run, not one of several
          "hazelcast.internal.map.expiration.task.period.seconds=1",
          "hazelcast.internal.map.expiration.cleanup.percentage=100");
  private static final List<String> CLIENT_PROPERTIES =
      List.of(
          "hazelcast.client.heartbeat.interval=1000",
          "hazelcast.client.heartbeat.timeout=4000",
          "multiproc.cluster.lease.seconds=18");

  /** The internal packages Hazelcast asks for. */
  private static final List<String> JVM_FLAGS =
      List.of(
          "--enable-native-access=ALL-UNNAMED",
          "--sun-misc-unsafe-memory-access=allow",
          "--add-modules",
          "java.se",
          "--add-exports",
          "java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens",
          "java.base/java.lang=ALL-UNNAMED",
          "--add-opens",
          "java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens",
          "java.management/sun.management=ALL-UNNAMED",
          "--add-opens",
          "jdk.management/com.sun.management.internal=ALL-UNNAMED",
          "-Xmx256m",
          "-XX:TieredStopAtLevel=1",
          "-Dhazelcast.logging.type=none");

  private static NetNamespaces net;
  private static final List<Jvm> jvms = new ArrayList<>();
  private static Jvm memberA;
  private static Jvm memberB;
  private static Jvm client;
  private static Jvm other;

  @BeforeAll
  static void startMachines() throws Exception {
    String why = NetNamespaces.unavailable();
    assumeTrue(why == null, () -> "skipped: partitions need network namespaces: " + why);
    net = NetNamespaces.create();
    String a = net.addHost("a");
    String b = net.addHost("b");
    net.addHost("c");
    String cluster = "mp-partition-" + ProcessHandle.current().pid();
    String members = a + ":" + PORT + "," + b + ":" + PORT;
    memberA = startMember("a", a, cluster, a + ":" + PORT);
    memberB = startMember("b", b, cluster, members);
    memberA.await("READY", 90);
    memberB.await("READY", 90);
    client = start("c", PartitionClientMain.class.getName(), cluster, members, CLIENT_PROPERTIES);
    other = start("a", PartitionClientMain.class.getName(), cluster, members, CLIENT_PROPERTIES);
    client.await("READY", 90);
    other.await("READY", 90);
    awaitAnswer(client, "MEMBERS", "2", 60);
  }

  private static Jvm startMember(String machine, String host, String cluster, String join)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--cluster",
                cluster,
                "--members",
                join,
                "--host",
                host,
                "--port",
                Integer.toString(PORT),
                "--workers",
                "1",
                "--stdin-lifeline"));
    MEMBER_PROPERTIES.forEach(p -> args.addAll(List.of("--property", p)));
    return start(machine, NodeMain.class.getName(), args.toArray(String[]::new));
  }

  private static Jvm start(
      String machine, String main, String cluster, String members, List<String> properties)
      throws IOException {
    List<String> args = new ArrayList<>(List.of(cluster, members));
    args.addAll(properties);
    return start(machine, main, args.toArray(String[]::new));
  }

  private static Jvm start(String machine, String main, String... args) throws IOException {
    List<String> command = new ArrayList<>(net.on(machine));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
    command.addAll(Arrays.asList(args));
    Jvm jvm =
        new Jvm(
            machine + ":" + main.substring(main.lastIndexOf('.') + 1),
            new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    synchronized (jvms) {
      jvms.add(jvm);
    }
    return jvm;
  }

  @AfterAll
  static void stopMachines() throws Exception {
    try {
      for (Jvm jvm : jvms) {
        jvm.process.getOutputStream().close(); // the members' lifeline; the clients' end
      }
      for (Jvm jvm : jvms) {
        if (!jvm.process.waitFor(15, TimeUnit.SECONDS)) {
          jvm.process.descendants().forEach(ProcessHandle::destroyForcibly);
          jvm.process.destroyForcibly();
          jvm.process.waitFor(15, TimeUnit.SECONDS);
        }
      }
    } finally {
      if (net != null) {
        net.close(); // kills whatever still runs in the namespaces
      }
    }
  }

  @Test
  void cutsLongerThanEveryTimeoutLoseNothingSilentlyAndHangNothing(@TempDir Path dir)
      throws Exception {
    long started = System.nanoTime();
    clientCutOff();
    memberCutOff(dir);
    System.err.println(
        "[partition] both cuts took "
            + Duration.ofNanos(System.nanoTime() - started).toSeconds()
            + " s");
  }

  /** The client, holding a lock and owning objects, is cut off, then restored. */
  private static void clientCutOff() throws Exception {
    client.ask("MAKE", 60);
    assertEquals("QUEUE ok 100|INT ok 12345|DICT ok {k=v}", client.ask("CHECK", 30));
    // the lock is the other party's, so that the client's lease does not decide its fate
    String lockName = other.ask("MAKE", 60);
    String held = client.ask("TRYLOCK " + lockName + " 30", 60);
    assertTrue(held.matches("\\d+ true \\d+"), "the client did not get the lock: " + held);
    long first = Long.parseLong(held.split(" ")[2]);

    long cutAt = System.nanoTime();
    net.cut("c");
    // 3) no hang: a timed get on the cut-off side
    assertTimed(
        report("client cut: get(2 s)", client.ask("GET 2", 2 + 30)),
        2,
        "get(2 s) on the cut-off client");
    // 2) the other party gets the lock once the members dropped the client, with a higher token
    String taken =
        report(
            "client cut: the other party's tryLock(30 s)",
            other.ask("TRYLOCK " + lockName + " 30", 60));
    assertTrue(taken.matches("\\d+ true \\d+"), "the other party did not get the lock: " + taken);
    long second = Long.parseLong(taken.split(" ")[2]);
    assertTrue(second > first, "the new holder's token " + second + " > the old " + first);
    holdCut(cutAt);
    net.restore("c");

    // 1) nothing the client made is silently lost: values kept, or a clear ObjectLostException
    assertNothingLostSilently(report("client cut, restored: its objects", awaitCheck(60)));
    // 2) the cut-off holder learns it lost its lock; the new one still holds it
    String released = report("client cut, restored: its release", client.ask("UNLOCKOTHER", 30));
    assertTrue(
        released.startsWith("lost dev.multiproc.cluster.LockLostException: ")
            && released.contains(lockName),
        "the cut-off holder's release: " + released);
    assertEquals(Long.toString(second), other.ask("TOKEN", 30), "the new holder still holds it");
    assertEquals("ok", other.ask("UNLOCKOTHER", 30));
  }

  /** The member that runs the client's process is cut off, then restored. */
  private static void memberCutOff(Path dir) throws Exception {
    String lockName = client.ask("MAKE", 60);
    assertEquals("started", client.ask("PROC " + dir, 60));
    Path pidFile = dir.resolve("worker-pid");
    MemberJvms.await(
        () -> Files.exists(pidFile) && pidFile.toFile().length() > 0,
        60,
        "the cluster process did not start");
    long worker = Long.parseLong(Files.readString(pidFile).strip());
    long memberPid = ProcessHandle.of(worker).orElseThrow().parent().orElseThrow().pid();
    // the cut member is the one that runs the process; the client stays with the other
    String cutName = memberPid == memberA.process.pid() ? "a" : "b";
    assertTrue(
        memberPid == memberA.process.pid() || memberPid == memberB.process.pid(),
        "the process's worker " + worker + " is not a member's: its parent is " + memberPid);
    Set<String> both =
        Set.of(Long.toString(memberA.process.pid()), Long.toString(memberB.process.pid()));

    long cutAt = System.nanoTime();
    net.cut(cutName);
    // 3) no hang
    assertTimed(
        report("member cut: get(2 s)", client.ask("GET 2", 2 + 30)),
        2,
        "get(2 s) while a member is cut off");
    // 2) no lock on a side with 1 of the 2 members, once that side has counted itself
    awaitAnswer(client, "MEMBERS", "1", 30);
    awaitAnswer(client, "PROTECTED " + lockName, "true", 30);
    String lock =
        report("member cut: tryLock(2 s)", client.ask("TRYLOCK " + lockName + " 2", 2 + 30));
    assertTimed(lock, 2, "tryLock(2 s) while a member is cut off");
    assertFalse(lock.matches("\\d+ true.*"), "a side of 1 of 2 members granted a lock: " + lock);
    // 5) the process is not reported dead while its member is unreachable
    assertFalse(
        report("member cut: process status", client.ask("STATUS", 30)).endsWith("OptionalInt[1]"),
        "the process is reported exited with 1 while its member is only unreachable");
    // ... and its member ends it once it lost the caller
    MemberJvms.await(
        () -> !ProcessStates.running(worker),
        CUT.toSeconds() + 30,
        "the process runs on on the cut member (worker " + worker + ")");
    holdCut(cutAt);
    net.restore(cutName);

    awaitAnswer(client, "MEMBERS", "2", 90);
    // 1) a member cut alone costs the client nothing: its side kept every object (one backup),
    // and the cut member, a minority, judged no one's lease
    assertEquals(
        "QUEUE ok 100|INT ok 12345|DICT ok {k=v}",
        report("member cut, restored: the client's objects", awaitCheck(60)),
        "the client's objects after a member was cut off and merged back");
    String status = report("member cut, restored: process status", client.ask("STATUS", 30));
    assertFalse(
        status.endsWith("OptionalInt[1]"),
        "the ended process is reported exited with 1: " + status);
    // 2) granted again once the sides merged
    String again = client.ask("TRYLOCK " + lockName + " 30", 60);
    assertTrue(again.matches("\\d+ true \\d+"), "no lock after the merge: " + again);
    assertEquals("ok", client.ask("UNLOCKOTHER", 30));
    // 4) load balancing recovers: tasks reach both members again
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String pids;
    do {
      pids = report("member cut, restored: members of 8 tasks", client.ask("PIDS 8", 60));
    } while (!Set.of(pids.split(",")).containsAll(both) && System.nanoTime() < deadline);
    assertEquals(both, Set.of(pids.split(",")), "after the merge tasks reach both members");
  }

  /** Each object has its value, or throws ObjectLostException: never an empty re-creation. */
  private static void assertNothingLostSilently(String check) {
    for (String part : check.split("\\|")) {
      String[] w = part.split(" ", 3);
      if (w[1].equals("lost")) {
        assertTrue(
            w[2].startsWith("dev.multiproc.cluster.ObjectLostException: cluster object "),
            "an object the client made is unusable without a clear error: " + check);
      } else {
        assertTrue(
            part.equals("QUEUE ok 100")
                || part.equals("INT ok 12345")
                || part.equals("DICT ok {k=v}"),
            "an object the client made changed: " + check);
      }
    }
  }

  /** Prints an outcome for the report: {@code [partition] what: answer}; returns the answer. */
  private static String report(String what, String answer) {
    System.err.println("[partition] " + what + ": " + answer);
    return answer;
  }

  /** Waits until {@link #CUT} has passed since {@code cutAt}: a fault lasts that long. */
  private static void holdCut(long cutAt) throws InterruptedException {
    long left = CUT.toNanos() - (System.nanoTime() - cutAt);
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left); // the length of the fault, not a wait for an event
    }
  }

  /** Checks a {@code ms outcome} answer: back by its deadline + 2 s, no Hazelcast exception. */
  private static void assertTimed(String answer, long seconds, String what) {
    long ms = Long.parseLong(answer.split(" ")[0]);
    assertTrue(ms <= seconds * 1000 + SLACK_MS, what + " took " + ms + " ms: " + answer);
    assertFalse(answer.contains("com.hazelcast"), what + " threw Hazelcast's: " + answer);
  }

  /** CHECK until the client reaches the cluster again. */
  private static String awaitCheck(long seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      String check = client.ask("CHECK", 60);
      if (!check.contains("ClusterUnreachableException") || System.nanoTime() > deadline) {
        return check;
      }
      Thread.sleep(200); // the client reconnects on its own schedule: asked again a bit apart
    }
  }

  private static void awaitAnswer(Jvm jvm, String command, String expected, long seconds)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String got = jvm.ask(command, 30);
    while (!got.equals(expected)) {
      assertTrue(
          System.nanoTime() < deadline,
          command + " answered " + got + ", not " + expected + ", for " + seconds + " s");
      Thread.sleep(200); // membership has no event the test can wait on: asked a bit apart
      got = jvm.ask(command, 30);
    }
  }

  /** A JVM on one machine, its output read line by line. */
  private static final class Jvm {
    final String name;
    final Process process;
    final PrintWriter in;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Jvm(String name, Process process) {
      this.name = name;
      this.process = process;
      this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
      Thread.ofPlatform()
          .daemon()
          .name("partition-" + name)
          .start(
              () -> {
                try (var out =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String l = out.readLine(); l != null; l = out.readLine()) {
                    lines.add(l);
                  }
                } catch (IOException e) {
                  // ended
                }
                lines.add("<ended>");
              });
    }

    /** Waits for a line that starts with {@code prefix}; returns the rest of it. */
    String await(String prefix, long seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      List<String> skipped = new ArrayList<>();
      while (true) {
        String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (l == null || l.equals("<ended>")) {
          throw new AssertionError(
              name
                  + (l == null ? " did not answer " : " ended before ")
                  + prefix
                  + " within "
                  + seconds
                  + " s; it printed: "
                  + skipped.stream().collect(Collectors.joining(" / ")));
        }
        if (l.startsWith(prefix)) {
          return l.substring(prefix.length()).strip();
        }
        skipped.add(l);
      }
    }

    /** Sends {@code command}; returns the answer without its command word. */
    String ask(String command, long seconds) throws InterruptedException {
      in.println(command);
      return await(command.split(" ")[0] + " ", seconds);
    }
  }
}
