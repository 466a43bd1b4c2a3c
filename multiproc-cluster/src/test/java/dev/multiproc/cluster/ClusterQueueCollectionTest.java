package dev.multiproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.multiproc.ipc.EndOfStream;
import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.QueueChecks;
import dev.multiproc.ipc.QueueCollectionSuite;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The cluster queue as a {@link java.util.Collection}: Guava testlib's queue suite and the
 * checks every backend passes, on one embedded member and a client of it in this JVM.
 */
@Timeout(300)
class ClusterQueueCollectionTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static InProcessCluster cluster;
  private static ClusterContext member;
  private static ClusterContext client;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        InProcessCluster.start(
            "mp-test-queue-collection-" + ProcessHandle.current().pid(), b -> b, b -> b);
    member = cluster.member();
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> guavaQueueSuite() {
    return QueueCollectionSuite.tests("cluster MpQueue", () -> member.queue());
  }

  @Test
  void collectionViews_lookWithoutTakingAndRemoveAnEqualItem() throws Exception {
    try (MpQueue<String> q = client.queue(10)) {
      QueueChecks.collectionViews(q, false);
    }
  }

  @Test
  void drainTo_nullOrItself_throwsEvenWhenEmpty() {
    try (MpQueue<String> q = client.queue()) {
      QueueChecks.drainToRefusals(q);
    }
  }

  @Test
  void joinableQueue_itemsRemovedWithoutBeingGot_countAsDone() throws Exception {
    try (JoinableMpQueue<String> q = client.joinableQueue()) {
      QueueChecks.removedItemsCountAsDone(q);
    }
  }

  @Test
  void endOfStream_isTheSameObjectAfterTheTrip() throws Exception {
    try (MpQueue<Object> q = client.queue()) {
      q.put(1);
      q.put(EndOfStream.END);
      assertEquals(1, q.get(WAIT));
      assertSame(EndOfStream.END, q.get(WAIT));
    }
  }
}
