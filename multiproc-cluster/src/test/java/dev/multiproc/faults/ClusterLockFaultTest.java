package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.multiproc.cluster.internal.HzLock;
import dev.multiproc.cluster.internal.LocalMembers;
import dev.multiproc.sync.MpLock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Cluster locks under faults: two members in JVMs of their own (so a lock needs both: a majority
 * of the two listed), this JVM a client, and a holder in a client JVM of its own. Members drop a
 * silent client after 4 s and release its locks a second later.
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>holder cut off</td><td>a client JVM holding a lock is suspended (SIGSTOP) until
 *       another client takes the lock, then resumed and releases it</td><td>the other gets a
 *       higher fencing token; the cut-off holder's release throws LockLostException naming the
 *       lock, and the other still holds it</td></tr>
 *   <tr><td>minority side</td><td>one of the two members is suspended until the other removes
 *       it: the live member is a side without a majority</td><td>no lock is granted there
 *       (tryLock with a timeout returns false at it); once the member is back and merged, the
 *       lock is granted again</td></tr>
 * </table>
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterLockFaultTest {
  private static MemberJvms cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster =
        MemberJvms.start(
            ClusterLockFaultTest.class,
            2,
            0,
            List.of(
                "-Dhazelcast.client.max.no.heartbeat.seconds=4",
                "-Dhazelcast.client.cleanup.period.millis=500",
                "-Dhazelcast.client.cleanup.timeout.millis=1000"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void aHolderCutOffIsToldItsLockWasLostAndTheNewHolderHasAHigherToken() throws Exception {
    Process holder = cluster.startJvm(LockHolderMain.class);
    try {
      var out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      String held =
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      for (String l = out.readLine(); l != null; l = out.readLine()) {
                        if (l.startsWith("HELD ")) {
                          return l;
                        }
                      }
                      return null;
                    } catch (java.io.IOException e) {
                      return null;
                    }
                  })
              .get(90, TimeUnit.SECONDS);
      assertTrue(held != null, "the holder did not take its lock");
      String[] parts = held.split(" ");
      String name = parts[1];
      long first = Long.parseLong(parts[2]);
      MpLock lock = HzLock.attach(cluster.client.hazelcast(), name, false);
      assertFalse(lock.tryLock(), "the holder holds it");

      MemberJvms.signal(holder.pid(), "STOP");
      boolean taken;
      try {
        taken = lock.tryLock(60, TimeUnit.SECONDS);
      } finally {
        MemberJvms.signal(holder.pid(), "CONT");
      }
      assertTrue(taken, "the cluster never released the lock of a holder cut off");
      long second = FaultLocks.token(lock);
      assertTrue(second > first, "the new holder's token " + second + " > the old " + first);

      var in = new PrintWriter(holder.getOutputStream(), true, StandardCharsets.UTF_8);
      in.println("UNLOCK");
      String answer =
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return out.readLine();
                    } catch (java.io.IOException e) {
                      return "read failed: " + e;
                    }
                  })
              .get(60, TimeUnit.SECONDS);
      assertTrue(
          answer != null && answer.startsWith("LOST LockLostException: ") && answer.contains(name),
          "the cut-off holder is told its lock was lost: " + answer);
      assertEquals(second, FaultLocks.token(lock), "the new holder still holds it");
      lock.unlock();
      assertTrue(lock.tryLock(), "released once, by its holder");
      lock.unlock();
    } finally {
      holder.destroyForcibly();
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS), "no holder JVM left");
    }
  }

  @Test
  @Order(2)
  void aSideWithoutAMajorityOfMembersGrantsNoLock() throws Exception {
    MpLock lock = cluster.client.lock();
    assertTrue(lock.tryLock(30, TimeUnit.SECONDS), "granted while both members are up");
    lock.unlock();
    LocalMembers.Member cut = cluster.member(1);
    MemberJvms.signal(cut.pid(), "STOP");
    try {
      MemberJvms.await(
          () -> cluster.client.memberCount() == 1,
          60,
          "the client still sees the suspended member");
      // the live member applies the protection once it has counted its side: a read of the
      // lock's map is refused then (Hazelcast's SplitBrainProtectionException)
      var lockMap =
          cluster
              .client
              .hazelcast()
              .getMap(lock.toString().replaceAll(".*\\[cluster ([^\\],]+).*", "$1"));
      MemberJvms.await(
          () -> {
            try {
              lockMap.get("probe");
              return false;
            } catch (SplitBrainProtectionException e) {
              return true;
            }
          },
          30,
          "the lock's map is not protected on a side with 1 of 2 members");
      long start = System.nanoTime();
      boolean granted = lock.tryLock(3, TimeUnit.SECONDS);
      if (granted) {
        lock.unlock();
      }
      assertFalse(granted, "a lock was granted on a side with 1 of 2 members");
      assertTrue(
          System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20),
          "tryLock(3 s) took " + Duration.ofNanos(System.nanoTime() - start));
    } finally {
      MemberJvms.signal(cut.pid(), "CONT");
    }
    MemberJvms.await(() -> cluster.client.memberCount() == 2, 90, "the member did not merge back");
    assertTrue(lock.tryLock(60, TimeUnit.SECONDS), "granted again once the members are back");
    lock.unlock();
  }
}
