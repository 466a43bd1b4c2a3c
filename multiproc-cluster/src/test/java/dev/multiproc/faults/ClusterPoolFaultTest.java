package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.Member;
import dev.multiproc.cluster.MemberLostException;
import dev.multiproc.cluster.internal.LocalMembers;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster pool under member faults: three members in JVMs of their own, one worker each,
 * this JVM a client.
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>split-brain merge</td><td>a member is suspended (SIGSTOP) until the others remove
 *       it, then resumed: it merges back under a new UUID</td><td>its load is published under
 *       the new UUID, and no figure is left under the old one</td></tr>
 *   <tr><td>map whose member is lost</td><td>a member is killed while a map's tasks run and
 *       wait</td><td>the map fails with MemberLostException, and its other tasks are cancelled:
 *       none starts after that, and the one running elsewhere is stopped</td></tr>
 * </table>
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPoolFaultTest {
  private static MemberJvms cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = MemberJvms.start(ClusterPoolFaultTest.class, 3, 1);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Map<String, UUID> uuids() {
    Map<String, UUID> byAddress = new HashMap<>();
    for (Member m : cluster.client.hazelcast().getCluster().getMembers()) {
      byAddress.put(m.getAddress().getHost() + ":" + m.getAddress().getPort(), m.getUuid());
    }
    return byAddress;
  }

  @Test
  @Order(1)
  void aMemberThatMergedBackPublishesItsLoadUnderItsNewUuid(@TempDir Path dir) throws Exception {
    LocalMembers.Member cut = cluster.member(1);
    UUID before = uuids().get(cut.address());
    MemberJvms.signal(cut.pid(), "STOP");
    try {
      MemberJvms.await(
          () -> !uuids().containsKey(cut.address()),
          60,
          "the others did not remove the suspended member");
    } finally {
      MemberJvms.signal(cut.pid(), "CONT");
    }
    MemberJvms.await(
        () -> uuids().containsKey(cut.address()), 90, "the resumed member did not merge back");
    UUID after = uuids().get(cut.address());
    assertNotEquals(before, after, "a merged member has a new UUID");

    try (Pool pool = cluster.client.pool()) {
      // one waiting task per member (one worker each, two sent to each): every member is busy
      List<String> jobs = IntStream.range(0, 6).mapToObj(i -> dir + "|" + i).toList();
      AsyncResult<List<Long>> busy = pool.mapAsync(FaultTasks::markAndWait, jobs, 1);
      var loads =
          cluster
              .client
              .hazelcast()
              .<UUID, HashMap<String, Integer>>getMap("multiproc-member-load");
      MemberJvms.await(
          () -> loadOf(loads.get(after)) > 0,
          30,
          "the merged member published no load under its new UUID "
              + after
              + ": "
              + loads.entrySet());
      Set<UUID> members = Set.copyOf(uuids().values());
      MemberJvms.await(
          () -> members.containsAll(loads.keySet()),
          30,
          "a figure is left under a UUID that is no member's: "
              + loads.keySet()
              + " vs "
              + members);
      Files.writeString(dir.resolve("go"), "");
      assertEquals(6, busy.get(java.time.Duration.ofSeconds(60)).size());
    }
  }

  private static int loadOf(HashMap<String, Integer> figure) {
    return figure == null ? 0 : figure.values().stream().mapToInt(Integer::intValue).sum();
  }

  @Test
  @Order(2)
  void aMapThatLostAMemberCancelsItsOtherTasks(@TempDir Path dir) throws Exception {
    LocalMembers.Member victim = cluster.member(2);
    try (Pool pool = cluster.client.pool()) {
      Set<Long> warm =
          Set.copyOf(pool.map(FaultTasks::memberPid, IntStream.range(0, 12).boxed().toList(), 1));
      assertEquals(3, warm.size(), "every member ran a task: " + warm);
      List<String> jobs = IntStream.range(0, 30).mapToObj(i -> dir + "|" + i).toList();
      AsyncResult<List<Long>> map = pool.mapAsync(FaultTasks::markAndWait, jobs, 1);
      MemberJvms.await(
          () -> FaultTasks.count(dir, "started-") == 3,
          60,
          "one task did not start on each member");
      cluster.members.kill(victim);
      var failed =
          assertThrows(ExecutionException.class, () -> map.get(java.time.Duration.ofSeconds(60)));
      assertInstanceOf(MemberLostException.class, failed.getCause());
      long startedAtFailure = FaultTasks.count(dir, "started-");

      // the map's running tasks wait for a "go" that never comes: only if they are stopped do
      // the members' workers take new tasks; and what was queued for the map would go first
      Set<Long> after =
          Set.copyOf(
              pool.mapAsync(FaultTasks::memberPid, IntStream.range(0, 8).boxed().toList(), 1)
                  .get(java.time.Duration.ofSeconds(45)));
      // which of the two live members takes them is the balancer's choice (one may still be
      // replacing the workers it killed); none goes to the dead one
      assertTrue(
          !after.isEmpty() && warm.containsAll(after) && !after.contains(victim.pid()),
          "the pool goes on with the other members: " + after + ", dead: " + victim.pid());
      assertTrue(
          FaultTasks.count(dir, "started-") <= startedAtFailure + 2,
          "tasks of the failed map went on starting: "
              + FaultTasks.count(dir, "started-")
              + " started, "
              + startedAtFailure
              + " when it failed");
      assertEquals(
          0,
          FaultTasks.count(dir, "done-"),
          "a task of the failed map ran to its end: " + Set.of(dir.toFile().list()));
    }
  }
}
