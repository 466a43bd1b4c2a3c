package dev.multiproc.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.function.ClassFilter;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.TaskTransferException;
import dev.multiproc.spi.RemoteTasks;
import dev.multiproc.spi.TaggedCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.example.allowed.AllowedTasks;
import org.example.gadget.MarkerCallable;
import org.example.gadget.StrangerTasks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member started with a cluster key and an operator's allow-list, bound by default to loopback,
 * tried by a client that holds the key and by strangers that do not: a plain Hazelcast client that
 * knows the cluster's name, and one that learnt the name on the wire and sends tasks unsigned,
 * wrongly signed, or a Java-serialized class of its own.
 */
@Timeout(180)
class ClusterSecurityTest {
  private static final byte[] KEY =
      "a test cluster key, 32 bytes long".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER_KEY =
      "another key of more than 16 bytes".getBytes(StandardCharsets.UTF_8);

  private static String name;
  private static int port;
  private static ClusterContext member;
  private static ClusterContext client;

  @BeforeAll
  static void start() throws Exception {
    name = "mp-test-key-" + ProcessHandle.current().pid();
    try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    // no host: the member binds to loopback, as every member address is a loopback one
    member =
        Cluster.context(
            ClusterConfig.builder()
                .clusterName(name)
                .members("127.0.0.1:" + port)
                .port(port)
                .workers(1)
                .key(KEY)
                .runOnly("org.example.allowed.**")
                .build());
    client =
        Cluster.context(
            ClusterConfig.builder()
                .clusterName(name)
                .members("127.0.0.1:" + port)
                .role(ClusterConfig.Role.CLIENT)
                .key(KEY)
                .build());
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (member != null) {
      member.close();
    }
  }

  @Test
  void aClientWithTheKey_runsTasksOfTheAllowedClasses() throws Exception {
    try (Pool pool = client.pool(1)) {
      assertEquals(List.of(2, 4, 6), pool.map(AllowedTasks.twice(), List.of(1, 2, 3)));
    }
  }

  @Test
  void aTaskOfAClassOutsideTheAllowList_failsNamingTheClass() throws Exception {
    try (Pool pool = client.pool(1)) {
      var e =
          assertThrows(
              ExecutionException.class,
              () -> pool.applyAsync(StrangerTasks.twice(), 3).get(60, TimeUnit.SECONDS));
      TaskTransferException cause = assertInstanceOf(TaskTransferException.class, e.getCause());
      assertTrue(
          cause.getMessage().contains("org.example.gadget.StrangerTasks"), cause.getMessage());
      // the member and its worker go on
      assertEquals(8, pool.apply(AllowedTasks.twice(), 4));
    }
  }

  @Test
  void theMemberListensOnLoopbackOnly_whenEveryMemberAddressIsLoopback() throws IOException {
    String hexPort = String.format(Locale.ROOT, ":%04X", port);
    List<String> listening = new ArrayList<>(listeners(Path.of("/proc/net/tcp"), hexPort));
    listening.addAll(listeners(Path.of("/proc/net/tcp6"), hexPort));
    // 127.0.0.1 on an IPv4 socket, or mapped into IPv6 on a dual-stack one; never the wildcard
    assertEquals(1, listening.size(), "listeners on the member's port: " + listening);
    assertTrue(
        List.of("0100007F" + hexPort, "0000000000000000FFFF00000100007F" + hexPort)
            .contains(listening.get(0)),
        "listening on " + listening);
  }

  /** The local addresses of the sockets listening on a port, from a /proc/net table. */
  private static List<String> listeners(Path table, String hexPort) throws IOException {
    if (!Files.exists(table)) {
      return List.of();
    }
    return Files.readAllLines(table).stream()
        .skip(1)
        .map(l -> l.strip().split("\\s+"))
        .filter(f -> f[1].endsWith(hexPort) && f[3].equals("0A"))
        .map(f -> f[1])
        .toList();
  }

  @Test
  void aPlainClientThatKnowsOnlyTheName_cannotJoin() {
    assertThrows(IllegalStateException.class, () -> stranger(name).shutdown());
  }

