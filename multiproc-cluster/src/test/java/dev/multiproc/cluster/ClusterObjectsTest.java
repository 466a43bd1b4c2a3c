package dev.multiproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.DistributedObject;
import dev.multiproc.cluster.internal.HzEvent;
import dev.multiproc.cluster.internal.HzLock;
import dev.multiproc.cluster.internal.HzQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.QueueEmptyException;
import dev.multiproc.ipc.QueueFullException;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedLong;
import dev.multiproc.sync.BoundedSemaphore;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.MpSemaphore;
import dev.multiproc.sync.RLock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Queues and locks on the cluster: one embedded member in this JVM and a client of it in this JVM
 * too; one test starts a second member JVM that takes a lock and is killed.
 */
@Timeout(120)
class ClusterObjectsTest {
  /** Quick failure detection, so that a killed member is noticed in seconds. */
  static final Map<String, String> DETECTION =
      Map.of(
          "hazelcast.heartbeat.interval.seconds", "1",
          "hazelcast.max.no.heartbeat.seconds", "5");

  private static String clusterName;
  private static String memberAddress;
  private static ClusterContext member;
  private static ClusterContext client;

  @BeforeAll
  static void start() throws Exception {
    clusterName = "mp-test-objects-" + ProcessHandle.current().pid();
    int port = freePort();
    memberAddress = "127.0.0.1:" + port;
    ClusterConfig.Builder b =
        ClusterConfig.builder()
            .clusterName(clusterName)
            .members(memberAddress)
            .host("127.0.0.1")
            .port(port);
    DETECTION.forEach(b::property);
    member = Cluster.context(b.build());
    client =
        Cluster.context(
            ClusterConfig.builder()
                .clusterName(clusterName)
                .members(memberAddress)
                .role(ClusterConfig.Role.CLIENT)
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

  private static int freePort() throws Exception {
    try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Runs in a thread of its own (not the common pool, whose few workers a blocked wait starves). */
  private static <T> CompletableFuture<T> supplyInThread(java.util.function.Supplier<T> task) {
    var f = new CompletableFuture<T>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                f.complete(task.get());
              } catch (Throwable t) {
                f.completeExceptionally(t);
              }
            });
    return f;
  }

  private static CompletableFuture<Void> runInThread(Runnable task) {
    return supplyInThread(
        () -> {
          task.run();
          return null;
        });
  }

  private static boolean exists(String name) {
    return member.hazelcast().getDistributedObjects().stream()
        .map(DistributedObject::getName)
        .anyMatch(name::equals);
  }

  /* ------------------------------ queues ------------------------------ */

