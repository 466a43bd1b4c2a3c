package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.ClusterUnreachableException;
import dev.multiproc.cluster.internal.HzEvent;
import dev.multiproc.cluster.internal.HzSemaphore;
import dev.multiproc.cluster.internal.LocalMembers;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timed waits of objects whose waiters are woken by a cluster listener, by a handle that has not
 * registered its listener yet (one attached by name, as a JVM that receives the object does),
 * while the member that owns the object is unreachable (suspended with SIGSTOP: noticed by the
 * cluster only after about 10 s). Two members in JVMs of their own, this JVM a client.
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>listener to register, owner unreachable</td><td>await(1 s) on an event, acquire(1
 *       s) on a semaphore without permits, each by a fresh handle of an object the suspended
 *       member owns</td><td>each returns or throws within its timeout plus the library's bound
 *       (asserted: 5 s; before, the listener's registration held the call until the member was
 *       removed), with the library's {@link ClusterUnreachableException} or a plain
 *       timeout, never Hazelcast's</td></tr>
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

  /** Whether the partition of the object named {@code name} is owned by {@code member}. */
  private static boolean ownedBy(String name, LocalMembers.Member member) {
    HazelcastInstance hz = cluster.client.hazelcast();
    var owner = hz.getPartitionService().getPartition(name).getOwner();
    return owner != null
        && member
            .address()
            .equals(owner.getAddress().getHost() + ":" + owner.getAddress().getPort());
  }

  private static String nameOf(Object o) {
    return o.toString().replaceAll(".*\\[cluster ([^\\],]+).*", "$1");
  }

  /** Makes objects until one is owned by {@code member}; all go into {@code made}. */
  private static <T extends AutoCloseable> T ownedBy(
      LocalMembers.Member member, java.util.function.Supplier<T> make, List<AutoCloseable> made) {
    while (true) {
      T o = make.get();
      made.add(o);
      if (ownedBy(nameOf(o), member)) {
        return o;
      }
    }
  }

  /** Runs {@code call}; returns its outcome, failing if it took too long or threw Hazelcast's. */
  private static String timed(String what, ThrowingCall call) {
    long start = System.nanoTime();
    String outcome;
    try {
      outcome = "returned " + call.run();
    } catch (ClusterUnreachableException e) {
      outcome = "ClusterUnreachableException";
    } catch (Throwable t) {
      outcome = t.getClass().getName() + ": " + t.getMessage();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(
        took.compareTo(Duration.ofSeconds(1 + ClusterUnreachableException.BOUND_SECONDS + 2)) < 0,
        what + " with a 1 s timeout took " + took + ": " + outcome);
    assertTrue(
        outcome.equals("returned false") || outcome.equals("ClusterUnreachableException"),
        what + ": " + outcome);
    return what + " " + outcome + " in " + took.toMillis() + " ms";
  }

  @FunctionalInterface
  private interface ThrowingCall {
    Object run() throws Exception;
  }

  @Test
  void timedWaitsOfAFreshHandleEndByTheirDeadlineWhenTheOwnerIsUnreachable() throws Exception {
    LocalMembers.Member cut = cluster.member(1);
    HazelcastInstance hz = cluster.client.hazelcast();
    List<AutoCloseable> made = new ArrayList<>();
    Event event = ownedBy(cut, cluster.client::event, made);
    MpSemaphore semaphore = ownedBy(cut, () -> cluster.client.semaphore(0), made);
    Function<String, Event> eventHandle = name -> HzEvent.attach(hz, name);
    Function<String, MpSemaphore> semaphoreHandle = name -> HzSemaphore.attach(hz, name, 0, false);
    List<String> outcomes = new ArrayList<>();
    MemberJvms.signal(cut.pid(), "STOP");
    try {
      outcomes.add(
          timed(
              "event.await", () -> eventHandle.apply(nameOf(event)).await(Duration.ofSeconds(1))));
      outcomes.add(
          timed(
              "semaphore.acquire",
              () -> semaphoreHandle.apply(nameOf(semaphore)).acquire(Duration.ofSeconds(1))));
    } finally {
      MemberJvms.signal(cut.pid(), "CONT");
    }
    System.err.println("outcomes while the owner was unreachable: " + outcomes);
    MemberJvms.await(
        () -> cluster.client.memberCount() == 2, 90, "the resumed member did not come back");
    for (AutoCloseable c : made) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // an object the merge lost: nothing to keep
      }
    }
  }
}
