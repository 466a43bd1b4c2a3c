package dev.multiproc.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.internal.HzBarrier;
import dev.multiproc.cluster.internal.HzByteArray;
import dev.multiproc.cluster.internal.HzCondition;
import dev.multiproc.cluster.internal.HzDouble;
import dev.multiproc.cluster.internal.HzDoubleArray;
import dev.multiproc.cluster.internal.HzIntArray;
import dev.multiproc.cluster.internal.HzJoinableQueue;
import dev.multiproc.cluster.internal.HzLock;
import dev.multiproc.cluster.internal.HzLongArray;
import dev.multiproc.cluster.internal.HzSimpleQueue;
import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.QueueFullException;
import dev.multiproc.ipc.SimpleMpQueue;
import dev.multiproc.shared.SharedByteArray;
import dev.multiproc.shared.SharedDouble;
import dev.multiproc.shared.SharedDoubleArray;
import dev.multiproc.shared.SharedIntArray;
import dev.multiproc.shared.SharedLongArray;
import dev.multiproc.sync.Barrier;
import dev.multiproc.sync.Held;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.MpSemaphore;
import dev.multiproc.sync.RLock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Conditions, barriers, shared doubles and arrays, joinable and simple queues on the cluster: one
 * embedded member in this JVM and a client of it in this JVM too. Each test uses the object from
 * both sides: made on one, attached by name on the other.
 */
@Timeout(120)
// A single await's outcome (signalled, timed out, interrupted) is what these tests check.
@SuppressWarnings("WaitNotInLoop")
class ClusterSyncTest {
  /** Waits that should end at once end well within this; the 30 s re-read is not the wake-up. */
  private static final long WOKEN_SECONDS = 20;

  private static String clusterName;
  private static String memberAddress;
  private static ClusterContext member;
  private static ClusterContext client;

