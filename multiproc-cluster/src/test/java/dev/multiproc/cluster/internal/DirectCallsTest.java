package dev.multiproc.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.cluster.ClusterLock;
import dev.multiproc.cluster.InProcessCluster;
import dev.multiproc.cluster.LockLostException;
import dev.multiproc.cluster.ObjectLostException;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.QueueEmptyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's direct queue and lock calls ({@link DirectCalls}), made on the caller's thread: an
 * interrupt that comes while one is in the cluster neither fails it nor loses what it did, and
 * every call still checks that its object was not lost. One embedded member in this JVM and a
 * client of it, whose objects are under test.
 */
@Timeout(180)
class DirectCallsTest {
  /** Calls per interrupt test: enough that many interrupts land while a call is in the cluster. */
  private static final int ROUNDS = 1_500;

  private static InProcessCluster cluster;
  private static ClusterContext member;
  private static ClusterContext client;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        InProcessCluster.start("mp-test-direct-" + ProcessHandle.current().pid(), b -> b, b -> b);
    member = cluster.member();
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Interrupts {@code target} again and again, at random short intervals, until closed. */
  private static final class Interrupter {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    Interrupter(Thread target) {
      Thread.ofPlatform()
          .daemon()
          .name("test-interrupter")
          .start(
              () -> {
                while (running.get()) {
                  target.interrupt();
                  LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(20_000, 400_000));
                }
                stopped.complete(null);
              });
    }

