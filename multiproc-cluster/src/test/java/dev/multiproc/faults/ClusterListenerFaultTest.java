package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.ClusterUnreachableException;
import dev.multiproc.cluster.internal.HzBarrier;
import dev.multiproc.cluster.internal.HzEvent;
import dev.multiproc.cluster.internal.HzSemaphore;
import dev.multiproc.cluster.internal.LocalMembers;
import dev.multiproc.sync.Barrier;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timed waits of objects whose waiters are woken by a cluster listener, by a handle that has not
 * registered its listener yet (one attached by name, as a JVM that receives the object does),
 * while a member is unreachable (suspended with SIGSTOP: noticed by the cluster only after about
 * 10 s). A listener's registration goes to every member, so the suspended one holds it whatever
 * member owns the object's entry; the suspended member is one that does not own the barrier's
 * entry, so that the barrier's wait gets as far as its entry watch (its arrival would give up at
 * the deadline otherwise: {@link ClusterTimeoutFaultTest}). Two members in JVMs of their own,
 * this JVM a client.
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>listener to register, a member unreachable</td><td>await(1 s) on an event,
 *       acquire(1 s) on a semaphore without permits, await(1 s) on a barrier of 2 parties (an
 *       entry-watch wait), each by a fresh handle</td><td>each returns or throws within its
 *       timeout plus the library's bound plus 2 s (before, the handle's listener registration
 *       held it until the member was removed, about 10 s), with the library's outcomes
 *       (false, {@link ClusterUnreachableException}, BrokenBarrierException), never
 *       Hazelcast's</td></tr>
 * </table>
 */
@Timeout(180)
class ClusterListenerFaultTest {
  private static MemberJvms cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = MemberJvms.start(ClusterListenerFaultTest.class, 2, 0);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Whether the partition of the map key {@code key} is owned by {@code member}. */
  private static boolean ownsKey(LocalMembers.Member member, String key) {
    var owner = cluster.client.hazelcast().getPartitionService().getPartition(key).getOwner();
    return owner != null
        && member
            .address()
            .equals(owner.getAddress().getHost() + ":" + owner.getAddress().getPort());
  }

  private static String nameOf(Object o) {
    return o.toString().replaceAll(".*\\[cluster ([^\\],]+).*", "$1");
  }

  /** Runs {@code call}; returns its outcome, failing if it took too long or threw Hazelcast's. */
  private static String timed(String what, ThrowingCall call) {
    long start = System.nanoTime();
    String outcome;
    try {
      outcome = "returned " + call.run();
    } catch (Throwable t) {
      outcome = t.getClass().getName() + ": " + t.getMessage();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(
        took.compareTo(Duration.ofSeconds(1 + ClusterUnreachableException.BOUND_SECONDS + 2)) < 0,
        what + " with a 1 s timeout took " + took + ": " + outcome);
    assertTrue(!outcome.contains("com.hazelcast"), what + " threw Hazelcast's: " + outcome);
    return what + ": " + outcome + " in " + took.toMillis() + " ms";
  }

  @FunctionalInterface
  private interface ThrowingCall {
    Object run() throws Exception;
  }

  @Test
  void timedWaitsOfAFreshHandleEndByTheirDeadlineWhileAMemberIsUnreachable() throws Exception {
    // the barrier's entry ("state") stays reachable: only the listener's registration waits
    LocalMembers.Member cut =
        ownsKey(cluster.member(1), "state") ? cluster.member(0) : cluster.member(1);
    HazelcastInstance hz = cluster.client.hazelcast();
    Event event = cluster.client.event();
    MpSemaphore semaphore = cluster.client.semaphore(0);
    Barrier barrier = cluster.client.barrier(2, null, null);
    List<String> outcomes = new ArrayList<>();
    MemberJvms.signal(cut.pid(), "STOP");
    try {
      outcomes.add(
          timed(
              "event.await", () -> HzEvent.attach(hz, nameOf(event)).await(Duration.ofSeconds(1))));
      outcomes.add(
          timed(
              "semaphore.acquire",
              () ->
                  HzSemaphore.attach(hz, nameOf(semaphore), 0, false)
                      .acquire(Duration.ofSeconds(1))));
      outcomes.add(
          timed(
              "barrier.await",
              () ->
                  HzBarrier.attach(hz, nameOf(barrier), 2, null, null)
                      .await(Duration.ofSeconds(1))));
    } finally {
      MemberJvms.signal(cut.pid(), "CONT");
    }
    System.err.println("outcomes while a member was unreachable: " + outcomes);
    MemberJvms.await(
        () -> cluster.client.memberCount() == 2, 90, "the resumed member did not come back");
    for (AutoCloseable c : List.of(event, semaphore, barrier)) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // an object the merge lost: nothing to keep
      }
    }
  }
}
