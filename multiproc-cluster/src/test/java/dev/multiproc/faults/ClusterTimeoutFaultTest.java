package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.ClusterUnreachableException;
import dev.multiproc.cluster.internal.HzJoinableQueue;
import dev.multiproc.cluster.internal.HzLock;
import dev.multiproc.cluster.internal.LocalMembers;
import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.sync.Barrier;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timed calls while the member that owns an object is unreachable (suspended with SIGSTOP: to
 * its peers and clients it looks as a machine cut off from the network does, and it is noticed
 * only after 10 s): two members in JVMs of their own, this JVM a client.
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>owner unreachable</td><td>put(item, 1 s) on a full queue, get(1 s) on an empty one,
 *       tryLock(1 s) on a held lock, each on objects the suspended member owns</td><td>each
 *       returns or throws within its timeout plus 2 s (asserted: 5 s; before, the first call
 *       waited until the member was removed, about 10 s), with the library's own
 *       exceptions (QueueFullException, QueueEmptyException, ClusterUnreachableException),
 *       never Hazelcast's</td></tr>
 *   <tr><td>owner of a step's entry unreachable</td><td>await(1 s) on a barrier of 2 parties
 *       and await(1 s) on a condition whose lock is held, with their state's entry on the
 *       suspended member; put(item, 1 s) on a joinable queue whose count of unfinished tasks is
 *       on it</td><td>each within 5 s, as above: BrokenBarrierException (the
 *       barrier is broken, as a timeout breaks it), false, ClusterUnreachableException (before,
 *       the barrier's arrival, the condition's enqueue and the count's raise had no deadline
 *       and waited until the member was removed, about 10 s, or longer); once the member is
 *       resumed, the arrival it takes late leaves the barrier broken and the count it raises late
 *       is taken back (no unfinished task)</td></tr>
 * </table>
 */
@Timeout(180)
class ClusterTimeoutFaultTest {
  private static MemberJvms cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster =
        MemberJvms.start(
            ClusterTimeoutFaultTest.class, 2, 0, List.of("-Dmultiproc.cluster.lock.quorum=1"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Whether the partition of {@code name} (a queue's name, a map entry's key) is {@code member}'s. */
  private static boolean ownedBy(String name, LocalMembers.Member member) {
    HazelcastInstance hz = cluster.client.hazelcast();
    var owner = hz.getPartitionService().getPartition(name).getOwner();
    return owner != null
        && member
            .address()
            .equals(owner.getAddress().getHost() + ":" + owner.getAddress().getPort());
  }

  /** The member that owns the partition of the map key {@code key}. */
  private static LocalMembers.Member ownerOfKey(String key) {
    for (LocalMembers.Member m : cluster.members.members()) {
      if (ownedBy(key, m)) {
        return m;
      }
    }
    throw new AssertionError("no member owns the partition of " + key);
  }

  /** Runs {@code calls} while {@code member} is suspended; then waits until it is back. */
  private static void whileSuspended(LocalMembers.Member member, ThrowingCall calls)
      throws Exception {
    MemberJvms.signal(member.pid(), "STOP");
    try {
      calls.run();
    } finally {
      MemberJvms.signal(member.pid(), "CONT");
    }
    MemberJvms.await(
        () -> cluster.client.memberCount() == 2, 90, "the resumed member did not come back");
  }

  private static void assertOutcome(String outcome, String expected) {
    assertTrue(outcome.contains(expected), "expected " + expected + ", got " + outcome);
  }

  private static String nameOf(Object o) {
    return o.toString().replaceAll(".*\\[cluster ([^\\],]+).*", "$1");
  }

  /** Runs {@code call}; returns what it threw (or "returned"), failing if it took too long. */
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
        took.compareTo(Duration.ofSeconds(5)) < 0,
        what + " with a 1 s timeout took " + took + ": " + outcome);
    assertTrue(!outcome.startsWith("com.hazelcast"), what + " threw Hazelcast's: " + outcome);
    return outcome;
  }