    /** Stops interrupting; the target's interrupt status is cleared by the target. */
    void stop() {
      running.set(false);
      stopped.join(); // through its last interrupts: the target clears its status after this
    }
  }

  /** Runs {@code body} on a thread of its own and returns what it returned. */
  private static <T> T onThread(Supplier<T> body) throws Exception {
    List<T> out = new ArrayList<>();
    List<Throwable> failed = new ArrayList<>();
    Thread t =
        Thread.ofPlatform()
            .name("test-caller")
            .start(
                () -> {
                  try {
                    out.add(body.get());
                  } catch (Throwable e) {
                    failed.add(e);
                  }
                });
    t.join();
    if (!failed.isEmpty()) {
      throw new AssertionError("the calling thread failed: " + failed.get(0), failed.get(0));
    }
    return out.get(0);
  }

  @Test
  void aQueueCallInterruptedInTheClusterNeitherFailsNorLosesAnItem() throws Exception {
    try (MpQueue<Integer> q = client.queue()) {
      // item to how many times it was put (0 or 1) less how many times it was got
      Map<Integer, Integer> balance =
          onThread(
              () -> {
                Map<Integer, Integer> seen = new HashMap<>();
                var interrupter = new Interrupter(Thread.currentThread());
                try {
                  for (int n = 0; n < ROUNDS; n++) {
                    try {
                      q.put(n);
                      seen.merge(n, 1, Integer::sum);
                    } catch (InterruptedException e) {
                      // interrupted before it went in: nothing put
                    }
                    try {
                      seen.merge(q.get(), -1, Integer::sum);
                    } catch (InterruptedException e) {
                      // interrupted before or while waiting: nothing taken
                    }
                  }
                } finally {
                  interrupter.stop();
                }
                Thread.interrupted();
                return seen;
              });
      while (true) {
        try {
          balance.merge(q.getNow(), -1, Integer::sum);
        } catch (QueueEmptyException e) {
          break;
        }
      }
      balance.values().removeIf(v -> v == 0);
      assertEquals(Map.of(), balance, "items lost (1) or got twice (-1) under interrupts");
    }
  }

  @Test
  void aLockCallInterruptedInTheClusterNeitherFailsNorLeavesTheLockHeld() throws Exception {
    try (ClusterLock lock = client.lock()) {
      int taken =
          onThread(
              () -> {
                int held = 0;
                var interrupter = new Interrupter(Thread.currentThread());
                try {
                  for (int n = 0; n < ROUNDS; n++) {
                    boolean got;
                    try {
                      got = lock.acquire(Duration.ofSeconds(30));
                    } catch (InterruptedException e) {
                      continue; // interrupted before or while waiting: not taken
                    }
                    // a free lock that this thread alone takes: a false means a lost attempt
                    // holds it for no one
                    if (!got) {
                      throw new AssertionError("the lock was left held after " + n + " rounds");
                    }
                    held++;
                    lock.release(); // must not find its hold lost
                  }
                } finally {
                  interrupter.stop();
                }
                Thread.interrupted();
                return held;
              });
      assertTrue(taken > 0, "never taken");
      // free: another handle takes it at once
      try (ClusterLock other = (ClusterLock) HzLock.attach(member.hazelcast(), name(lock), false)) {
        assertTrue(other.acquire(Duration.ofSeconds(10)), "the lock was left held");
        other.release();
      }
    }
  }

  private static String name(ClusterLock lock) {
    return ((HzLock) lock).name();
  }

  /** Writes a tombstone for {@code names}, as the member that reaps a lost maker does. */
  private static void tombstone(String... names) {
    StringBuilder t = new StringBuilder("the JVM that made it (a test) did not renew its lease");
    for (String n : names) {
      t.append('\n').append(n);
    }
    member
        .hazelcast()
        .<String, String>getMap(HzLeases.LOST_MAP)
        .set("test-owner-" + UUID.randomUUID(), t.toString(), 1, TimeUnit.HOURS);
  }

  @Test
  void aLostQueueAndLockThrowOnTheirNextDirectCallAfterCallsThatWentDirect() throws Exception {
    try (MpQueue<Integer> q = client.queue();
        ClusterLock lock = client.lock()) {
      lostAfterDirectCalls(q, lock);
    }
  }

  private static void lostAfterDirectCalls(MpQueue<Integer> q, ClusterLock lock) throws Exception {
    String queueName = ((HzQueue<?>) q).name();
    String lockName = name(lock);
    // calls that take the direct way while the objects are alive
    q.put(1);
    assertEquals(1, q.get());
    assertTrue(lock.acquire(Duration.ofSeconds(10)));
    long token = lock.fencingToken();
    assertTrue(token > 0);
    lock.release();
    assertTrue(lock.acquire(Duration.ofSeconds(10)));
    assertTrue(lock.fencingToken() > token, "a later hold's token is higher");

    tombstone(queueName, lockName);
    // the tombstone reaches this JVM through a listener: wait for it on a guarded call
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        q.qsize();
      } catch (ObjectLostException e) {
        break;
      }
      assertTrue(System.nanoTime() < deadline, "the tombstone did not arrive in 30 s");
      Thread.sleep(20);
    }

    ObjectLostException e = assertThrows(ObjectLostException.class, lock::release);
    assertTrue(e.getMessage().contains(lockName), e.getMessage());
    e = assertThrows(ObjectLostException.class, () -> lock.acquire(Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains(lockName), e.getMessage());
    assertThrows(ObjectLostException.class, lock::tryLock);

    e = assertThrows(ObjectLostException.class, () -> q.put(2));
    assertTrue(e.getMessage().contains(queueName), e.getMessage());
    assertThrows(ObjectLostException.class, () -> q.put(2, Duration.ofSeconds(1)));
    assertThrows(ObjectLostException.class, () -> q.putNow(2));
    e = assertThrows(ObjectLostException.class, q::get);
    assertTrue(e.getMessage().contains(queueName), e.getMessage());
    assertThrows(ObjectLostException.class, () -> q.get(Duration.ofSeconds(1)));
    assertThrows(ObjectLostException.class, q::getNow);
  }

  @Test
  void aHoldTakenDirectlyIsFencedAndToldWhenTheClusterGaveItAway() throws Exception {
    try (ClusterLock lock = client.lock()) {
      assertTrue(lock.acquire(Duration.ofSeconds(10)));
      long token = lock.fencingToken();
      // the cluster gives the hold away (as when it drops the holder): another takes it
      HzLock other = HzLock.attach(member.hazelcast(), name(lock), false);
      other.forceUnlockCluster();
      assertTrue(other.acquire(Duration.ofSeconds(10)));
      assertTrue(other.fencingToken() > token, "the next hold's token is higher");
      LockLostException lost = assertThrows(LockLostException.class, lock::release);
      assertTrue(lost.getMessage().contains(name(lock)), lost.getMessage());
      other.release();
    }
  }
}
