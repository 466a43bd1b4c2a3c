package dev.multiproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.MpSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cluster objects passed to other JVMs: into pool tasks, which run in a member's worker JVMs,
 * and into a child process of this machine. Each receiving JVM attaches through a client of its
 * own, so what it does is seen here at once.
 */
@Timeout(180)
class ClusterPassingTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static TestCluster cluster;
  private static Pool pool;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.start(ClusterPassingTest.class, 2);
    pool = cluster.client.pool(2);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (pool != null) {
      pool.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void queue_filledByPoolTasks_isReadHere() throws Exception {
    try (MpQueue<String> q = cluster.client.queue()) {
      List<AsyncResult<Long>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int n = i;
        runs.add(pool.applyAsync(() -> ClusterTestTasks.putTagged(q, "item-" + n)));
      }
      Set<Long> workers = new HashSet<>();
      for (AsyncResult<Long> r : runs) {
        workers.add(r.get(WAIT));
      }
      Set<String> got = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        got.add(q.get(WAIT));
      }
      assertEquals(Set.of("item-0", "item-1", "item-2", "item-3"), got);
      assertFalse(workers.contains(ProcessHandle.current().pid()), "ran in this JVM: " + workers);
      assertTrue(q.empty());
    }
  }

  @Test
  void queue_closedByATaskCopy_staysForItsOwner() throws Exception {
    try (MpQueue<String> q = cluster.client.queue()) {
      q.put("before");
      assertEquals(1, pool.apply(() -> ClusterTestTasks.closeCopy(q)));
      q.put("after");
      assertEquals("before", q.get(WAIT));
      assertEquals("after", q.get(WAIT));
    }
  }

  @Test
  void event_setHere_wakesTasksWaitingInWorkers() throws Exception {
    try (Event ready = cluster.client.event();
        Event go = cluster.client.event();
        MpSemaphore arrived = cluster.client.semaphore(0)) {
      List<AsyncResult<Boolean>> waiting = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        waiting.add(pool.applyAsync(() -> ClusterTestTasks.arriveThenWait(arrived, go)));
      }
      // both tasks are inside their workers, attached and waiting, before the event is set
      assertTrue(arrived.acquire(WAIT));
      assertTrue(arrived.acquire(WAIT));
      assertFalse(waiting.get(0).ready());
      go.set();
      for (AsyncResult<Boolean> w : waiting) {
        assertTrue(w.get(WAIT));
      }
      assertFalse(ready.isSet());
    }
  }

  @Test
  void lock_heldHere_isSeenAsHeldByATask() throws Exception {
    try (MpLock lock = cluster.client.lock()) {
      lock.lock();
      try {
        assertFalse(pool.apply(() -> ClusterTestTasks.tryLockAndRelease(lock)));
      } finally {
        lock.unlock();
      }
      assertTrue(pool.apply(() -> ClusterTestTasks.tryLockAndRelease(lock)));
      assertTrue(lock.tryLock()); // the task released it
      lock.unlock();
    }
  }

  @Test
  void queue_sentToALocalChildProcess_carriesItsItems() throws Exception {
    try (MpQueue<Integer> q = cluster.client.queue()) {
      ChildProcess child =
          Multiprocessing.local().process(ClusterTestTasks::putRange, q, 5).start();
      List<Integer> got = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        got.add(q.get(WAIT));
      }
      assertEquals(List.of(0, 1, 2, 3, 4), got);
      assertTrue(child.join(WAIT));
      assertEquals(OptionalInt.of(0), child.exitCode());
      child.close();
    }
  }

  @Test
  void process_onAMember_exitCodeOfSystemExit_andNoLocalPid() throws Exception {
    ChildProcess exits = cluster.client.process(ClusterTestTasks::exitProcess, 3).start();
    assertTrue(exits.join(WAIT));
    assertEquals(OptionalInt.of(3), exits.exitCode());
    assertTrue(exits.pid().isEmpty(), "a member's worker has no pid here");
    exits.close();
    var refused =
        assertThrows(
            UnsupportedOperationException.class,
            () ->
                cluster
                    .client
                    .process(ClusterTestTasks::exitProcess, 0)
                    .jvm(dev.multiproc.process.JvmOptions.defaults().withMaxHeap("64m"))
                    .start());
    assertTrue(
        refused.getMessage().startsWith("a process's JVM options are not on the cluster"),
        refused.getMessage());
  }
}
