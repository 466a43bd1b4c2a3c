package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.DistributedObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A JVM that made cluster objects and is cut off from the cluster (suspended with SIGSTOP: its
 * members see what a machine cut off from the network looks like). Its lease lasts 3 s; the
 * member waits a grace of 8 s after that, and drops a silent client after 4 s.
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>cut off longer than its lease, shorter than lease + grace</td><td>the maker is
 *       suspended until its lease has expired, then resumed</td><td>nothing is destroyed: the
 *       queue still has its 100 items, the int 12345, the dict {k=v}</td></tr>
 *   <tr><td>cut off longer than lease + grace</td><td>the maker is suspended until a member has
 *       destroyed its objects, then resumed</td><td>its next call on each object throws
 *       ObjectLostException naming the object; none is made again, empty</td></tr>
 * </table>
 */
@Timeout(180)
class ClusterLeaseFaultTest {
  private static MemberJvms cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster =
        MemberJvms.start(
            ClusterLeaseFaultTest.class,
            1,
            0,
            List.of(
                "-Dmultiproc.cluster.lease.grace.seconds=8",
                "-Dhazelcast.client.max.no.heartbeat.seconds=4"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The names of the objects in the cluster that carry {@code mark}. */
  private static List<String> objectsMarked(String mark) {
    List<String> names = new ArrayList<>();
    for (DistributedObject o : cluster.client.hazelcast().getDistributedObjects()) {
      if (o.getName().contains(mark)) {
        names.add(o.getName());
      }
    }
    return names;
  }

  private static List<String> check(Process maker, BufferedReader out) throws Exception {
    var in = new PrintWriter(maker.getOutputStream(), true, StandardCharsets.UTF_8);
    in.println("CHECK");
    return CompletableFuture.supplyAsync(
            () -> {
              List<String> lines = new ArrayList<>();
              try {
                for (String l = out.readLine(); l != null && !l.equals("END"); l = out.readLine()) {
                  lines.add(l);
                }
              } catch (java.io.IOException e) {
                lines.add("read failed: " + e);
              }
              return lines;
            })
        .get(60, TimeUnit.SECONDS);
  }

  @Test
  void aMakerCutOffKeepsItsObjectsWithinTheGraceAndLearnsItLostThemAfter() throws Exception {
    Process maker = cluster.startJvm(LeaseCreatorMain.class, "-Dmultiproc.cluster.lease.seconds=3");
    try {
      var out =
          new BufferedReader(new InputStreamReader(maker.getInputStream(), StandardCharsets.UTF_8));
      String made =
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      for (String l = out.readLine(); l != null; l = out.readLine()) {
                        if (l.startsWith("MADE ")) {
                          return l;
                        }
                      }
                      return null;
                    } catch (java.io.IOException e) {
                      return null;
                    }
                  })
              .get(90, TimeUnit.SECONDS);
      assertTrue(made != null, "the maker made nothing");
      // "Queue[cluster multiproc-queue-<owner>-<id> ...": the owner is the maker's id
      String queueName = made.substring(made.indexOf("multiproc-queue-")).split("[ ,\\]]")[0];
      String owner =
          queueName.substring("multiproc-queue-".length(), "multiproc-queue-".length() + 36);
      var leases = cluster.client.hazelcast().getMap("multiproc-leases");
      assertTrue(leases.containsKey(owner), "the maker holds a lease: " + owner);
      List<String> objects = objectsMarked(owner);
      assertTrue(objects.size() >= 3, "made: " + objects);

      // cut off past its lease, not past the grace: nothing is lost
      MemberJvms.signal(maker.pid(), "STOP");
      try {
        MemberJvms.await(() -> !leases.containsKey(owner), 60, "the maker's lease did not expire");
      } finally {
        MemberJvms.signal(maker.pid(), "CONT");
      }
      assertEquals(
          List.of("QUEUE ok 100", "INT ok 12345", "DICT ok {k=v}"),
          check(maker, out),
          "a maker back within the grace finds what it made");
      assertEquals(objects.size(), objectsMarked(owner).size(), "nothing was destroyed");

      // cut off past lease and grace: its objects are destroyed, and it is told so
      MemberJvms.signal(maker.pid(), "STOP");
      try {
        MemberJvms.await(
            () -> objectsMarked(owner).isEmpty(),
            90,
            "a member did not destroy the objects of a maker gone past lease and grace");
      } finally {
        MemberJvms.signal(maker.pid(), "CONT");
      }
      List<String> report = check(maker, out);
      assertEquals(3, report.size(), "one line per object: " + report);
      for (String line : report) {
        assertTrue(
            line.contains(" lost ObjectLostException: ") && line.contains(owner),
            "a call on a lost object throws, naming it: " + line);
      }
      // the maker's client made its proxies again when it reconnected: it destroys them again
      MemberJvms.await(
          () -> objectsMarked(owner).isEmpty(),
          30,
          "objects of the maker were made again, empty, and left: " + objectsMarked(owner));
    } finally {
      maker.destroyForcibly();
      assertTrue(maker.waitFor(30, TimeUnit.SECONDS), "no maker JVM left");
    }
  }
}