  @Test
  void itemsPutOnTheMemberAreGotInOrderOnTheClient() throws Exception {
    try (MpQueue<Object> q = member.queue()) {
      List<Object> items = List.of("a", 42, List.of(1, 2), new int[] {7}.length, "z");
      for (Object item : items) {
        q.put(item);
      }
      assertEquals(5, q.qsize());
      assertFalse(q.empty());
      assertFalse(q.full(), "an unbounded queue is never full");
      var name = ((HzQueue<Object>) q).name();
      MpQueue<Object> sameOnClient = HzQueue.attach(client.hazelcast(), name, 0);
      List<Object> got = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        got.add(sameOnClient.get(Duration.ofSeconds(10)));
      }
      assertEquals(items, got);
      assertTrue(q.empty());
    }
  }

  @Test
  void aBoundedQueueIsFullAndAnEmptyOneIsEmptyWithTheLocalMessages() throws Exception {
    try (MpQueue<String> q = client.queue(2)) {
      assertEquals(2, q.maxsize());
      q.put("one");
      q.putNow("two");
      assertTrue(q.full());
      assertEquals(0, q.remainingCapacity());
      var full =
          assertThrows(QueueFullException.class, () -> q.put("three", Duration.ofMillis(200)));
      assertEquals("queue full (maxsize 2)", full.getMessage());
      assertThrows(QueueFullException.class, () -> q.putNow("three"));
      assertFalse(q.offer("three"));
      assertEquals("one", q.getNow());
      assertEquals("two", q.get());
      var empty = assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(200)));
      assertEquals("queue empty: no item came within PT0.2S", empty.getMessage());
      assertEquals("queue empty", assertThrows(QueueEmptyException.class, q::getNow).getMessage());
      assertThrows(NullPointerException.class, () -> q.put(null));
      assertNull(q.peek());
    }
  }

  @Test
  void aPutWaitsForRoomUntilAConsumerOnAnotherInstanceTakes() throws Exception {
    try (MpQueue<Integer> q = member.queue(1)) {
      q.put(1);
      var waiting =
          runInThread(
              () -> {
                try {
                  q.put(2);
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(300);
      assertFalse(waiting.isDone(), "put waits while the queue is full");
      HzQueue<Integer> onClient =
          HzQueue.attach(client.hazelcast(), ((HzQueue<Integer>) q).name(), 1);
      assertEquals(1, onClient.get(Duration.ofSeconds(10)));
      waiting.get(30, TimeUnit.SECONDS);
      assertEquals(2, onClient.get(Duration.ofSeconds(10)));
    }
  }

  @Test
  void anItemThatCannotBeEncodedIsRefusedAndCloseDestroysTheQueue() throws Exception {
    MpQueue<Object> q = client.queue();
    String name = ((HzQueue<Object>) q).name();
    var bad = assertThrows(IllegalArgumentException.class, () -> q.put(new Thread()));
    assertTrue(bad.getMessage().startsWith("cannot put the object"), bad.getMessage());
    assertEquals(0, q.qsize(), "nothing was put");
    q.put("x");
    assertTrue(exists(name));
    q.close();
    assertFalse(exists(name), "close destroys the queue in the cluster");
    assertThrows(IllegalStateException.class, () -> q.put("y"));
    q.close();
  }

  /* ------------------------------ locks ------------------------------ */

  @Test
  void aPlainLockIsNotReentrantAndAnyThreadMayReleaseIt() throws Exception {
    try (MpLock lock = member.lock()) {
      assertTrue(lock.acquire(Duration.ofSeconds(10)));
      assertFalse(lock.acquire(Duration.ofMillis(200)), "the holder waits for itself");
      runInThread(lock::release).get(30, TimeUnit.SECONDS);
      assertTrue(lock.tryLock(), "free again after another thread released it");
      lock.release();
      var twice = assertThrows(IllegalStateException.class, lock::release);
      assertEquals("lock released too many times: " + lock + " is not held", twice.getMessage());
    }
  }

  @Test
  void aLockHeldOnTheClientExcludesTheMemberUntilReleased() throws Exception {
    try (HzLock onClient = (HzLock) client.lock()) {
      HzLock onMember = HzLock.attach(member.hazelcast(), onClient.name(), false);
      try (var _ = onClient.hold()) {
        assertFalse(onMember.acquire(Duration.ofMillis(300)), "held by the client");
      }
      assertTrue(onMember.acquire(Duration.ofSeconds(10)));
      assertFalse(onClient.tryLock(), "held by the member");
      onMember.release();
      assertTrue(onClient.tryLock());
      onClient.release();
      assertTrue(exists(onClient.name()));
    }
  }

  @Test
  void anRLockIsReentrantAndOnlyItsOwnerReleasesIt() throws Exception {
    try (RLock lock = client.rLock()) {
      lock.acquire();
      assertTrue(lock.acquire(Duration.ZERO));
      assertEquals(2, lock.holdCount());
      assertTrue(lock.isHeldByCurrentThread());
      var other =
          supplyInThread(
                  () -> {
                    try {
                      lock.release();
                      return null;
                    } catch (IllegalMonitorStateException e) {
                      return e;
                    }
                  })
              .get(30, TimeUnit.SECONDS);
      assertTrue(
          other != null && other.getMessage().contains("not by the caller"), String.valueOf(other));
      lock.release();
      assertFalse(supplyInThread(lock::tryLock).get(30, TimeUnit.SECONDS), "still held once");
      lock.release();
      assertEquals(0, lock.holdCount());
      assertTrue(
          supplyInThread(
                  () -> {
                    boolean taken = lock.tryLock();
                    if (taken) {
                      lock.release();
                    }
                    return taken;
                  })
              .get(30, TimeUnit.SECONDS),
          "free after as many releases as acquires");
    }
  }

  @Test
  void aLockHeldByAMemberThatDiesIsReleased() throws Exception {
    try (HzLock lock = (HzLock) member.lock()) {
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "--enable-native-access=ALL-UNNAMED",
              "-Xmx128m",
              "-XX:TieredStopAtLevel=1",
              "--sun-misc-unsafe-memory-access=allow",
              "-Dhazelcast.logging.type=none",
              "-cp",
              System.getProperty("java.class.path"),
              ClusterLockHolderMain.class.getName(),
              clusterName,
              memberAddress,
              Integer.toString(freePort()),
              lock.name());
      Process holder =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try {
        var locked =
            supplyInThread(
                () -> {
                  try (var in =
                      new BufferedReader(
                          new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                      if (line.equals("LOCKED")) {
                        return true;
                      }
                    }
                    return false;
                  } catch (java.io.IOException e) {
                    return false;
                  }
                });
        assertTrue(locked.get(90, TimeUnit.SECONDS), "the other member took the lock");
        assertFalse(lock.acquire(Duration.ofMillis(300)), "held by the other member");
        holder.destroyForcibly();
        holder.waitFor(30, TimeUnit.SECONDS);
        assertTrue(lock.acquire(Duration.ofSeconds(60)), "released when its holder died");
        lock.release();
      } finally {
        holder.destroyForcibly();
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS), "no member JVM left");
      }
    }
  }

  /* ------------------------------ events and counters ------------------------------ */

  @Test
  void anEventSetOnTheClientWakesAWaiterOnTheMember() throws Exception {
    try (HzEvent onClient = (HzEvent) client.event()) {
      HzEvent onMember = HzEvent.attach(member.hazelcast(), onClient.name());
      assertFalse(onMember.isSet());
      assertFalse(onMember.await(Duration.ofMillis(200)), "times out while clear");
      var waiter =
          supplyInThread(
              () -> {
                try {
                  return onMember.await(Duration.ofSeconds(60));
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(300);
      assertFalse(waiter.isDone(), "waits while clear");
      long start = System.nanoTime();
      onClient.set();
      assertTrue(waiter.get(30, TimeUnit.SECONDS));
      assertTrue(
          System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20),
          "woken by the listener, not by the 30 s re-check");
      assertTrue(onMember.await(Duration.ZERO), "stays set");
      onMember.clear();
      assertFalse(onClient.isSet());
    }
  }

  @Test
  void countersAddAtomicallyFromManyThreadsOnTwoInstances() throws Exception {
    try (SharedLong counter = client.sharedLong(10, false)) {
      List<CompletableFuture<Void>> adders = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        adders.add(
            runInThread(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    counter.getAndAdd(1);
                  }
                }));
      }
      for (var a : adders) {
        a.get(60, TimeUnit.SECONDS);
      }
      assertEquals(210, counter.get());
      assertEquals(215, counter.addAndGet(5));
      assertTrue(counter.compareAndSet(215, 1));
      assertFalse(counter.compareAndSet(215, 2));
      assertEquals(1, counter.get());
      assertFalse(counter.hasLock());
      assertThrows(UnsupportedOperationException.class, counter::getLock);
    }
    try (SharedInt i = member.sharedInt(Integer.MAX_VALUE, true)) {
      assertEquals(Integer.MIN_VALUE, i.addAndGet(1), "wraps as an int");
      assertTrue(i.compareAndSet(Integer.MIN_VALUE, 7));
      assertEquals(8, i.incrementAndGet());
      try (var _ = i.getLock().hold()) {
        i.set(i.get() * 2);
      }
      assertEquals(16, i.get());
    }
  }

  /* ------------------------------ semaphores ------------------------------ */

  @Test
  void aSemaphoreWaiterOnTheMemberIsWokenByAReleaseOnTheClient() throws Exception {
    try (MpSemaphore sem = client.semaphore(2)) {
      assertTrue(sem.tryAcquire());
      assertTrue(sem.acquire(Duration.ofSeconds(10)));
      assertEquals(0, sem.getValue());
      assertFalse(sem.tryAcquire());
      assertFalse(sem.acquire(Duration.ofMillis(200)), "times out with no permit");
      var waiter =
          supplyInThread(
              () -> {
                try {
                  return sem.acquire(Duration.ofSeconds(60));
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(300);
      assertFalse(waiter.isDone(), "waits while no permit is free");
      long start = System.nanoTime();
      runInThread(sem::release).get(30, TimeUnit.SECONDS);
      assertTrue(waiter.get(30, TimeUnit.SECONDS));
      assertTrue(
          System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20),
          "woken by the listener, not by the 30 s retry");
      sem.release();
      sem.release();
      sem.release();
      assertEquals(3, sem.getValue(), "an unbounded semaphore may go above its initial value");
    }
  }

  @Test
  void aBoundedSemaphoreRefusesAReleaseAboveItsValue() throws Exception {
    try (BoundedSemaphore sem = member.boundedSemaphore(1)) {
      assertEquals(1, sem.initialValue());
      var e = assertThrows(IllegalStateException.class, sem::release);
      assertEquals(
          "BoundedSemaphore released too many times: value 1 is already its initial " + "value 1",
          e.getMessage());
      try (var _ = sem.hold()) {
        assertEquals(0, sem.getValue());
      }
      assertEquals(1, sem.getValue());
    }
    try (BoundedSemaphore zero = member.boundedSemaphore(0)) {
      assertThrows(IllegalStateException.class, zero::release);
    }
    assertThrows(IllegalArgumentException.class, () -> member.semaphore(-1));
  }
}
