package dev.multiproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.DistributedObject;
import dev.multiproc.cluster.internal.HzQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.shared.SharedInt;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nothing is left in the cluster by a JVM that made objects there: a context that closes
 * destroys them, and when a JVM dies without closing, its lease expires and a member destroys
 * them (the maker runs with a 3 s lease).
 */
@Timeout(150)
class ClusterLeaseTest {
  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.start(ClusterLeaseTest.class, 1);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The names of the cluster's objects that carry {@code mark}. */
  private static List<String> objectsMarked(String mark) {
    return cluster.client.hazelcast().getDistributedObjects().stream()
        .map(DistributedObject::getName)
        .filter(n -> n.contains(mark))
        .toList();
  }

  /** The id a context's object names carry: the part of the queue's name after its kind. */
  private static String makerMark(String queueName) {
    // multiproc-queue-<maker uuid (36)>-<uuid>
    return queueName.substring("multiproc-queue-".length(), "multiproc-queue-".length() + 36);
  }

  @Test
  void aContextThatCloses_destroysWhatItMade() throws Exception {
    String mark;
    try (ClusterContext other = Cluster.context(cluster.clientConfig())) {
      MpQueue<String> q = other.queue();
      q.put("x");
      SharedInt v = other.sharedInt(1, true);
      Map<String, Integer> d = other.manager().dict();
      d.put("a", 1);
      mark = makerMark(((HzQueue<String>) q).name());
      // the queue, the value and its lock, the dict
      assertEquals(4, objectsMarked(mark).size(), () -> "made: " + objectsMarked(mark));
      assertEquals(1, v.get());
    }
    assertEquals(List.of(), objectsMarked(mark), "left after close()");
  }

  @Test
  void aJvmThatDies_losesItsObjectsWhenItsLeaseExpires() throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx128m",
            "-XX:TieredStopAtLevel=1",
            "--sun-misc-unsafe-memory-access=allow",
            "-Dhazelcast.logging.type=none",
            "-Dmultiproc.cluster.lease.seconds=3",
            "-cp",
            System.getProperty("java.class.path"),
            ClusterObjectMakerMain.class.getName(),
            cluster.name,
            cluster.nodes.get(0).address());
    Process maker =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      String made =
          CompletableFuture.supplyAsync(
                  () -> {
                    try (var in =
                        new BufferedReader(
                            new InputStreamReader(
                                maker.getInputStream(), StandardCharsets.UTF_8))) {
                      for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (line.startsWith("MADE ")) {
                          return line.substring(5).split(" ")[0];
                        }
                      }
                      return null;
                    } catch (java.io.IOException e) {
                      return null;
                    }
                  })
              .get(90, TimeUnit.SECONDS);
      assertTrue(made != null, "the maker did not make its objects");
      String mark = makerMark(made);
      // the queue, the value and its lock, the dict
      assertEquals(4, objectsMarked(mark).size(), () -> "made: " + objectsMarked(mark));
      maker.destroyForcibly(); // no close(): the lease is all that is left of it
      assertTrue(maker.waitFor(30, TimeUnit.SECONDS));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!objectsMarked(mark).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertEquals(List.of(), objectsMarked(mark), "left after the maker died");
      assertFalse(
          cluster.client.hazelcast().getMap("multiproc-leases").containsKey(mark),
          "its lease is gone too");
    } finally {
      maker.destroyForcibly();
      assertTrue(maker.waitFor(30, TimeUnit.SECONDS), "no maker JVM left");
    }
  }
}