  @Test
  void anUnsignedTask_isRefusedBeforeItIsDecoded() throws Exception {
    // bytes that are no task at all: a decoded one would fail as undecodable, not be refused
    byte[] garbage = "not a task".getBytes(StandardCharsets.UTF_8);
    String reply = send(new RemoteTask(garbage, stamp(1), "stranger", "stranger", null));
    assertTrue(reply.contains("refused the task: it is not signed with the cluster's key"), reply);
  }

  @Test
  void aTaskSignedWithAnotherKey_isRefused() throws Exception {
    byte[] garbage = "not a task".getBytes(StandardCharsets.UTF_8);
    String reply = send(new RemoteTask(garbage, stamp(1), "stranger", "stranger", OTHER_KEY));
    assertTrue(reply.contains("refused the task: its signature does not match"), reply);
  }

  @Test
  void aTaskSignedWithTheKey_isDecoded() throws Exception {
    byte[] garbage = "not a task".getBytes(StandardCharsets.UTF_8);
    String reply =
        send(new RemoteTask(garbage, stamp(1), UUID.randomUUID().toString(), "friend", KEY));
    assertFalse(reply.contains("refused"), reply);
  }

  @Test
  void aCapturedTaskSentAgain_isRefusedAsAReplay() throws Exception {
    byte[] garbage = "not a task".getBytes(StandardCharsets.UTF_8);
    String caller = UUID.randomUUID().toString();
    var captured = new RemoteTask(garbage, stamp(7), caller, "friend", KEY);
    String first = send(captured);
    assertFalse(first.contains("refused"), first);
    String again = send(captured);
    assertTrue(
        again.contains("refused the task: this member already ran its number 7 of its caller"),
        again);
    // the caller's next task is run as before
    String next = send(new RemoteTask(garbage, stamp(8), caller, "friend", KEY));
    assertFalse(next.contains("refused"), next);
  }

  @Test
  void aTaskStampedLongerAgoThanTheWindow_isRefused() throws Exception {
    byte[] garbage = "not a task".getBytes(StandardCharsets.UTF_8);
    long old = System.currentTimeMillis() - ReplayGuard.WINDOW_MILLIS - 60_000;
    String caller = UUID.randomUUID().toString();
    String reply =
        send(new RemoteTask(garbage, new TaskSignature.Stamp(0, old, 1), caller, "friend", KEY));
    assertTrue(reply.contains("refused the task: its stamp is "), reply);
    assertTrue(reply.contains(" ms old, more than the 300000 ms a task may be"), reply);
  }

  @Test
  void aBatchWithAnUndecodableAndAFailingTask_failsThoseTwoOnly() throws Exception {
    List<byte[]> tasks =
        List.of(
            RemoteTasks.apply(AllowedTasks.twice(), 1),
            "not a task".getBytes(StandardCharsets.UTF_8),
            RemoteTasks.apply(AllowedTasks.twice(), null),
            RemoteTasks.apply(AllowedTasks.twice(), 3));
    String caller = UUID.randomUUID().toString();
    List<Replies.Reply> replies =
        sendBatch(new RemoteTask(tasks, stamp(1), caller, "friend", KEY), tasks.size());
    assertEquals(Replies.VALUE, replies.get(0).kind(), replies.toString());
    assertEquals(2, replies.get(0).value());
    assertEquals(Replies.FAILED, replies.get(1).kind(), replies.toString());
    assertEquals(Replies.FAILED, replies.get(2).kind(), replies.toString());
    assertInstanceOf(NullPointerException.class, replies.get(2).error(), replies.toString());
    assertEquals(Replies.VALUE, replies.get(3).kind(), replies.toString());
    assertEquals(6, replies.get(3).value());
  }

