package dev.multiproc.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.ipc.AuthenticationException;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.sync.MpLock;
import dev.multiproc.testing.NoLeaksExtension;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Managers and their proxies across real child JVMs. */
@ExtendWith(NoLeaksExtension.class)
class ManagerTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final Context ctx = Multiprocessing.local();

  /** Seed 001 §5.4's worker: writes to the shared dict and list. */
  static void workerWithManager(Map<Integer, String> dict, List<String> list) {
    int id = (int) Multiprocessing.currentProcess().pid() % 1000;
    dict.put(id, "worker " + id);
    list.add("from " + Multiprocessing.currentProcess().name());
  }

  static void appendToNested(Map<String, List<Integer>> dict, Integer x) {
    dict.get("numbers").add(x);
  }

  static void putThree(MpQueue<Integer> queue) {
    try {
      for (int i = 1; i <= 3; i++) {
        queue.put(i * 10);
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static void addUnderLock(MpLock lock, Map<String, Integer> dict) {
    for (int i = 0; i < 50; i++) {
      try (var _ = lock.hold()) {
        dict.put("n", dict.get("n") + 1);
      }
    }
  }

  /** A type registered with a manager. */
  public interface Counter {
    /**
     * Adds one.
     *
     * @return the count after
     */
    int increment();

    /**
     * Returns the count.
     *
     * @return the count
     */
    int value();
  }

  /** The manager-side counter. */
  static final class CounterImpl implements Counter, Serializable {
    private int count;

    CounterImpl(int start) {
      count = start;
    }

    @Override
    public synchronized int increment() {
      return ++count;
    }

    @Override
    public synchronized int value() {
      return count;
    }
  }

  static void countTo(Counter counter, Integer times) {
    for (int i = 0; i < times; i++) {
      counter.increment();
    }
  }

  private static void runAll(ChildProcess... children) throws InterruptedException {
    for (ChildProcess c : children) {
      c.start();
    }
    for (ChildProcess c : children) {
      assertTrue(c.join(WAIT), "child did not finish");
      assertEquals(OptionalInt.of(0), c.exitCode());
    }
  }

  @Test
  void dictAndList_writtenByChildren_areSeenByTheParent() throws Exception {
    try (Manager m = ctx.manager()) {
      Map<Integer, String> dict = m.dict();
      List<String> list = m.list();
      runAll(
          ctx.process(ManagerTest::workerWithManager, dict, list),
          ctx.process(ManagerTest::workerWithManager, dict, list));
      assertEquals(2, dict.size());
      assertEquals(2, list.size());
      assertTrue(dict.values().stream().allMatch(v -> v.startsWith("worker ")), dict.toString());
      Set<Integer> keys = dict.keySet(); // a copy, as Python's keys()
      assertEquals(2, keys.size());
      Iterator<String> it = list.iterator();
      assertTrue(it.next().startsWith("from Process-"));
      assertEquals(new ArrayList<>(list), List.copyOf(list));
      assertEquals(list, list, "a proxy equals itself");
      assertTrue(dict.toString().contains("worker"), dict.toString());
    }
  }

  @Test
  void aListInsideADict_isUpdatedThroughTheNestedProxy() throws Exception {
    try (Manager m = ctx.manager()) {
      Map<String, List<Integer>> dict = m.dict();
      dict.put("numbers", m.list());
      runAll(
          ctx.process(ManagerTest::appendToNested, dict, 1),
          ctx.process(ManagerTest::appendToNested, dict, 2));
      List<Integer> numbers = new ArrayList<>(dict.get("numbers"));
      numbers.sort(null);
      assertEquals(List.of(1, 2), numbers);
    }
  }

  @Test
  void namespaceValueQueueAndLock_work_acrossProcesses() throws Exception {
    try (Manager m = ctx.manager()) {
      Namespace ns = m.namespace();
      ns.set("x", 1);
      ns.set("label", "hello");
      assertEquals(1, (int) ns.get("x"));
      assertEquals(Map.of("x", 1, "label", "hello"), ns.asMap());
      var missing = assertThrows(NoSuchElementException.class, () -> ns.get("y"));
      assertTrue(missing.getMessage().contains("'y'"), missing.getMessage());
      assertTrue(ns.delete("x"));
      assertFalse(ns.find("x").isPresent());

      List<Double> array = m.array(List.of(1.0, 2.0));
      array.set(1, 5.0);
      assertEquals(List.of(1.0, 5.0), List.copyOf(array));
      assertThrows(UnsupportedOperationException.class, () -> array.add(3.0));

      ManagedValue<String> v = m.value("a");
      v.set("b");
      assertEquals("b", v.get());

      MpQueue<Integer> q = m.queue();
      runAll(ctx.process(ManagerTest::putThree, q));
      assertEquals(List.of(10, 20, 30), List.of(q.get(), q.get(), q.get()));
      assertThrows(dev.multiproc.ipc.QueueEmptyException.class, q::getNow);

      MpLock lock = m.lock();
      Map<String, Integer> dict = m.dict();
      dict.put("n", 0);
      runAll(
          ctx.process(ManagerTest::addUnderLock, lock, dict),
          ctx.process(ManagerTest::addUnderLock, lock, dict));
      assertEquals(100, dict.get("n"));
    }
  }

  @Test
  void registeredType_isMadeInTheManager_andSharedByProxies() throws Exception {
    var options =
        ManagerOptions.defaults()
            .register("Counter", Counter.class, args -> new CounterImpl((Integer) args[0]));
    try (Manager m = ctx.manager(options)) {
      Counter counter = m.create("Counter", Counter.class, 5);
      runAll(
          ctx.process(ManagerTest::countTo, counter, 100),
          ctx.process(ManagerTest::countTo, counter, 100));
      assertEquals(205, counter.value());
      var unknown = assertThrows(ManagerException.class, () -> m.create("Nope", Counter.class));
      assertTrue(unknown.getMessage().contains("'Nope'"), unknown.getMessage());
    }
  }

  @Test
  void remoteManager_servesByTcpWithAKey_andRefusesAWrongOne() {
    byte[] key = "the right key".getBytes(StandardCharsets.UTF_8);
    try (Manager server =
        Managers.serve(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            key,
            ManagerOptions.defaults())) {
      var address = server.address();
      try (Manager client = Managers.connect(address, key)) {
        Map<String, String> d = client.dict();
        d.put("k", "v");
        assertEquals("v", d.get("k"));
      }
      var refused =
          assertThrows(
              AuthenticationException.class,
              () -> Managers.connect(address, "a wrong key".getBytes(StandardCharsets.UTF_8)));
      assertTrue(refused.getMessage() != null && !refused.getMessage().isEmpty());
    }
  }

  @Test
  void afterShutdown_orDeath_everyProxyCallFailsClearly_neverHangs() throws Exception {
    Manager m = ctx.manager();
    Map<String, Integer> dict = m.dict();
    dict.put("a", 1);
    m.close();
    var gone = assertThrows(ManagerException.class, () -> dict.get("a"));
    assertTrue(gone.getMessage().contains("is gone"), gone.getMessage());
    assertThrows(ManagerException.class, m::dict);

    Manager doomed = ctx.manager();
    List<Integer> list = doomed.list();
    list.add(1);
    long serverPid =
        Multiprocessing.activeChildren().stream()
            .filter(c -> c.name().equals("Manager"))
            .findFirst()
            .orElseThrow()
            .pid()
            .orElseThrow();
    ProcessHandle.of(serverPid).orElseThrow().destroyForcibly();
    ProcessHandle.of(serverPid).ifPresent(h -> h.onExit().join());
    var dead = assertThrows(ManagerException.class, () -> list.add(2));
    assertTrue(dead.getMessage().contains("is gone"), dead.getMessage());
    doomed.close();
  }

  static void writeSeven(dev.multiproc.shared.SharedMemory shm) {
    shm.segment().set(java.lang.foreign.ValueLayout.JAVA_INT, 0, 7);
  }

  @Test
  void sharedMemoryManager_unlinksWhatItMade_whenItCloses() throws Exception {
    List<String> names;
    try (var smm = new SharedMemoryManager()) {
      var shm = smm.sharedMemory(64);
      var list = smm.shareableList(List.of(1, "two"));
      runAll(ctx.process(ManagerTest::writeSeven, shm));
      assertEquals(7, shm.segment().get(java.lang.foreign.ValueLayout.JAVA_INT, 0));
      assertEquals("two", list.get(1));
      names = smm.names();
      assertEquals(2, names.size());
      for (String n : names) {
        assertTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/dev/shm", n)), n);
      }
    }
    for (String n : names) {
      assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/dev/shm", n)), n);
    }
  }
}