  @FunctionalInterface
  private interface ThrowingCall {
    Object run() throws Exception;
  }

  @Test
  void timedCallsEndByTheirDeadlineWhenTheOwnerIsUnreachable() throws Exception {
    // every lock's entry is the key "lock" of a map of its own: entries are placed by key
    LocalMembers.Member cut = ownerOfKey(HzLock.KEY);
    List<AutoCloseable> made = new ArrayList<>();
    MpQueue<Integer> full = null;
    MpQueue<Integer> empty = null;
    MpLock held = cluster.client.lock();
    made.add(held);
    held.lock();
    while (full == null || empty == null) {
      MpQueue<Integer> q = cluster.client.queue(1);
      made.add(q);
      if (ownedBy(nameOf(q), cut)) {
        if (full == null) {
          q.put(0);
          full = q;
        } else if (empty == null) {
          empty = q;
        }
      }
    }
    MpQueue<Integer> fullQueue = full;
    MpQueue<Integer> emptyQueue = empty;
    // another handle: this JVM's holder thread would wait for itself without asking the cluster
    MpLock heldLock = HzLock.attach(cluster.client.hazelcast(), nameOf(held), false);
    List<String> outcomes = new ArrayList<>();
    MemberJvms.signal(cut.pid(), "STOP");
    try {
      outcomes.add(
          timed(
              "put",
              () -> {
                fullQueue.put(1, Duration.ofSeconds(1));
                return "put";
              }));
      outcomes.add(timed("get", () -> emptyQueue.get(Duration.ofSeconds(1))));
      outcomes.add(
          timed(
              "tryLock",
              () -> {
                return heldLock.tryLock(1, TimeUnit.SECONDS);
              }));
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
        // a lock held by this JVM, or an object the merge lost: nothing to keep
      }
    }
  }

  @Test
  @SuppressWarnings("WaitNotInLoop") // one timed wait, timed: nothing signals it
  void entryStepsEndByTheirDeadlineWhenTheOwnerIsUnreachable() throws Exception {
    // a barrier's and a condition's state is the entry "state" of a map of their own, a joinable
    // queue's count the entry "unfinished": entries are placed by key, whatever the map
    Barrier barrier = cluster.client.barrier(2, null, null);
    MpCondition condition = cluster.client.condition();
    JoinableMpQueue<Integer> joinable = cluster.client.joinableQueue(0);
    List<String> outcomes = new ArrayList<>();
    condition.getLock().lock(); // before: its entry may be on the member suspended next
    try {
      whileSuspended(
          ownerOfKey("state"),
          () -> {
            String b = timed("barrier.await", () -> barrier.await(Duration.ofSeconds(1)));
            outcomes.add(b);
            assertOutcome(b, "java.util.concurrent.BrokenBarrierException");
            String c = timed("condition.await", () -> condition.await(Duration.ofSeconds(1)));
            outcomes.add(c);
            assertOutcome(c, "returned false");
            return null;
          });
    } finally {
      condition.getLock().unlock();
    }
    // the arrival the member takes once resumed breaks the barrier, as the timeout did
    MemberJvms.await(barrier::isBroken, 30, "a late arrival did not break the barrier");
    whileSuspended(
        ownerOfKey("unfinished"),
        () -> {
          String j =
              timed(
                  "joinableQueue.put",
                  () -> {
                    joinable.put(1, Duration.ofSeconds(1));
                    return "put";
                  });
          outcomes.add(j);
          assertOutcome(j, ClusterUnreachableException.class.getName());
          return null;
        });
    // the count the member raises once resumed is taken back: the put did not happen
    MemberJvms.await(
        () -> ((HzJoinableQueue<Integer>) joinable).unfinishedTasks() == 0,
        30,
        "a late count of a put that failed was not taken back");
    System.err.println("outcomes while an entry's owner was unreachable: " + outcomes);
    for (AutoCloseable c : List.<AutoCloseable>of(barrier, condition, joinable)) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // an object the merge lost: nothing to keep
      }
    }
  }
}