  @Test
  void aCapturedBatchSentAgain_isRefusedWhole() throws Exception {
    List<byte[]> tasks =
        List.of(
            RemoteTasks.apply(AllowedTasks.twice(), 1), RemoteTasks.apply(AllowedTasks.twice(), 2));
    String caller = UUID.randomUUID().toString();
    var captured = new RemoteTask(tasks, stamp(3), caller, "friend", KEY);
    List<Replies.Reply> first = sendBatch(captured, 2);
    assertEquals(List.of(2, 4), first.stream().map(Replies.Reply::value).toList());
    for (Replies.Reply again : sendBatch(captured, 2)) {
      assertEquals(Replies.NOT_RUN, again.kind(), again.toString());
      assertTrue(
          String.valueOf(again.value())
              .contains("refused the task: this member already ran its number 3 of its caller"),
          again.toString());
    }
  }

  /** A stamp as a dispatcher makes one: no timeout, sent now, number {@code sequence}. */
  private static TaskSignature.Stamp stamp(long sequence) {
    return new TaskSignature.Stamp(0, System.currentTimeMillis(), sequence);
  }

  @Test
  void aForeignJavaSerializedClass_isNotDeserializedByTheMember(@TempDir Path dir)
      throws Exception {
    Path marker = dir.resolve("deserialized");
    HazelcastInstance stranger = stranger(TaskSignature.wireName(name, KEY));
    try {
      Member target = stranger.getCluster().getMembers().iterator().next();
      Future<String> f =
          stranger
              .getExecutorService(HazelcastSetup.EXECUTOR)
              .submitToMember(new MarkerCallable(marker), target);
      Exception e = assertThrows(Exception.class, () -> f.get(60, TimeUnit.SECONDS));
      assertFalse(Files.exists(marker), "the member deserialized the class: " + e);
    } finally {
      stranger.shutdown();
    }
  }

  @Test
  void theKeyChangesTheNameOnTheWire_only() {
    assertEquals("x", TaskSignature.wireName("x", null));
    assertTrue(TaskSignature.wireName("x", KEY).startsWith("x-"));
    assertNotEquals(TaskSignature.wireName("x", KEY), TaskSignature.wireName("x", OTHER_KEY));
    assertEquals(TaskSignature.wireName("x", KEY), TaskSignature.wireName("x", KEY.clone()));
  }

  /** Sends a task as a stranger that learnt the cluster's name on the wire; returns the reply. */
  private static String send(RemoteTask task) throws Exception {
    HazelcastInstance stranger = stranger(TaskSignature.wireName(name, KEY));
    try {
      Member target = stranger.getCluster().getMembers().iterator().next();
      byte[] reply =
          stranger
              .getExecutorService(HazelcastSetup.EXECUTOR)
              .submitToMember(task, target)
              .get(60, TimeUnit.SECONDS);
      Replies.Reply r =
          Replies.read(
              Replies.split(reply, 1).get(0), new TaggedCodec(ClassFilter.defaults()), "member");
      return r.kind() + " " + r.value() + " " + r.error();
    } finally {
      stranger.shutdown();
    }
  }

  /** Sends a batch as a stranger that learnt the cluster's name; returns its tasks' replies. */
  private static List<Replies.Reply> sendBatch(RemoteTask batch, int tasks) throws Exception {
    HazelcastInstance stranger = stranger(TaskSignature.wireName(name, KEY));
    try {
      Member target = stranger.getCluster().getMembers().iterator().next();
      byte[] reply =
          stranger
              .getExecutorService(HazelcastSetup.EXECUTOR)
              .submitToMember(batch, target)
              .get(60, TimeUnit.SECONDS);
      var codec = new TaggedCodec(ClassFilter.defaults());
      return Replies.split(reply, tasks).stream().map(r -> Replies.read(r, codec, "m")).toList();
    } finally {
      stranger.shutdown();
    }
  }

  /** A plain Hazelcast client of the given cluster name, which gives up after 5 s. */
  private static HazelcastInstance stranger(String clusterName) {
    ClientConfig c = new ClientConfig();
    c.setClusterName(clusterName);
    c.setProperty("hazelcast.logging.type", "none");
    c.getNetworkConfig().addAddress("127.0.0.1:" + port);
    c.getConnectionStrategyConfig()
        .getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(5_000);
    return HazelcastClient.newHazelcastClient(c);
  }
}