  @BeforeAll
  static void start() throws Exception {
    clusterName = "mp-test-sync-" + ProcessHandle.current().pid();
    int port;
    try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    memberAddress = "127.0.0.1:" + port;
    member =
        Cluster.context(
            ClusterConfig.builder()
                .clusterName(clusterName)
                .members(memberAddress)
                .host("127.0.0.1")
                .port(port)
                // a client that leaves has its locks released within a second or two
                .property("hazelcast.client.cleanup.period.millis", "500")
                .property("hazelcast.client.cleanup.timeout.millis", "1000")
                .build());
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

  /** Runs in a thread of its own (not the common pool, whose few workers a blocked wait starves). */
  private static <T> CompletableFuture<T> inThread(Callable<T> task) {
    var f = new CompletableFuture<T>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                f.complete(task.call());
              } catch (Throwable t) {
                f.completeExceptionally(t);
              }
            });
    return f;
  }

  private static <T> T within(CompletableFuture<T> f, long seconds) throws Exception {
    return f.get(seconds, TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<?> f) throws Exception {
    var e = assertThrows(ExecutionException.class, () -> f.get(WOKEN_SECONDS, TimeUnit.SECONDS));
    return e.getCause();
  }

  private static boolean exists(String name) {
    return member.hazelcast().getDistributedObjects().stream()
        .map(DistributedObject::getName)
        .anyMatch(name::equals);
  }

  /** For state with no event to wait on (parties arrived at a barrier): checks it, a bit apart. */
  private static void eventually(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(20);
    }
  }

  /* ------------------------------ conditions ------------------------------ */

  /**
   * Starts a thread that takes the condition's lock, says so, and waits for a signal for at most
   * {@code timeout}; returns once it is waiting, having taken the lock here after it (so the
   * caller holds the lock, and the waiter is in the queue).
   */
  private static CompletableFuture<Boolean> waiter(MpCondition cond, MpLock mine, Duration timeout)
      throws Exception {
    var holding = new CountDownLatch(1);
    var f =
        inThread(
            () -> {
              try (var _ = cond.hold()) {
                holding.countDown();
                return cond.await(timeout);
              }
            });
    assertTrue(holding.await(30, TimeUnit.SECONDS), "the waiter took the lock");
    // the waiter releases the lock only once it is in the wait queue
    assertTrue(mine.acquire(Duration.ofSeconds(30)), "the waiter released the lock to wait");
    return f;
  }

  @Test
  void aWaiterOnTheClientIsWokenByASignalOnTheMember() throws Exception {
    try (HzCondition onMember = (HzCondition) member.condition();
        var flag = member.sharedInt(0, false)) {
      assertTrue(onMember.ownsLock());
      HzCondition onClient =
          HzCondition.attach(
              client.hazelcast(), onMember.name(), onMember.getLock().name(), true, false);
      var holding = new CountDownLatch(1);
      var waiter =
          inThread(
              () -> {
                try (var _ = onClient.hold()) {
                  holding.countDown();
                  return onClient.waitFor(() -> flag.get() == 1, Duration.ofSeconds(60));
                }
              });
      assertTrue(holding.await(30, TimeUnit.SECONDS));
      long start;
      try (var _ = onMember.hold()) { // free only once the waiter waits
        flag.set(1);
        start = System.nanoTime();
        onMember.signalAll();
      }
      assertTrue(within(waiter, WOKEN_SECONDS), "the predicate was true when it woke");
      assertTrue(
          System.nanoTime() - start < TimeUnit.SECONDS.toNanos(WOKEN_SECONDS),
          "woken by the listener, not by the 30 s re-read");
    }
  }

  @Test
  void aSignalWakesTheOldestWaiterOnlyAndSignalAllTheRest() throws Exception {
    try (RLock lock = member.rLock();
        HzCondition onMember = (HzCondition) member.condition(lock)) {
      assertSame(lock, onMember.getLock());
      assertFalse(onMember.ownsLock());
      HzCondition onClient =
          HzCondition.attach(
              client.hazelcast(), onMember.name(), ((HzLock) lock).name(), true, false);
      var oldest = waiter(onClient, lock, Duration.ofSeconds(60)); // we hold the lock now
      lock.release();
      var younger = waiter(onMember, lock, Duration.ofSeconds(3));
      onMember.signal(1);
      lock.release();
      assertTrue(within(oldest, WOKEN_SECONDS), "the oldest waiter got the one signal");
      assertFalse(within(younger, 30), "the younger waiter got none and timed out");

      var a = waiter(onMember, lock, Duration.ofSeconds(60));
      lock.release();
      var b = waiter(onClient, lock, Duration.ofSeconds(60));
      var otherHandle = assertThrows(IllegalMonitorStateException.class, onClient::signalAll);
      assertTrue(
          otherHandle.getMessage().contains("is held by another JVM or handle"),
          otherHandle.getMessage());
      onMember.signalAll();
      lock.release();
      assertTrue(within(a, WOKEN_SECONDS));
      assertTrue(within(b, WOKEN_SECONDS));
      try (var _ = lock.hold()) {
        onMember.signal(5); // nobody waits: nothing to do, and no signal is kept for later
        assertFalse(onMember.await(Duration.ofMillis(200)), "no signal came");
      }
    }
  }

  @Test
  void waitingReleasesAnRLockFullyAndTakesItBackWithItsCount() throws Exception {
    try (MpCondition cond = client.condition()) {
      RLock lock = (RLock) cond.getLock();
      lock.acquire();
      lock.acquire();
      var other =
          inThread(
              () -> {
                // takes the lock only while the owner waits, and signals it
                try (var _ = cond.hold()) {
                  cond.signal();
                  return true;
                }
              });
      assertTrue(cond.await(Duration.ofSeconds(60)), "signalled by the other thread");
      assertEquals(2, lock.holdCount(), "held twice again after the wait");
      assertTrue(within(other, WOKEN_SECONDS));
      lock.release();
      lock.release();
      assertEquals(0, lock.holdCount());
    }
  }

  @Test
  void aConditionOverAPlainLockTimesOutAndNeedsTheLock() throws Exception {
    try (MpLock lock = client.lock();
        MpCondition cond = client.condition(lock)) {
      var notHeld =
          assertThrows(IllegalMonitorStateException.class, () -> cond.await(Duration.ofMillis(1)));
      assertTrue(
          notHeld.getMessage().startsWith("cannot wait on un-acquired lock"), notHeld.getMessage());
      assertTrue(notHeld.getMessage().contains("is free"), notHeld.getMessage());
      var notify = assertThrows(IllegalMonitorStateException.class, cond::signalAll);
      assertTrue(
          notify.getMessage().startsWith("cannot notify on un-acquired lock"), notify.getMessage());
      try (var _ = cond.hold()) {
        long start = System.nanoTime();
        assertFalse(cond.await(Duration.ofMillis(300)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300));
        assertFalse(within(inThread(() -> lock.tryLock()), 30), "held again after the wait");
        assertFalse(cond.waitFor(() -> false, Duration.ofMillis(100)));
        assertTrue(cond.waitFor(() -> true, Duration.ZERO));
        var negative = assertThrows(IllegalArgumentException.class, () -> cond.signal(-1));
        assertEquals("cannot signal a negative number of waiters: n=-1", negative.getMessage());
      }
      assertTrue(lock.tryLock());
      lock.unlock();
    }
  }

  @Test
  void aConditionOverAForeignLockIsRefusedAndNewConditionWorks() throws Exception {
    try (MpLock local = dev.multiproc.Multiprocessing.threads().lock()) {
      var e = assertThrows(IllegalArgumentException.class, () -> member.condition(local));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "a condition of the cluster context needs a lock of the cluster context, not a "),
          e.getMessage());
    }
    try (RLock lock = member.rLock();
        MpCondition cond = lock.newCondition()) {
      assertSame(lock, cond.getLock());
      try (var _ = cond.hold()) {
        assertFalse(cond.await(Duration.ofMillis(50)));
      }
    }
  }

  @Test
  void anInterruptedWaiterThrowsWithTheLockHeldAgain() throws Exception {
    try (MpCondition cond = member.condition()) {
      var thread = new CompletableFuture<Thread>();
      var holding = new CountDownLatch(1);
      var waiting =
          inThread(
              () -> {
                thread.complete(Thread.currentThread());
                try (var _ = cond.hold()) {
                  holding.countDown();
                  try {
                    cond.await();
                    return "signalled";
                  } catch (InterruptedException e) {
                    return "interrupted, lock held " + ((RLock) cond.getLock()).holdCount();
                  }
                }
              });
      Thread t = within(thread, 30);
      assertTrue(holding.await(30, TimeUnit.SECONDS));
      MpLock lock = cond.getLock();
      assertTrue(lock.acquire(Duration.ofSeconds(30)), "free once the waiter waits");
      lock.release();
      t.interrupt();
      assertEquals("interrupted, lock held 1", within(waiting, WOKEN_SECONDS));

      try (var _ = cond.hold()) {
        Thread.currentThread().interrupt();
        var e = assertThrows(InterruptedException.class, () -> cond.await(Duration.ofSeconds(30)));
        assertEquals("interrupted before waiting on a condition", e.getMessage());
        assertFalse(Thread.interrupted(), "the status is cleared, as by Condition.await");
        assertEquals(1, ((RLock) cond.getLock()).holdCount(), "the lock is still held");
      }

      var holdingToo = new CountDownLatch(1);
      var uninterruptible =
          inThread(
              () -> {
                try (var _ = cond.hold()) {
                  holdingToo.countDown();
                  Thread.currentThread().interrupt();
                  cond.awaitUninterruptibly();
                  return Thread.interrupted();
                }
              });
      assertTrue(holdingToo.await(30, TimeUnit.SECONDS));
      assertTrue(lock.acquire(Duration.ofSeconds(30)), "free once the waiter waits");
      cond.signal();
      lock.release();
      assertTrue(within(uninterruptible, WOKEN_SECONDS), "woken, its interrupt status kept");
    }
  }

  @Test
  void aWaiterWhoseClientLeftIsSkippedBySignal() throws Exception {
    ClientConfig config = new ClientConfig();
    config.setClusterName(clusterName);
    config.getNetworkConfig().addAddress(memberAddress);
    HazelcastInstance leaving = HazelcastClient.newHazelcastClient(config);
    try (MpCondition cond = member.condition();
        MpLock marker = member.lock()) {
      MpLock lock = cond.getLock();
      HzCondition there =
          HzCondition.attach(
              leaving, ((HzCondition) cond).name(), ((HzLock) lock).name(), true, false);
      HzLock markerThere = HzLock.attach(leaving, ((HzLock) marker).name(), false);
      var ghost = waiter(there, lock, Duration.ofSeconds(90)); // the oldest waiter
      lock.release();
      markerThere.lock();
      leaving.shutdown();
      // the cluster releases the left client's locks together: the marker, and the waiter's
      assertTrue(marker.acquire(Duration.ofSeconds(60)), "the left client's locks are released");
      marker.release();
      var alive = waiter(cond, lock, Duration.ofSeconds(60));
      cond.signal(1);
      lock.release();
      assertTrue(within(alive, WOKEN_SECONDS), "the one signal skipped the dead waiter");
      // the ghost was not woken by the signal (its wait may have failed with its client)
      assertFalse(
          ghost.isDone() && !ghost.isCompletedExceptionally() && Boolean.TRUE.equals(ghost.join()));
    } finally {
      leaving.shutdown();
    }
  }

  @Test
  void closeDestroysTheConditionAndTheLockItMade() throws Exception {
    HzCondition cond = (HzCondition) client.condition();
    String lockName = cond.getLock().name();
    try (var _ = cond.hold()) {
      assertFalse(cond.await(Duration.ofMillis(10)));
    }
    assertTrue(exists(cond.name()));
    assertTrue(exists(lockName));
    cond.close();
    assertFalse(exists(cond.name()), "close destroys the condition's map");
    assertFalse(exists(lockName), "and the lock it made");
    assertThrows(IllegalStateException.class, cond::signalAll);
    cond.close();

    try (MpLock lock = client.lock()) {
      HzCondition over = (HzCondition) client.condition(lock);
      over.close();
      try (var _ = lock.hold()) {
        assertTrue(exists(((HzLock) lock).name()), "a lock it did not make stays");
      }
    }
  }

  /* ------------------------------ barriers ------------------------------ */

  @Test
  void aBarrierReleasesPartiesOnBothSidesWithDistinctIndicesAndRunsTheActionOnce()
      throws Exception {
    var memberActions = new AtomicInteger();
    var clientActions = new AtomicInteger();
    try (HzBarrier onMember = (HzBarrier) member.barrier(3, memberActions::incrementAndGet, null)) {
      HzBarrier onClient =
          HzBarrier.attach(
              client.hazelcast(), onMember.name(), 3, clientActions::incrementAndGet, null);
      for (int round = 1; round <= 2; round++) {
        var first = inThread(onMember::await);
        var second = inThread(() -> onClient.await(Duration.ofSeconds(60)));
        eventually(() -> onMember.nWaiting() == 2, "two parties wait");
        int last = onClient.await(Duration.ofSeconds(60));
        assertEquals(2, last, "the last to arrive has the last index");
        assertEquals(
            Set.of(0, 1), Set.of(within(first, WOKEN_SECONDS), within(second, WOKEN_SECONDS)));
        assertEquals(round, clientActions.get(), "the last party's view ran the action");
        assertEquals(0, memberActions.get());
        assertEquals(0, onMember.nWaiting());
        assertFalse(onClient.isBroken());
      }
      assertEquals(3, onClient.parties());
    }
  }

  @Test
  void aBarrierTimeoutBreaksItUntilReset() throws Exception {
    try (Barrier b = client.barrier(2)) {
      var e = assertThrows(BrokenBarrierException.class, () -> b.await(Duration.ofMillis(300)));
      assertEquals(
          "barrier timed out after PT0.3S with 1 of 2 parties arrived; it is now broken",
          e.getMessage());
      assertTrue(b.isBroken());
      assertEquals(0, b.nWaiting());
      var again = assertThrows(BrokenBarrierException.class, () -> b.await(Duration.ofSeconds(30)));
      assertEquals("barrier is broken", again.getMessage());
      b.reset();
      assertFalse(b.isBroken());
      b.abort();
      assertTrue(b.isBroken());
      b.reset();
      var other = inThread(() -> b.await(Duration.ofSeconds(60)));
      int mine = b.await(Duration.ofSeconds(60));
      assertEquals(Set.of(0, 1), Set.of(mine, within(other, WOKEN_SECONDS)), "whole again");
    }
  }

  @Test
  void theDefaultTimeoutAppliesAndBadArgumentsAreRefused() throws Exception {
    try (Barrier b = member.barrier(2, null, Duration.ofMillis(200))) {
      var e = assertThrows(BrokenBarrierException.class, b::await);
      assertTrue(e.getMessage().contains("timed out after PT0.2S"), e.getMessage());
    }
    var zero = assertThrows(IllegalArgumentException.class, () -> member.barrier(0));
    assertEquals("barrier parties must be at least 1: parties=0", zero.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> member.barrier(2, null, Duration.ofSeconds(-1)));
  }

  @Test
  void abortResetAndAFailedActionBreakWaitersOnTheOtherSide() throws Exception {
    try (HzBarrier onMember = (HzBarrier) member.barrier(2)) {
      HzBarrier onClient = HzBarrier.attach(client.hazelcast(), onMember.name(), 2, null, null);
      var aborted = inThread(() -> onClient.await(Duration.ofSeconds(60)));
      eventually(() -> onMember.nWaiting() == 1, "a party waits");
      onMember.abort();
      assertInstanceOf(BrokenBarrierException.class, failure(aborted));

      onMember.reset();
      var reset = inThread(() -> onClient.await(Duration.ofSeconds(60)));
      eventually(() -> onMember.nWaiting() == 1, "a party waits");
      onMember.reset();
      assertInstanceOf(BrokenBarrierException.class, failure(reset), "a reset breaks waiters");
      assertFalse(onMember.isBroken(), "but leaves the barrier whole");
    }
    try (HzBarrier failing =
        (HzBarrier)
            member.barrier(
                2,
                () -> {
                  throw new IllegalStateException("action failed");
                },
                null)) {
      HzBarrier onClient = HzBarrier.attach(client.hazelcast(), failing.name(), 2, null, null);
      var waiting = inThread(() -> onClient.await(Duration.ofSeconds(60)));
      eventually(() -> failing.nWaiting() == 1, "a party waits");
      var e = assertThrows(IllegalStateException.class, failing::await);
      assertEquals("action failed", e.getMessage());
      assertInstanceOf(BrokenBarrierException.class, failure(waiting));
      assertTrue(failing.isBroken());
    }
  }

  @Test
  void anInterruptedPartyBreaksTheBarrier() throws Exception {
    try (Barrier b = member.barrier(2)) {
      var thread = new CompletableFuture<Thread>();
      var waiting =
          inThread(
              () -> {
                thread.complete(Thread.currentThread());
                return b.await(Duration.ofSeconds(60));
              });
      eventually(() -> b.nWaiting() == 1, "a party waits");
      within(thread, 30).interrupt();
      var e = failure(waiting);
      assertInstanceOf(InterruptedException.class, e);
      assertEquals("interrupted while waiting at a barrier", e.getMessage());
      assertTrue(b.isBroken());
    }
  }

  @Test
  void anInterruptedPartyBreaksTheBarrierOnEntryToo() throws Exception {
    try (Barrier b = client.barrier(2)) {
      Thread.currentThread().interrupt();
      var e = assertThrows(InterruptedException.class, () -> b.await(Duration.ofSeconds(30)));
      assertEquals("interrupted while waiting at a barrier", e.getMessage());
      assertFalse(Thread.interrupted());
      assertTrue(b.isBroken());
    }
  }

  @Test
  void anInterruptedPartyOfABrokenBarrierIsToldItIsBrokenAndKeepsTheInterrupt() {
    try (Barrier b = client.barrier(2)) {
      b.abort();
      Thread.currentThread().interrupt();
      try {
        assertThrows(BrokenBarrierException.class, () -> b.await(Duration.ofSeconds(30)));
      } finally {
        assertTrue(Thread.interrupted(), "the interrupt is kept, as CyclicBarrier keeps it");
      }
    }
  }

  @Test
  void anInterruptedCallerTakesNoPermit() {
    try (MpSemaphore sem = client.semaphore(1)) {
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, () -> sem.acquire(Duration.ofSeconds(30)));
      assertFalse(Thread.interrupted());
      assertEquals(1, sem.getValue());
    }
  }

  @Test
  void closeDestroysTheBarrier() {
    HzBarrier b = (HzBarrier) client.barrier(2);
    assertTrue(exists(b.name()));
    b.close();
    assertFalse(exists(b.name()));
    assertThrows(IllegalStateException.class, b::abort);
    b.close();
  }

  /* ------------------------------ shared doubles and arrays ------------------------------ */

  @Test
  void aSharedDoubleAddsAtomicallyFromBothSidesAndComparesBits() throws Exception {
    try (HzDouble onMember = (HzDouble) member.sharedDouble(0.5, true)) {
      SharedDouble onClient =
          HzDouble.attach(client.hazelcast(), onMember.name(), onMember.lockName());
      List<CompletableFuture<Object>> adders = new ArrayList<>();
      for (SharedDouble d : List.of(onMember, onClient, onMember, onClient)) {
        adders.add(
            inThread(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    d.addAndGet(1.0);
                  }
                  return null;
                }));
      }
      for (var a : adders) {
        within(a, 60);
      }
      assertEquals(100.5, onClient.get());
      assertEquals(101.0, onMember.addAndGet(0.5));
      onClient.set(-0.0);
      assertFalse(onMember.compareAndSet(0.0, 1.0), "0.0 and -0.0 differ in their bits");
      assertTrue(onMember.compareAndSet(-0.0, Double.NaN));
      assertTrue(onClient.compareAndSet(Double.NaN, 2.0), "NaN has the same bits as NaN");
      try (var _ = onClient.getLock().hold()) {
        onClient.set(onClient.get() * 2);
      }
      assertEquals(4.0, onMember.get());
      assertTrue(onClient.hasLock());
    }
    try (SharedDouble raw = client.sharedDouble(1.0, false)) {
      assertFalse(raw.hasLock());
      assertThrows(UnsupportedOperationException.class, raw::getLock);
      assertNull(((HzDouble) raw).lockName());
    }
  }

  @Test
  void intArraysAddAtomicallyFromBothSidesAndCheckBounds() throws Exception {
    try (HzIntArray onMember = (HzIntArray) member.sharedIntArray(new int[] {1, 2, 3}, true)) {
      SharedIntArray onClient =
          HzIntArray.attach(client.hazelcast(), onMember.name(), 3, onMember.lockName());
      List<CompletableFuture<Object>> adders = new ArrayList<>();
      for (SharedIntArray a : List.of(onMember, onClient, onMember, onClient)) {
        adders.add(
            inThread(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    a.addAndGet(1, 1);
                  }
                  return null;
                }));
      }
      for (var a : adders) {
        within(a, 60);
      }
      assertArrayEquals(new int[] {1, 102, 3}, onClient.toArray());
      onClient.set(0, Integer.MAX_VALUE);
      assertEquals(Integer.MIN_VALUE, onMember.addAndGet(0, 1), "wraps as an int");
      assertTrue(onMember.compareAndSet(2, 3, 30));
      assertFalse(onClient.compareAndSet(2, 3, 31));
      assertEquals(30, onClient.get(2));
      onClient.setAll(7, 8);
      assertArrayEquals(new int[] {7, 8, 30}, onMember.toArray(), "setAll copies from index 0");
      int[] copy = onMember.toArray();
      copy[0] = 99;
      assertEquals(7, onMember.get(0), "toArray returns a copy, even on the member");
      assertEquals(3, onClient.length());
      var out = assertThrows(IndexOutOfBoundsException.class, () -> onClient.get(3));
      assertEquals("index 3 out of range for a shared array of length 3", out.getMessage());
      assertThrows(IndexOutOfBoundsException.class, () -> onMember.set(-1, 0));
      assertThrows(IndexOutOfBoundsException.class, () -> onMember.addAndGet(3, 1));
      var tooMany =
          assertThrows(IndexOutOfBoundsException.class, () -> onClient.setAll(1, 2, 3, 4));
      assertEquals("4 values do not fit a shared array of length 3", tooMany.getMessage());
      try (var _ = onClient.getLock().hold()) {
        onClient.set(1, onClient.get(1) + 1);
      }
      assertEquals(9, onMember.get(1));
    }
  }

  @Test
  void longDoubleAndByteArraysHaveTheirElementArithmetic() throws Exception {
    try (HzLongArray longs =
        (HzLongArray) client.sharedLongArray(new long[] {Long.MAX_VALUE, 5}, false)) {
      SharedLongArray there = HzLongArray.attach(member.hazelcast(), longs.name(), 2, null);
      assertEquals(Long.MIN_VALUE, there.addAndGet(0, 1));
      assertTrue(there.compareAndSet(1, 5, 6));
      assertArrayEquals(new long[] {Long.MIN_VALUE, 6}, longs.toArray());
      assertFalse(longs.hasLock());
      assertThrows(UnsupportedOperationException.class, longs::getLock);
    }
    try (HzDoubleArray doubles = (HzDoubleArray) member.sharedDoubleArray(1.0, 2.0)) {
      SharedDoubleArray there =
          HzDoubleArray.attach(client.hazelcast(), doubles.name(), 2, doubles.lockName());
      assertEquals(3.5, there.addAndGet(1, 1.5));
      assertArrayEquals(new double[] {1.0, 3.5}, doubles.toArray());
      there.set(0, -0.0);
      assertFalse(doubles.compareAndSet(0, 0.0, 9.0), "compares bits");
      assertTrue(doubles.compareAndSet(0, -0.0, 9.0));
      assertEquals(9.0, there.get(0));
      assertThrows(IndexOutOfBoundsException.class, () -> doubles.get(2));
      assertThrows(IndexOutOfBoundsException.class, () -> doubles.setAll(1, 2, 3));
      assertTrue(there.hasLock());
    }
    try (HzByteArray bytes = (HzByteArray) client.sharedByteArray(new byte[] {127, 0, 0})) {
      SharedByteArray there =
          HzByteArray.attach(member.hazelcast(), bytes.name(), 3, bytes.lockName());
      assertEquals((byte) -128, there.addAndGet(0, (byte) 1), "wraps as a byte");
      assertTrue(there.compareAndSet(2, (byte) 0, (byte) -1));
      bytes.setAll((byte) 5);
      assertArrayEquals(new byte[] {5, 0, -1}, there.toArray());
      assertEquals(3, there.length());
    }
    try (SharedIntArray empty = member.sharedIntArray()) {
      assertEquals(0, empty.length());
      assertArrayEquals(new int[0], empty.toArray());
      assertThrows(IndexOutOfBoundsException.class, () -> empty.get(0));
    }
  }

  @Test
  void closeDestroysValuesArraysAndTheirLocks() {
    HzDouble d = (HzDouble) client.sharedDouble(1.0);
    HzByteArray a = (HzByteArray) client.sharedByteArray(new byte[4], true);
    String dLock = d.lockName();
    String aLock = a.lockName();
    try (Held _ = d.getLock().hold();
        Held _ = a.getLock().hold()) {
      assertTrue(exists(d.name()) && exists(a.name()) && exists(dLock) && exists(aLock));
    }
    d.close();
    a.close();
    assertFalse(
        exists(d.name()) || exists(a.name()) || exists(dLock) || exists(aLock),
        "close destroys the maps and the locks");
    assertThrows(IllegalStateException.class, d::get);
    assertThrows(IllegalStateException.class, () -> a.get(0));
    d.close();
  }

  /* ------------------------------ joinable and simple queues ------------------------------ */

  @Test
  void joinWaitsUntilAConsumerOnTheClientMarkedEveryItemDone() throws Exception {
    try (HzJoinableQueue<Integer> q = (HzJoinableQueue<Integer>) member.<Integer>joinableQueue()) {
      for (int i = 0; i < 5; i++) {
        q.put(i);
      }
      assertEquals(5, q.unfinishedTasks());
      JoinableMpQueue<Integer> onClient = HzJoinableQueue.attach(client.hazelcast(), q.name(), 0);
      var lastOne = new CountDownLatch(1);
      var got = new CountDownLatch(5);
      var consumer =
          inThread(
              () -> {
                List<Integer> items = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                  items.add(onClient.get(Duration.ofSeconds(30)));
                  got.countDown();
                  if (i < 4) {
                    onClient.taskDone();
                  }
                }
                assertTrue(lastOne.await(60, TimeUnit.SECONDS));
                onClient.taskDone();
                return items;
              });
      var joined =
          inThread(
              () -> {
                q.join();
                return true;
              });
      assertTrue(got.await(30, TimeUnit.SECONDS));
      assertTrue(q.empty());
      Thread.sleep(300);
      assertFalse(joined.isDone(), "join waits while a task is unfinished");
      long start = System.nanoTime();
      lastOne.countDown();
      assertEquals(List.of(0, 1, 2, 3, 4), within(consumer, WOKEN_SECONDS));
      assertTrue(within(joined, WOKEN_SECONDS));
      assertTrue(
          System.nanoTime() - start < TimeUnit.SECONDS.toNanos(WOKEN_SECONDS),
          "woken by the listener, not by the 30 s re-read");
      onClient.join(); // nothing unfinished: returns at once
      var e = assertThrows(IllegalStateException.class, q::taskDone);
      assertEquals("taskDone() called too many times: no unfinished task", e.getMessage());
    }
  }

  @Test
  void aPutThatFailsIsNotCountedAndCloseDestroysQueueAndCount() throws Exception {
    HzJoinableQueue<Object> q = (HzJoinableQueue<Object>) client.joinableQueue(1);
    q.put("a");
    assertThrows(QueueFullException.class, () -> q.putNow("b"));
    assertThrows(QueueFullException.class, () -> q.put("b", Duration.ofMillis(100)));
    assertFalse(q.offer("b"));
    assertThrows(IllegalArgumentException.class, () -> q.put(new Thread()));
    assertEquals(1, q.unfinishedTasks(), "only the item that went in counts");
    assertEquals("a", q.get());
    q.taskDone();
    q.join();
    assertTrue(exists(q.name()));
    assertTrue(exists(q.name() + "-tasks"));
    q.close();
    assertFalse(exists(q.name()) || exists(q.name() + "-tasks"), "close destroys both");
    assertThrows(IllegalStateException.class, q::taskDone);
    assertThrows(IllegalStateException.class, () -> q.put("c"));
    q.close();
    assertThrows(IllegalArgumentException.class, () -> client.joinableQueue(-1));
  }

  @Test
  void aSimpleQueueCarriesNullFromTheMemberToTheClient() throws Exception {
    HzSimpleQueue<Object> q = (HzSimpleQueue<Object>) member.simpleQueue();
    SimpleMpQueue<Object> onClient = HzSimpleQueue.attach(client.hazelcast(), q.name());
    assertTrue(onClient.empty());
    q.put(null);
    q.put("x");
    assertFalse(onClient.empty());
    assertNull(onClient.get());
    assertEquals("x", onClient.get());
    var waiting = inThread(onClient::get);
    q.put("later");
    assertEquals("later", within(waiting, WOKEN_SECONDS));
    var bad = assertThrows(IllegalArgumentException.class, () -> q.put(new Thread()));
    assertTrue(bad.getMessage().startsWith("cannot put the object"), bad.getMessage());
    assertTrue(exists(q.name()));
    q.close();
    assertFalse(exists(q.name()));
    assertThrows(IllegalStateException.class, q::empty);
    q.close();
  }
}
